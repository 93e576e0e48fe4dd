import { evalFhirPathTyped, getSearchParameterDetails, getSearchParameters, toTypedValue, type TypedValue } from '@medplum/core';
import type { Resource, SearchParameter } from '@medplum/fhirtypes';
import { addCompositeRows } from './composite.ts';
import { derivedParameters, isDerivedSearchParameter } from './derived.ts';
import { addPositionRows } from './special.ts';
import { parseFhirDateRange } from './date-range.ts';
import { normalizeString } from './normalize.ts';
import { hasHan } from './pinyin.ts';

/** Search-index rows for one resource, grouped by value kind (one SQL table each). */
export interface IndexRows {
  // `grp` > 0 ties together the components of one composite-parameter value (see composite.ts).
  string: { param: string; norm: string; exact: string; grp?: number }[];
  token: { param: string; system: string | null; code: string | null; textNorm: string | null; grp?: number }[];
  date: { param: string; lo: Date; hi: Date; grp?: number }[];
  number: { param: string; lo: number; hi: number; grp?: number }[];
  quantity: { param: string; system: string | null; code: string | null; unit: string | null; lo: number; hi: number; grp?: number }[];
  reference: { param: string; targetType: string | null; targetId: string | null; ref: string; grp?: number }[];
  uri: { param: string; uri: string; grp?: number }[];
}

export const emptyIndexRows = (): IndexRows => ({ string: [], token: [], date: [], number: [], quantity: [], reference: [], uri: [] });

/** Parameters answered from columns of fhir_resource, or not indexable as values. */
const COLUMN_PARAMS = new Set(['_id', '_lastUpdated', '_text', '_content', '_query', '_list', '_has', '_filter']);

/** The search parameters of a type that are stored in index tables (composite and special ones excluded). */
export function indexedSearchParameters(resourceType: string): SearchParameter[] {
  const params = getSearchParameters(resourceType) ?? {};
  return Object.values(params).filter(
    (p) => !COLUMN_PARAMS.has(p.code as string) && p.expression && p.type !== 'composite' && p.type !== 'special',
  );
}

interface PlannedParam {
  sp: SearchParameter;
  /** Top-level elements the expression reads for this type; null when we cannot tell (always evaluate). */
  roots: Set<string> | null;
}

const plans = new Map<string, PlannedParam[]>();

/**
 * For each parameter, the top-level elements its expression starts from (`Patient.name.given` → name),
 * so parameters whose elements are absent from a resource are skipped without running FHIRPath.
 * Most resources use a handful of their type's 30–60 parameters, so this halves the indexing cost.
 */
function planFor(resourceType: string): PlannedParam[] {
  let plan = plans.get(resourceType);
  if (!plan) {
    const rootPattern = new RegExp(`(?:^|[\\s|(])${resourceType}\\.([a-zA-Z]+)`, 'g');
    // Derived parameters are indexed from code (addDerivedRows), not from their documentary expression.
    plan = indexedSearchParameters(resourceType).filter((sp) => !isDerivedSearchParameter(sp)).map((sp) => {
      const expression = sp.expression as string;
      const roots = new Set([...expression.matchAll(rootPattern)].map((m) => m[1]));
      // Prune only when every union branch is a path from this type; anything else is always evaluated.
      const prunable = roots.size > 0 && expression.split('|').every((branch) => branch.includes(`${resourceType}.`));
      return { sp, roots: prunable ? roots : null };
    });
    plans.set(resourceType, plan);
  }
  return plan;
}

/** Whether the resource has any element the expression could start from (choice types: `value` matches valueQuantity…). */
function mayHaveValues(resource: Record<string, unknown>, roots: Set<string>, keys: string[]): boolean {
  for (const root of roots) {
    if (resource[root] !== undefined) return true;
    for (const key of keys) if (key.startsWith(root) && key.length > root.length && /[A-Z]/.test(key[root.length])) return true;
  }
  return false;
}

export function extractIndexRows(resource: Resource): IndexRows {
  const rows: IndexRows = { string: [], token: [], date: [], number: [], quantity: [], reference: [], uri: [] };
  const typed = [toTypedValue(resource)];
  const keys = Object.keys(resource);
  for (const { sp, roots } of planFor(resource.resourceType)) {
    if (roots && !mayHaveValues(resource as unknown as Record<string, unknown>, roots, keys)) continue;
    const details = getSearchParameterDetails(resource.resourceType, sp);
    let values: TypedValue[];
    try {
      values = evalFhirPathTyped(details.parsedExpression, typed);
    } catch {
      continue; // an expression that cannot evaluate on this instance yields no index values
    }
    const param = sp.code as string;
    for (const value of values) addValue(rows, sp.type as string, param, value);
  }
  addCompositeRows(resource, typed, rows);
  addPositionRows(resource, rows);
  addDerivedRows(resource, rows);
  return dedupe(rows);
}

/** Index rows of the kernel-derived parameters of the resource's type (see derived.ts). */
function addDerivedRows(resource: Resource, rows: IndexRows): void {
  for (const { definition, values } of derivedParameters(resource.resourceType)) {
    for (const value of values(resource)) addValue(rows, definition.type, definition.code, value);
  }
}

/** Converts one FHIRPath result into index rows of the parameter's kind. */
export function addValue(rows: IndexRows, kind: string, param: string, tv: TypedValue): void {
  const v = tv.value as unknown;
  if (v === undefined || v === null) return;
  switch (kind) {
    case 'string':
      for (const s of stringsOf(tv.type, v)) rows.string.push({ param, norm: normalizeString(s).slice(0, 2000), exact: s.slice(0, 2000) });
      return;
    case 'token':
      rows.token.push(...tokensOf(tv.type, v).map((t) => ({ param, ...t })));
      return;
    case 'date': {
      for (const range of datesOf(tv.type, v)) rows.date.push({ param, ...range });
      return;
    }
    case 'number':
      if (typeof v === 'number') rows.number.push({ param, lo: v, hi: v });
      else if (isObject(v) && typeof v.value === 'number') rows.number.push({ param, lo: v.value, hi: v.value });
      return;
    case 'quantity':
      rows.quantity.push(...quantitiesOf(tv.type, v).map((q) => ({ param, ...q })));
      return;
    case 'reference':
      for (const ref of referencesOf(tv.type, v)) rows.reference.push({ param, ...ref });
      return;
    case 'uri':
      if (typeof v === 'string') rows.uri.push({ param, uri: v });
      return;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Strings a value contributes; names and addresses also index their joined forms (张 + 三丰 → 张三丰). */
function stringsOf(type: string, v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!isObject(v)) return [];
  if (type === 'HumanName') {
    const given = Array.isArray(v.given) ? (v.given as string[]) : [];
    const family = str(v.family);
    const parts = [str(v.text), family, ...given, ...asStrings(v.prefix), ...asStrings(v.suffix)];
    if (family && given.length) {
      parts.push(`${family}${given.join('')}`);
      // Spaced orders serve Western names (John Smith / Smith John); a Chinese name is never typed with spaces.
      if (!hasHan(family + given.join(''))) parts.push(`${family} ${given.join(' ')}`, `${given.join(' ')} ${family}`);
    }
    return parts.filter((p): p is string => !!p);
  }
  if (type === 'Address') {
    const lines = asStrings(v.line);
    const ordered = [v.country, v.state, v.city, v.district, ...lines].map(str).filter((p): p is string => !!p);
    return [str(v.text), ...lines, str(v.city), str(v.district), str(v.state), str(v.postalCode), str(v.country), ordered.join('')].filter(
      (p): p is string => !!p,
    );
  }
  return Object.values(v).filter((x): x is string => typeof x === 'string');
}

function asStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

type TokenValue = { system: string | null; code: string | null; textNorm: string | null };

function tokensOf(type: string, v: unknown): TokenValue[] {
  const text = (s: unknown) => (typeof s === 'string' ? normalizeString(s) : null);
  if (typeof v === 'string') return [{ system: null, code: v, textNorm: null }];
  if (typeof v === 'boolean' || typeof v === 'number') return [{ system: null, code: String(v), textNorm: null }];
  if (!isObject(v)) return [];
  switch (type) {
    case 'CodeableConcept': {
      const codings = Array.isArray(v.coding) ? (v.coding as Record<string, unknown>[]) : [];
      const out = codings.map((c) => ({ system: str(c.system) ?? null, code: str(c.code) ?? null, textNorm: text(c.display) ?? text(v.text) }));
      if (str(v.text)) out.push({ system: null, code: null, textNorm: text(v.text) });
      return out;
    }
    case 'Identifier': {
      const typeText = isObject(v.type) ? text(v.type.text) : null;
      return [{ system: str(v.system) ?? null, code: str(v.value) ?? null, textNorm: typeText }];
    }
    case 'ContactPoint':
      return [{ system: str(v.system) ?? null, code: str(v.value) ?? null, textNorm: null }];
    default:
      // Coding and anything coding-shaped
      return [{ system: str(v.system) ?? null, code: str(v.code) ?? str(v.value) ?? null, textNorm: text(v.display) }];
  }
}

/**
 * Bounds standing in for the open side of a Period. They must fit PostgreSQL's timestamptz (4713 BC – 294276 AD)
 * and print as plain 4-digit ISO years: JS's own extremes (±8.64e15 ms) serialise as "+275760-…", which
 * PostgreSQL rejects, so no resource with an open-ended Period could be stored.
 */
export const OPEN_LO = new Date('0001-01-01T00:00:00.000Z');
export const OPEN_HI = new Date('9999-12-31T23:59:59.999Z');

function datesOf(type: string, v: unknown): { lo: Date; hi: Date }[] {
  if (typeof v === 'string') {
    const r = parseFhirDateRange(v);
    return r ? [r] : [];
  }
  if (!isObject(v)) return [];
  if (type === 'Period') {
    const start = str(v.start) ? parseFhirDateRange(v.start as string) : undefined;
    const end = str(v.end) ? parseFhirDateRange(v.end as string) : undefined;
    if (!start && !end) return [];
    return [{ lo: start?.lo ?? OPEN_LO, hi: end?.hi ?? OPEN_HI }];
  }
  if (type === 'Timing' && Array.isArray(v.event)) {
    return (v.event as string[]).flatMap((e) => datesOf('dateTime', e));
  }
  return [];
}

function quantitiesOf(type: string, v: unknown): Omit<IndexRows['quantity'][number], 'param'>[] {
  if (!isObject(v)) return [];
  if (type === 'Range') {
    const low = isObject(v.low) ? v.low : undefined;
    const high = isObject(v.high) ? v.high : undefined;
    const unitSource = low ?? high;
    if (!unitSource) return [];
    return [
      {
        system: str(unitSource.system) ?? null,
        code: str(unitSource.code) ?? null,
        unit: str(unitSource.unit) ?? null,
        lo: typeof low?.value === 'number' ? low.value : -Number.MAX_VALUE,
        hi: typeof high?.value === 'number' ? high.value : Number.MAX_VALUE,
      },
    ];
  }
  if (typeof v.value !== 'number') return [];
  return [{ system: str(v.system) ?? null, code: str(v.code) ?? null, unit: str(v.unit) ?? null, lo: v.value, hi: v.value }];
}

const RELATIVE_REF = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

function referencesOf(type: string, v: unknown): Omit<IndexRows['reference'][number], 'param'>[] {
  const ref = typeof v === 'string' ? v : isObject(v) ? str(v.reference) : undefined;
  if (!ref || ref.startsWith('#')) return [];
  const m = RELATIVE_REF.exec(ref);
  if (m && !ref.startsWith('urn:')) return [{ targetType: m[1], targetId: m[2], ref: `${m[1]}/${m[2]}` }];
  // canonical or absolute reference without a local target: match on the literal (canonical version stripped)
  return [{ targetType: null, targetId: null, ref: type === 'canonical' ? ref.split('|')[0] : ref }];
}

function dedupe(rows: IndexRows): IndexRows {
  const uniq = <T>(list: T[]) => {
    const seen = new Set<string>();
    return list.filter((item) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  return {
    string: uniq(rows.string),
    token: uniq(rows.token),
    date: uniq(rows.date),
    number: uniq(rows.number),
    quantity: uniq(rows.quantity),
    reference: uniq(rows.reference),
    uri: uniq(rows.uri),
  };
}
