import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { isKnownResourceType, loadFhirDefinitions } from './definitions.ts';
import { validationIssue } from './issues.ts';
import { medplumIssues } from './medplum.ts';
import { unknownResourceTypes } from './resource-types.ts';
import { schemaIssues } from './schema-checks.ts';

/**
 * Validates a resource before it is written. Returns the error issues; an empty array means valid.
 * Structural checks come from @medplum/core; required bindings, reference targets and id syntax are ours.
 */
export function validateFhirResource(resource: unknown): OperationOutcomeIssue[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return [validationIssue('structure', 'A resource must be a JSON object')];
  }
  const { resourceType } = resource as { resourceType?: unknown };
  if (!isKnownResourceType(resourceType)) {
    const text =
      resourceType === undefined ? 'Missing resourceType' : `Unknown resource type "${String(resourceType)}"`;
    return [validationIssue('invalid', text, 'resourceType')];
  }
  const nestedTypeIssues = unknownResourceTypes(resource, resourceType);
  if (nestedTypeIssues.length > 0) return nestedTypeIssues;
  loadFhirDefinitions();
  const issues = medplumIssues(resource as Resource);
  try {
    issues.push(...schemaIssues(resource as Resource));
  } catch (err) {
    // A structurally broken tree can trip the schema walk; the structural issues already explain the rejection.
    if (issues.length === 0) throw err;
  }
  return issues;
}
