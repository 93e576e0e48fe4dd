import type { CodeSystem, CodeSystemConcept, CodeSystemConceptDesignation, CodeSystemConceptProperty } from '@medplum/fhirtypes';
import { pinyinOf, searchForm } from './normalize.ts';

/** One concept of a CodeSystem as the index stores it. */
export interface ConceptRow {
  /** Position in document order (nested concepts follow their parent). */
  ordinal: number;
  code: string;
  display?: string;
  definition?: string;
  codeNorm: string;
  displayNorm: string;
  pinyinInitials: string;
  pinyinFull: string;
  /** Direct parents: the enclosing concept and/or `parent` properties. */
  parents: string[];
  /** Every ancestor (transitive parents), nearest first. */
  ancestors: string[];
  /** Other properties as strings per property code (codes, strings, numbers, booleans, Coding codes). */
  properties: Record<string, string[]>;
  designations?: CodeSystemConceptDesignation[];
  inactive: boolean;
}

/** Properties that define the hierarchy (FHIR concept-properties) rather than describe the concept. */
const HIERARCHY = new Set(['parent', 'child']);

/** The string form of a concept property value (the filter and $lookup form). */
export function propertyValue(p: CodeSystemConceptProperty): string | undefined {
  if (p.valueCode !== undefined) return p.valueCode;
  if (p.valueString !== undefined) return p.valueString;
  if (p.valueCoding !== undefined) return p.valueCoding.code;
  if (p.valueInteger !== undefined) return String(p.valueInteger);
  if (p.valueDecimal !== undefined) return String(p.valueDecimal);
  if (p.valueBoolean !== undefined) return String(p.valueBoolean);
  if (p.valueDateTime !== undefined) return p.valueDateTime;
  return undefined;
}

function isInactive(properties: Record<string, string[]>): boolean {
  return properties.inactive?.includes('true') || properties.status?.some((s) => s === 'retired' || s === 'inactive') || properties.deprecated?.includes('true') || false;
}

/**
 * Flattens a CodeSystem into index rows: nesting and `parent`/`child` properties both make the hierarchy;
 * ancestors are computed over that graph (a cycle stops the walk instead of looping).
 */
export function flattenCodeSystem(cs: CodeSystem): ConceptRow[] {
  const rows: ConceptRow[] = [];
  const parentsOf = new Map<string, Set<string>>();
  const addParent = (child: string, parent: string) => {
    if (child === parent) return;
    const set = parentsOf.get(child) ?? new Set<string>();
    set.add(parent);
    parentsOf.set(child, set);
  };
  const walk = (concepts: CodeSystemConcept[] | undefined, parent: string | undefined) => {
    for (const concept of concepts ?? []) {
      if (!concept.code) continue;
      if (parent) addParent(concept.code, parent);
      const properties: Record<string, string[]> = {};
      for (const p of concept.property ?? []) {
        const value = propertyValue(p);
        if (value === undefined || !p.code) continue;
        if (p.code === 'parent') addParent(concept.code, value);
        else if (p.code === 'child') addParent(value, concept.code);
        if (!HIERARCHY.has(p.code)) (properties[p.code] ??= []).push(value);
      }
      const display = concept.display;
      const pinyin = display ? pinyinOf(display) : { initials: '', full: '' };
      rows.push({
        ordinal: rows.length,
        code: concept.code,
        display,
        definition: concept.definition,
        codeNorm: searchForm(concept.code),
        displayNorm: display ? searchForm(display) : '',
        pinyinInitials: pinyin.initials,
        pinyinFull: pinyin.full,
        parents: [],
        ancestors: [],
        properties,
        designations: concept.designation?.length ? concept.designation : undefined,
        inactive: isInactive(properties),
      });
      walk(concept.concept, concept.code);
    }
  };
  walk(cs.concept, undefined);
  const known = new Set(rows.map((r) => r.code));
  for (const row of rows) {
    row.parents = [...(parentsOf.get(row.code) ?? [])].filter((p) => known.has(p));
    row.ancestors = ancestorsOf(row.code, parentsOf, known);
  }
  return rows;
}

function ancestorsOf(code: string, parentsOf: Map<string, Set<string>>, known: Set<string>): string[] {
  const seen = new Set<string>([code]);
  const out: string[] = [];
  let frontier = [code];
  while (frontier.length) {
    const next: string[] = [];
    for (const c of frontier) {
      for (const p of parentsOf.get(c) ?? []) {
        if (seen.has(p) || !known.has(p)) continue;
        seen.add(p);
        out.push(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return out;
}
