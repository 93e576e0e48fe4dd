import { getSearchParameters } from '@medplum/core';
import type { SearchParameter } from '@medplum/fhirtypes';
import { badRequest } from '../errors.ts';
import { accelerateCriteria } from './accelerators.ts';

/** One search criterion as written by the client: `name:modifier=v1,v2`. */
export interface Criterion {
  /** Key as written (for error messages and links). */
  raw: string;
  code: string;
  modifier?: string;
  /** Remaining chain after `.` (e.g. `subject:Patient.name` → chain `name`). */
  chain?: string;
  values: string[];
  /**
   * Date values that must all hold on one indexed value (merged from repeated parameters such as
   * `date=ge2024-01-01&date=lt2024-02-01`), so the window is one index range instead of two open halves.
   */
  allOf?: string[];
}

export interface IncludeSpec {
  sourceType: string;
  param: string;
  targetType?: string;
  iterate: boolean;
}

export interface SortKey {
  code: string;
  descending: boolean;
}

export interface ParsedQuery {
  resourceType: string;
  criteria: Criterion[];
  /** `_has:Type:ref:param=value` criteria. */
  has: { targetType: string; refParam: string; criterion: Criterion }[];
  sort: SortKey[];
  count: number;
  offset: number;
  total: 'none' | 'accurate';
  summary?: 'true' | 'count' | 'data' | 'text' | 'false';
  elements?: string[];
  include: IncludeSpec[];
  revinclude: IncludeSpec[];
  /** Parameters we do not understand; reported (or rejected under `handling=strict`). */
  unknown: string[];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 1000;
const IGNORED = new Set(['_format', '_pretty']);

/** Splits a value list on commas not escaped with `\`, unescaping `\,`. */
export function splitValues(value: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && (value[i + 1] === ',' || value[i + 1] === '\\' || value[i + 1] === '$' || value[i + 1] === '|')) {
      current += value[i + 1];
      i++;
    } else if (ch === ',') {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out;
}

export function parseQuery(resourceType: string, entries: Iterable<[string, string]>): ParsedQuery {
  const q: ParsedQuery = { resourceType, criteria: [], has: [], sort: [], count: DEFAULT_COUNT, offset: 0, total: 'none', include: [], revinclude: [], unknown: [] };
  for (const [key, value] of entries) {
    if (IGNORED.has(key)) continue;
    switch (key) {
      case '_count':
        q.count = Math.min(MAX_COUNT, nonNegativeInt(key, value));
        continue;
      case '_offset':
        q.offset = nonNegativeInt(key, value);
        continue;
      case '_sort':
        q.sort.push(...value.split(',').filter(Boolean).map((s) => (s.startsWith('-') ? { code: s.slice(1), descending: true } : { code: s, descending: false })));
        continue;
      case '_total':
        if (value === 'accurate' || value === 'estimate') q.total = 'accurate';
        else if (value === 'none') q.total = 'none';
        else throw badRequest(`_total must be none, estimate or accurate, not "${value}"`);
        continue;
      case '_summary':
        if (!['true', 'false', 'count', 'data', 'text'].includes(value)) throw badRequest(`_summary must be true, false, count, data or text, not "${value}"`);
        q.summary = value as ParsedQuery['summary'];
        continue;
      case '_elements':
        q.elements = value.split(',').map((s) => s.trim()).filter(Boolean);
        continue;
    }
    const [base, ...mods] = key.split(':');
    if (base === '_include' || base === '_revinclude') {
      const spec = parseInclude(key, value, mods.includes('iterate') || mods.includes('recurse'));
      (base === '_include' ? q.include : q.revinclude).push(spec);
      continue;
    }
    if (base === '_has') {
      // _has:Observation:patient:code=1234-5
      if (mods.length < 3) throw badRequest(`_has needs the form _has:Type:reference:parameter, got "${key}"`);
      const [targetType, refParam, ...rest] = mods;
      q.has.push({ targetType, refParam, criterion: parseCriterion(rest.join(':'), value) });
      continue;
    }
    q.criteria.push(parseCriterion(key, value));
  }
  q.criteria = accelerateCriteria(resourceType, mergeDateWindows(resourceType, q.criteria));
  return q;
}

/** Repeated single-valued date criteria of one parameter become one criterion evaluated on the same value. */
function mergeDateWindows(resourceType: string, criteria: Criterion[]): Criterion[] {
  const mergeable = (c: Criterion) => !c.modifier && !c.chain && c.values.length === 1 && lookupParam(resourceType, c.code)?.type === 'date';
  const out: Criterion[] = [];
  const byCode = new Map<string, Criterion>();
  for (const c of criteria) {
    if (!mergeable(c)) {
      out.push(c);
      continue;
    }
    const merged = byCode.get(c.code);
    if (merged) merged.allOf!.push(c.values[0]);
    else {
      const first = { ...c, allOf: [c.values[0]] };
      byCode.set(c.code, first);
      out.push(first);
    }
  }
  return out;
}

function nonNegativeInt(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

export function parseCriterion(key: string, value: string): Criterion {
  const dot = key.indexOf('.');
  const head = dot >= 0 ? key.slice(0, dot) : key;
  const chain = dot >= 0 ? key.slice(dot + 1) : undefined;
  const [code, modifier] = head.split(':');
  return { raw: key, code, modifier, chain, values: splitValues(value) };
}

function parseInclude(key: string, value: string, iterate: boolean): IncludeSpec {
  const [sourceType, param, targetType] = value.split(':');
  if (!sourceType || !param) throw badRequest(`${key} needs the form SourceType:parameter[:TargetType], got "${value}"`);
  const sp = lookupParam(sourceType, param);
  if (!sp || sp.type !== 'reference') throw badRequest(`${key}: "${param}" is not a reference search parameter of ${sourceType}`);
  return { sourceType, param, targetType, iterate };
}

export function lookupParam(resourceType: string, code: string): SearchParameter | undefined {
  return getSearchParameters(resourceType)?.[code];
}
