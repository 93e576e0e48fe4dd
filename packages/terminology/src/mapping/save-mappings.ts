import type { ConceptMap, ConceptMapGroup, ConceptMapGroupElement, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { badRequest, FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import { findConcept } from '../concepts/concept-queries.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { currentConceptMap, groupFor, mappingUrl } from './concept-map.ts';
import { dictionaryAndStandard } from './standards.ts';
import type { MappingChange, SaveMappingsRequest } from '../contracts/mapping.ts';

export type { MappingChange, SaveMappingsRequest } from '../contracts/mapping.ts';

const EQUIVALENCES = new Set(['relatedto', 'equivalent', 'equal', 'wider', 'subsumes', 'narrower', 'specializes', 'inexact', 'unmatched', 'disjoint']);
const NO_TARGET = new Set(['unmatched', 'disjoint']);
export const MAX_CHANGES = 5000;

/**
 * Saves mapping decisions as a new version of the dictionary's ConceptMap (business version +1; the store keeps
 * every earlier version in its history, nothing stored is rewritten). Every change is checked first — codes
 * must exist in the dictionary and the standard — and a single bad one rejects the whole save. Concurrent
 * saves are serialised by If-Match on the map's store version (412 for the loser, who reloads).
 */
export async function saveMappings(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, body: SaveMappingsRequest): Promise<ConceptMap> {
  const { dictionary, standard } = await dictionaryAndStandard(resolver, request, body.dictionary, body.target);
  if (!Array.isArray(body.mappings) || body.mappings.length === 0) throw badRequest('"mappings" must list at least one change', 'mappings');
  if (body.mappings.length > MAX_CHANGES) throw badRequest(`At most ${MAX_CHANGES} changes per save`, 'mappings');
  const resolved = await checkChanges(ctx, dictionary, standard, body.mappings);

  const current = await currentConceptMap(ctx, request, dictionary.url);
  const groups = (current?.group ?? []).filter((g) => g !== groupFor(current, dictionary, standard));
  const elements = new Map((groupFor(current, dictionary, standard)?.element ?? []).map((e) => [e.code!, e]));
  for (const change of resolved) {
    if (change.remove) elements.delete(change.code);
    else elements.set(change.code, change.element);
  }
  const group: ConceptMapGroup = {
    source: dictionary.url,
    ...(dictionary.version ? { sourceVersion: dictionary.version } : {}),
    target: standard.url,
    ...(standard.version ? { targetVersion: standard.version } : {}),
    element: [...elements.values()],
  };
  const next: ConceptMap = {
    resourceType: 'ConceptMap',
    ...(current?.id ? { id: current.id } : {}),
    url: mappingUrl(dictionary.url),
    version: String(Number(current?.version ?? 0) + 1),
    name: `Mapping_${dictionary.name ?? 'dictionary'}`.replace(/[^A-Za-z0-9_]/g, '_'),
    title: `${dictionary.title ?? dictionary.url} → ${standard.title ?? standard.url}`,
    status: 'active',
    date: new Date().toISOString(),
    sourceUri: `${dictionary.url}?fhir_vs`,
    targetUri: `${standard.url}?fhir_vs`,
    group: [...groups, group],
  };
  const written = current
    ? await ctx.store.update(request, next, { ifMatch: current.meta?.versionId })
    : await ctx.store.create(request, next, { institution: dictionary.institution, ifNoneExist: new URLSearchParams({ url: next.url! }).toString() });
  if (written.outcome === 'existing') throw new FhirError(412, 'Another save created this mapping first; reload and save again', 'conflict');
  await ctx.audit.record({
    action: 'mapping',
    principal: request.principal,
    sourceIp: request.sourceIp,
    institution: dictionary.institution,
    resourceType: 'ConceptMap',
    resourceId: written.resource.id,
    detail: `${resolved.length} change(s) ${dictionary.url}|${dictionary.version ?? ''} → ${standard.url}|${standard.version ?? ''}, map version ${next.version}`,
  });
  return written.resource as ConceptMap;
}

type Resolved = { code: string; remove: true } | { code: string; remove: false; element: ConceptMapGroupElement };

/** Validates every change against both code systems; all problems in one 400. */
async function checkChanges(ctx: ModuleContext, dictionary: IndexedCodeSystem, standard: IndexedCodeSystem, changes: MappingChange[]): Promise<Resolved[]> {
  const issues: OperationOutcomeIssue[] = [];
  const out: Resolved[] = [];
  const problem = (i: number, field: string, text: string) => issues.push({ severity: 'error', code: 'invalid', details: { text: `mappings[${i}]: ${text}` }, expression: [`mappings[${i}].${field}`] });
  const seen = new Set<string>();
  for (const [i, change] of changes.entries()) {
    if (!change || typeof change.code !== 'string' || change.code === '') {
      problem(i, 'code', 'code is required');
      continue;
    }
    if (seen.has(change.code)) problem(i, 'code', `code "${change.code}" is changed twice in one save`);
    seen.add(change.code);
    const source = await findConcept(ctx.db, dictionary, change.code);
    if (!source) problem(i, 'code', `"${change.code}" is not in dictionary ${dictionary.url}|${dictionary.version ?? ''}`);
    const { target, equivalence } = change;
    if (equivalence !== undefined && !EQUIVALENCES.has(equivalence)) problem(i, 'equivalence', `"${equivalence}" is not a ConceptMap equivalence (${[...EQUIVALENCES].join(', ')})`);
    if (target === null && equivalence === undefined) {
      out.push({ code: change.code, remove: true });
      continue;
    }
    const eq = equivalence ?? (target ? 'equivalent' : 'unmatched');
    if (target && NO_TARGET.has(eq)) problem(i, 'equivalence', `"${eq}" means there is no target, yet target "${target}" is given`);
    if (!target && !NO_TARGET.has(eq)) problem(i, 'target', `equivalence "${eq}" needs a target code`);
    const targetConcept = target ? await findConcept(ctx.db, standard, target) : undefined;
    if (target && !targetConcept) problem(i, 'target', `"${target}" is not in standard ${standard.url}|${standard.version ?? ''}`);
    if (!source || issues.length) continue;
    out.push({
      code: change.code,
      remove: false,
      element: {
        code: source.code,
        ...(source.display ? { display: source.display } : {}),
        target: [
          {
            ...(targetConcept ? { code: targetConcept.code, ...(targetConcept.display ? { display: targetConcept.display } : {}) } : {}),
            equivalence: eq as 'equivalent',
            ...(change.comment ? { comment: String(change.comment).slice(0, 1000) } : {}),
          },
        ],
      },
    });
  }
  if (issues.length) throw new FhirError(400, issues);
  return out;
}
