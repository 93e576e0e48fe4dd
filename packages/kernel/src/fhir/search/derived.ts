import { indexSearchParameter, type TypedValue } from '@medplum/core';
import type { Resource, SearchParameter } from '@medplum/fhirtypes';
import { PHONETIC_PARAMETERS, PINYIN_BIRTH_YEAR_PARAMETER, PINYIN_PARAMETERS } from './pinyin.ts';

/**
 * Kernel-derived search parameters: parameters whose values are computed in code when a resource is
 * stored, because FHIRPath cannot express them (the pinyin of a Chinese name). They are registered in
 * @medplum/core's index like any definition, so parsing, search, sorting and the CapabilityStatement
 * treat them as ordinary parameters of their kind; only extraction differs — `values` replaces the
 * FHIRPath expression, which merely documents the source elements and is never evaluated.
 *
 * Adding one: append it to DERIVED_PARAMETERS, and add a migration that reindexes stored resources of
 * its types (see derived-reindex.ts), since rows are only written when a resource is stored.
 */
export interface DerivedSearchParameter {
  /** A SearchParameter with `code`, `base`, `type` (an indexed kind, e.g. string), `expression` and `description`. */
  definition: SearchParameter & { code: string; type: NonNullable<SearchParameter['type']>; base: string[] };
  /** The parameter's values for one resource of a base type. */
  values(resource: Resource): TypedValue[];
  /** A search value as the index holds it, when the index transforms values (e.g. Chinese to pinyin); default as given. */
  queryValue?(value: string): string;
}

export const DERIVED_PARAMETERS: readonly DerivedSearchParameter[] = [...PINYIN_PARAMETERS, ...PHONETIC_PARAMETERS, PINYIN_BIRTH_YEAR_PARAMETER];

const byType = new Map<string, DerivedSearchParameter[]>();
const definitions = new Set<SearchParameter>();
const byDefinition = new Map<SearchParameter, DerivedSearchParameter>();
for (const param of DERIVED_PARAMETERS) {
  definitions.add(param.definition);
  byDefinition.set(param.definition, param);
  for (const base of param.definition.base) byType.set(base, [...(byType.get(base) ?? []), param]);
}

/** Adds the derived parameters to @medplum/core's search-parameter index (after the base R4 set is loaded). */
export function registerDerivedSearchParameters(): void {
  for (const param of DERIVED_PARAMETERS) indexSearchParameter(param.definition);
}

export function isDerivedSearchParameter(sp: SearchParameter): boolean {
  return definitions.has(sp);
}

/** The search values as the index holds them (derived parameters may transform values, see `queryValue`). */
export function indexedQueryValues(sp: SearchParameter, values: string[]): string[] {
  const transform = byDefinition.get(sp)?.queryValue;
  return transform ? values.map(transform) : values;
}

/** The derived parameters of a resource type. */
export function derivedParameters(resourceType: string): readonly DerivedSearchParameter[] {
  return byType.get(resourceType) ?? [];
}
