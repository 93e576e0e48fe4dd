import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isKnownResourceType } from './definitions.ts';
import { validationIssue } from './issues.ts';

/**
 * Finds every `resourceType` below `path` (contained, Bundle entries, Parameters, ...) that is not a standard R4
 * type. Runs before schema validation: neither @medplum/core nor our walk can descend into a type without a
 * StructureDefinition, and Medplum's own types (Project, User, ...) must never be stored.
 */
export function unknownResourceTypes(value: unknown, path: string): OperationOutcomeIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownResourceTypes(item, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    // @medplum/core looks elements up with `in`, so inherited names (constructor, toString…) would pass as elements.
    if (key in Object.prototype) return [validationIssue('structure', `Invalid property "${key}"`, `${path}.${key}`)];
    if (key !== 'resourceType') return unknownResourceTypes(child, `${path}.${key}`);
    return isKnownResourceType(child)
      ? []
      : [validationIssue('invalid', `Unknown resource type "${String(child)}"`, `${path}.resourceType`)];
  });
}
