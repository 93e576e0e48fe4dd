import type { CodeSystem, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { isDictionaryKind } from '../seed/dictionary-kinds.ts';
import { SYSTEM } from '../urls.ts';

/**
 * Write rules for CodeSystems, however they arrive (FHIR REST, Bundles, imports): an institution dictionary —
 * tagged with a dictionary kind — names a known kind, has a url and lists all its codes (content `complete`).
 * (Unique codes, invariant csd-1, are already enforced by the structural validation.)
 */
export function codeSystemRules(resource: Resource): OperationOutcomeIssue[] {
  const cs = resource as CodeSystem;
  const issues: OperationOutcomeIssue[] = [];
  const error = (text: string, expression: string) => issues.push({ severity: 'error', code: 'invariant', details: { text }, expression: [expression] });
  const kinds = (cs.meta?.tag ?? []).filter((t) => t.system === SYSTEM.dictionaryKind);
  for (const [i, tag] of kinds.entries()) {
    if (!tag.code || !isDictionaryKind(tag.code)) error(`Unknown dictionary kind "${tag.code ?? ''}"`, `CodeSystem.meta.tag[${i}]`);
  }
  if (kinds.length > 1) error('A dictionary has one kind', 'CodeSystem.meta.tag');
  if (kinds.length) {
    if (!cs.url) error('A dictionary needs a canonical url', 'CodeSystem.url');
    if (cs.content !== 'complete') error('A dictionary lists all its codes: content must be "complete"', 'CodeSystem.content');
  }
  return issues;
}
