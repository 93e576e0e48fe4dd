import type { SearchParameter } from '@medplum/fhirtypes';
import type { SqlParams } from '../../access/policy.ts';
import { badRequest } from '../errors.ts';
import { compositePlan } from './composite.ts';
import { indexedQueryValues } from './derived.ts';
import { nearSql, textSql } from './special.ts';
import { parseFhirDateRange } from './date-range.ts';
import { indexedSearchParameters } from './extract.ts';
import { escapeLike, normalizeString } from './normalize.ts';
import { lookupParam, parseCriterion, type Criterion } from './query.ts';

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
type Prefix = (typeof PREFIXES)[number];

const TABLE: Record<string, string> = {
  string: 'sp_string',
  token: 'sp_token',
  date: 'sp_date',
  number: 'sp_number',
  quantity: 'sp_quantity',
  reference: 'sp_reference',
  uri: 'sp_uri',
};

const MODIFIERS: Record<string, Set<string>> = {
  string: new Set(['exact', 'contains', 'missing']),
  token: new Set(['not', 'text', 'missing']),
  date: new Set(['missing']),
  number: new Set(['missing']),
  quantity: new Set(['missing']),
  reference: new Set(['missing']), // plus `:Type`, checked separately
  uri: new Set(['below', 'above', 'missing']),
};

/** Thrown for a parameter or modifier we do not support, so the caller can skip it or reject it (strict). */
export class UnsupportedSearch extends Error {}

let aliasCounter = 0;
const nextAlias = (prefix: string) => `${prefix}${++aliasCounter % 1_000_000}`;

/** The caller's access predicate for rows of a type under an alias (see access/policy.ts). */
export type AccessFor = (resourceType: string, alias: string) => string;

/**
 * SQL over fhir_resource alias `alias` of type `resourceType` for one criterion (values OR-ed).
 * `accessFor` restricts the resources a chain looks into to those the caller may read.
 */
export function criterionSql(alias: string, resourceType: string, criterion: Criterion, params: SqlParams, accessFor?: AccessFor): string {
  const { code, modifier, chain } = criterion;
  if (code === '_id') return idSql(alias, criterion, params);
  if (code === '_text' || code === '_content') return textSql(alias, criterion, params);
  if (code === 'near' && resourceType === 'Location' && !modifier && !chain) return nearSql(alias, criterion, params);
  if (code === '_lastUpdated') return orJoin(criterion.values.map((v) => dateCondition(v, `${alias}.last_updated`, `${alias}.last_updated`, params)));
  const sp = lookupParam(resourceType, code);
  if (!sp) throw new UnsupportedSearch(`Unknown search parameter "${code}" for ${resourceType}`);
  const kind = sp.type as string;
  if (kind === 'composite' && !chain) return compositeSql(alias, resourceType, criterion, params);
  if (!TABLE[kind] || !indexedSearchParameters(resourceType).includes(sp)) {
    throw new UnsupportedSearch(`Search parameter "${code}" (${kind}) is not supported for ${resourceType}`);
  }
  if (chain) return chainSql(alias, resourceType, sp, criterion, params, accessFor);
  // Derived parameters may index transformed values (phonetic: Chinese → pinyin); compare like with like.
  criterion = { ...criterion, values: indexedQueryValues(sp, criterion.values) };
  const typeModifier = kind === 'reference' && modifier && /^[A-Z]/.test(modifier) ? modifier : undefined;
  if (modifier && !typeModifier && !MODIFIERS[kind].has(modifier)) {
    throw new UnsupportedSearch(`Modifier ":${modifier}" is not supported for ${kind} parameter "${code}"`);
  }
  const table = TABLE[kind];
  const i = nextAlias('i');
  const head = `select 1 from ${table} ${i} where ${i}.rk = ${alias}.rk and ${i}.resource_type = ${params.add(resourceType)} and ${i}.param = ${params.add(code)}`;
  if (modifier === 'missing') {
    const v = criterion.values[0];
    if (v !== 'true' && v !== 'false') throw badRequest(`${criterion.raw} must be true or false`, criterion.raw);
    return v === 'true' ? `not exists (${head})` : `exists (${head})`;
  }
  if (kind === 'date' && criterion.allOf && criterion.allOf.length > 1) {
    const window = criterion.allOf.map((v) => dateWindow(v)).reduce(intersectWindows);
    const conds = criterion.allOf.map((v) => dateCondition(v, `${i}.lo`, `${i}.hi`, params, criterion.raw));
    return `exists (${head} and ${conds.join(' and ')}${overlapSql(i, window, params)})`;
  }
  const conds = criterion.values.map((v) => valueCondition(kind, i, v, modifier, typeModifier, params, criterion.raw));
  const body = `exists (${head} and ${orJoin(conds)})`;
  return modifier === 'not' ? `not ${body}` : body;
}

function orJoin(conds: string[]): string {
  return conds.length === 1 ? conds[0] : `(${conds.join(' or ')})`;
}

function idSql(alias: string, criterion: Criterion, params: SqlParams): string {
  if (criterion.modifier === 'missing') return criterion.values[0] === 'true' ? 'false' : 'true';
  if (criterion.modifier && criterion.modifier !== 'not') throw new UnsupportedSearch(`Modifier ":${criterion.modifier}" is not supported for _id`);
  const sql = `${alias}.id = any(${params.add(criterion.values)}::text[])`;
  return criterion.modifier === 'not' ? `not (${sql})` : sql;
}

function valueCondition(kind: string, i: string, raw: string, modifier: string | undefined, typeModifier: string | undefined, params: SqlParams, key: string): string {
  switch (kind) {
    case 'string': {
      const norm = normalizeString(raw);
      if (modifier === 'exact') return `${i}.exact = ${params.add(raw)}`;
      if (modifier === 'contains') return `${i}.norm like ${params.add(`%${escapeLike(norm)}%`)}`;
      return `${i}.norm like ${params.add(`${escapeLike(norm)}%`)}`;
    }
    case 'token':
      return tokenCondition(i, raw, modifier, params);
    case 'date':
      return `${dateCondition(raw, `${i}.lo`, `${i}.hi`, params, key)}${overlapSql(i, dateWindow(raw), params)}`;
    case 'number':
      return numberCondition(raw, `${i}.lo`, `${i}.hi`, params, key);
    case 'quantity': {
      const [num, system, code] = splitPipe(raw, 3);
      const conds = [numberCondition(num ?? '', `${i}.lo`, `${i}.hi`, params, key)];
      if (system) conds.push(`${i}.system = ${params.add(system)}`);
      if (code) conds.push(`(${i}.code = ${params.add(code)} or ${i}.unit = ${params.add(code)})`);
      return conds.join(' and ');
    }
    case 'reference':
      return referenceCondition(i, raw, typeModifier, params);
    case 'uri':
      if (modifier === 'below') return `${i}.uri like ${params.add(`${escapeLike(raw)}%`)}`;
      if (modifier === 'above') return `${params.add(raw)} like (replace(replace(replace(${i}.uri, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`;
      return `${i}.uri = ${params.add(raw)}`;
  }
  throw new UnsupportedSearch(`Unsupported parameter kind ${kind}`);
}

function splitPipe(raw: string, parts: number): (string | undefined)[] {
  const out = raw.split('|');
  while (out.length < parts) out.push('');
  return out.map((s) => (s === '' ? undefined : s));
}

function tokenCondition(i: string, raw: string, modifier: string | undefined, params: SqlParams): string {
  if (modifier === 'text') return `${i}.text_norm like ${params.add(`${escapeLike(normalizeString(raw))}%`)}`;
  const pipe = raw.indexOf('|');
  if (pipe < 0) return `${i}.code = ${params.add(raw)}`;
  const system = raw.slice(0, pipe);
  const code = raw.slice(pipe + 1);
  if (system === '') return `${i}.system is null and ${i}.code = ${params.add(code)}`;
  if (code === '') return `${i}.system = ${params.add(system)}`;
  return `${i}.code = ${params.add(code)} and ${i}.system = ${params.add(system)}`;
}

function splitPrefix(raw: string): [Prefix, string] {
  const p = raw.slice(0, 2) as Prefix;
  if (PREFIXES.includes(p) && raw.length > 2 && /[\d-]/.test(raw[2])) return [p, raw.slice(2)];
  return ['eq', raw];
}

/** Date comparison of a stored range [lo, hi] against the search value's range, per FHIR prefix semantics. */
export function dateCondition(raw: string, lo: string, hi: string, params: SqlParams, key = 'date'): string {
  const [prefix, value] = splitPrefix(raw);
  const range = parseFhirDateRange(value);
  if (!range) throw badRequest(`"${raw}" is not a valid FHIR date for ${key}`, key);
  const sLo = () => `${params.add(range.lo.toISOString())}::timestamptz`;
  const sHi = () => `${params.add(range.hi.toISOString())}::timestamptz`;
  switch (prefix) {
    case 'eq':
      return `(${lo} >= ${sLo()} and ${hi} <= ${sHi()})`;
    case 'ne':
      return `not (${lo} >= ${sLo()} and ${hi} <= ${sHi()})`;
    case 'gt':
      return `${hi} > ${sHi()}`;
    case 'lt':
      return `${lo} < ${sLo()}`;
    case 'ge':
      return `${hi} >= ${sLo()}`;
    case 'le':
      return `${lo} <= ${sHi()}`;
    case 'sa':
      return `${lo} > ${sHi()}`;
    case 'eb':
      return `${hi} < ${sLo()}`;
    case 'ap': {
      // Approximately: widen by 10% of the distance to now (at least a day), as the spec suggests.
      const delta = Math.max(86_400_000, Math.abs(Date.now() - range.lo.getTime()) * 0.1);
      const wLo = new Date(range.lo.getTime() - delta).toISOString();
      const wHi = new Date(range.hi.getTime() + delta).toISOString();
      return `(${lo} <= ${params.add(wHi)}::timestamptz and ${hi} >= ${params.add(wLo)}::timestamptz)`;
    }
  }
}

interface DateWindow {
  lower?: Date;
  upper?: Date;
}

/**
 * The smallest window a matching value must overlap, for each prefix. It adds nothing to the result (the
 * exact prefix condition decides) but lets PostgreSQL use the GiST range index on sp_date and, through
 * its range statistics, estimate how selective the date is (ADR 2).
 */
function dateWindow(raw: string): DateWindow {
  const [prefix, value] = splitPrefix(raw);
  const range = parseFhirDateRange(value);
  if (!range) return {};
  switch (prefix) {
    case 'eq':
      return { lower: range.lo, upper: range.hi };
    case 'gt':
    case 'sa':
      return { lower: range.hi };
    case 'ge':
      return { lower: range.lo };
    case 'lt':
    case 'eb':
      return { upper: range.lo };
    case 'le':
      return { upper: range.hi };
    default:
      return {}; // ne, ap: no useful bound (ap's own condition is already an overlap)
  }
}

function intersectWindows(a: DateWindow, b: DateWindow): DateWindow {
  const later = (x?: Date, y?: Date) => (!x ? y : !y ? x : x > y ? x : y);
  const earlier = (x?: Date, y?: Date) => (!x ? y : !y ? x : x < y ? x : y);
  return { lower: later(a.lower, b.lower), upper: earlier(a.upper, b.upper) };
}

/** `tstzrange(lo, hi) && window`, matching the expression of the sp_date_range index. */
function overlapSql(i: string, window: DateWindow, params: SqlParams): string {
  if (!window.lower && !window.upper) return '';
  if (window.lower && window.upper && window.lower > window.upper) return ' and false'; // e.g. ge2025&lt2024: nothing can match
  const lower = window.lower ? `${params.add(window.lower.toISOString())}::timestamptz` : 'null';
  const upper = window.upper ? `${params.add(window.upper.toISOString())}::timestamptz` : 'null';
  return ` and tstzrange(${i}.lo, ${i}.hi, '[]') && tstzrange(${lower}, ${upper}, '[]')`;
}

/** Number comparison with the implicit precision of the search value (100 means [99.5, 100.5)). */
export function numberCondition(raw: string, lo: string, hi: string, params: SqlParams, key = 'number'): string {
  const [prefix, value] = splitPrefix(raw);
  if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) throw badRequest(`"${raw}" is not a valid number for ${key}`, key);
  const n = Number(value);
  const decimals = /\.(\d+)/.exec(value)?.[1].length ?? 0;
  const half = 0.5 * 10 ** -decimals;
  const v = () => `${params.add(n)}::numeric`;
  switch (prefix) {
    case 'eq':
      return `(${lo} >= ${params.add(n - half)}::numeric and ${hi} < ${params.add(n + half)}::numeric)`;
    case 'ne':
      return `not (${lo} >= ${params.add(n - half)}::numeric and ${hi} < ${params.add(n + half)}::numeric)`;
    case 'gt':
    case 'sa':
      return `${hi} > ${v()}`;
    case 'lt':
    case 'eb':
      return `${lo} < ${v()}`;
    case 'ge':
      return `${hi} >= ${v()}`;
    case 'le':
      return `${lo} <= ${v()}`;
    case 'ap':
      return `(${lo} <= ${params.add(n * 1.1 + half)}::numeric and ${hi} >= ${params.add(n * 0.9 - half)}::numeric)`;
  }
}

function referenceCondition(i: string, raw: string, typeModifier: string | undefined, params: SqlParams): string {
  const m = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(raw);
  if (m && !raw.startsWith('urn:')) {
    if (typeModifier && typeModifier !== m[1]) return 'false';
    return `${i}.target_id = ${params.add(m[2])} and ${i}.target_type = ${params.add(m[1])}`;
  }
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(raw)) {
    const typeCond = typeModifier ? ` and ${i}.target_type = ${params.add(typeModifier)}` : '';
    return `${i}.target_id = ${params.add(raw)}${typeCond}`;
  }
  return `${i}.ref = ${params.add(raw.split('|')[0])}`;
}

/** `subject:Patient.name=x` or `subject.name=x`: one level of chaining through a reference parameter. */
function chainSql(alias: string, resourceType: string, sp: SearchParameter, criterion: Criterion, params: SqlParams, accessFor?: AccessFor): string {
  if (sp.type !== 'reference') throw badRequest(`Chained search needs a reference parameter; "${sp.code}" is ${sp.type}`, criterion.raw);
  const chained = parseCriterion(criterion.chain as string, criterion.values.join(','));
  if (chained.chain) throw new UnsupportedSearch(`Only one level of chaining is supported: "${criterion.raw}"`);
  const targets = criterion.modifier ? [criterion.modifier] : ((sp.target as string[] | undefined) ?? []);
  const ref = nextAlias('c');
  // One uncorrelated branch per target type, UNION ALL-ed: each branch can be driven from the index of its
  // criterion (e.g. the Patient identifier), then sp_reference's reverse index finds the referring rows.
  // (An OR across types in one correlated EXISTS made PostgreSQL scan every target row: 350 ms vs 2 ms at 100k.)
  const branches = targets
    .filter((t) => lookupParam(t, chained.code) || chained.code === '_id' || chained.code === '_lastUpdated')
    .map((t) => {
      const target = nextAlias('t');
      // Without the access check a chain would reveal attributes of resources the caller cannot read.
      const access = accessFor ? ` and ${accessFor(t, target)}` : '';
      return `select ${target}.resource_type, ${target}.id from fhir_resource ${target} where ${target}.resource_type = ${params.add(t)} and not ${target}.deleted and ${criterionSql(target, t, chained, params)}${access}`;
    });
  if (branches.length === 0) throw badRequest(`"${chained.code}" is not a search parameter of ${targets.join(' or ') || 'the referenced type'}`, criterion.raw);
  return `${alias}.rk in (select ${ref}.rk from sp_reference ${ref} where ${ref}.resource_type = ${params.add(resourceType)} and ${ref}.param = ${params.add(sp.code)}
    and (${ref}.target_type, ${ref}.target_id) in (${branches.join(' union all ')}))`;
}

/** `_has:Observation:patient:code=x`: resources referenced by a matching Observation through `patient`. */
export function hasSql(alias: string, resourceType: string, has: { targetType: string; refParam: string; criterion: Criterion }, params: SqlParams, accessFor: AccessFor): string {
  const refSp = lookupParam(has.targetType, has.refParam);
  if (!refSp || refSp.type !== 'reference') throw badRequest(`_has: "${has.refParam}" is not a reference parameter of ${has.targetType}`);
  const ref = nextAlias('h');
  const other = nextAlias('o');
  return `exists (select 1 from sp_reference ${ref} join fhir_resource ${other} on ${other}.rk = ${ref}.rk
    where ${ref}.resource_type = ${params.add(has.targetType)} and ${ref}.param = ${params.add(has.refParam)} and ${ref}.target_type = ${params.add(resourceType)} and ${ref}.target_id = ${alias}.id
    and not ${other}.deleted and ${criterionSql(other, has.targetType, has.criterion, params, accessFor)} and ${accessFor(has.targetType, other)})`;
}

/** `code-value-quantity=http://loinc.org|718-7$gt100`: all components must match within one group (element). */
function compositeSql(alias: string, resourceType: string, criterion: Criterion, params: SqlParams): string {
  const plan = compositePlan(resourceType, criterion.code);
  if (!plan) throw new UnsupportedSearch(`Composite parameter "${criterion.code}" is not supported for ${resourceType}`);
  if (criterion.modifier) throw new UnsupportedSearch(`Modifier ":${criterion.modifier}" is not supported for composite parameter "${criterion.code}"`);
  const type = params.add(resourceType);
  const alternatives = criterion.values.map((value) => {
    const parts = value.split('$');
    if (parts.length !== plan.components.length) {
      throw badRequest(`${criterion.raw} needs ${plan.components.length} values separated by $, got "${value}"`, criterion.raw);
    }
    const aliases = plan.components.map(() => nextAlias('k'));
    const joins = plan.components.slice(1).map((c, n) => {
      const a = aliases[n + 1];
      return `join ${TABLE[c.kind]} ${a} on ${a}.rk = ${aliases[0]}.rk and ${a}.grp = ${aliases[0]}.grp and ${a}.resource_type = ${type} and ${a}.param = ${params.add(c.param)}`;
    });
    const conds = plan.components.map((c, n) => valueCondition(c.kind, aliases[n], parts[n], undefined, undefined, params, criterion.raw));
    const first = plan.components[0];
    return `exists (select 1 from ${TABLE[first.kind]} ${aliases[0]} ${joins.join(' ')}
      where ${aliases[0]}.rk = ${alias}.rk and ${aliases[0]}.resource_type = ${type} and ${aliases[0]}.param = ${params.add(first.param)} and ${aliases[0]}.grp > 0 and ${conds.join(' and ')})`;
  });
  return orJoin(alternatives);
}

/** SQL expression to order by for a `_sort` key. */
export function sortExpression(alias: string, resourceType: string, code: string, descending: boolean, params: SqlParams): string {
  if (code === '_id') return `${alias}.id`;
  if (code === '_lastUpdated') return `${alias}.last_updated`;
  const sp = lookupParam(resourceType, code);
  if (!sp || !TABLE[sp.type as string]) throw badRequest(`Cannot sort by unknown parameter "${code}" of ${resourceType}`, '_sort');
  const column: Record<string, string> = { string: 'norm', token: 'code', date: descending ? 'hi' : 'lo', number: 'lo', quantity: 'lo', reference: 'ref', uri: 'uri' };
  const agg = descending ? 'max' : 'min';
  const s = nextAlias('s');
  return `(select ${agg}(${s}.${column[sp.type as string]}) from ${TABLE[sp.type as string]} ${s} where ${s}.rk = ${alias}.rk and ${s}.resource_type = ${params.add(resourceType)} and ${s}.param = ${params.add(code)})`;
}
