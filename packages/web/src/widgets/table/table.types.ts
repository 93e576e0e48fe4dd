import type { ReactNode } from 'react';

/** The least a FHIR resource has; pages pass their own richer types. */
export interface Resource {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string };
}

export interface ResourceColumn<T> {
  key: string;
  title: string;
  render?: (r: T) => ReactNode;
  /** FHIRPath: the Excel export's column, the printout's cell, and the cell text when there is no `render`. */
  expression?: string;
  /** FHIR search parameter to sort by (`_sort=<param>` / `-<param>`); omitted → not sortable. */
  sortParam?: string;
  width?: number;
  defaultHidden?: boolean;
  align?: 'left' | 'right' | 'center';
}

export type FilterKind = 'text' | 'token' | 'date' | 'select';

export interface FilterField {
  /** FHIR search parameter, e.g. 'name', 'identifier', 'birthdate'. */
  param: string;
  label: string;
  kind: FilterKind;
  options?: { value: string; label: string }[];
}

/** A filter's value: text, or a date range as two 'YYYY-MM-DD' bounds (either may be empty). */
export type FilterValue = string | [string, string];

export type Density = 'large' | 'middle' | 'small';
export const DENSITIES: readonly Density[] = ['large', 'middle', 'small'];

export interface SortState {
  param: string;
  descending: boolean;
}
