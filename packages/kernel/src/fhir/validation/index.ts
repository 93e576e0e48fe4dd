export { isKnownResourceType, loadFhirDefinitions, RESOURCE_TYPES } from './definitions.ts';
export type { ValidationIssueCode } from './issues.ts';
export { validateFhirResource } from './validate.ts';
export { expandValueSet, terminologyIndexBuildCount, type Expansion } from './valuesets.ts';
