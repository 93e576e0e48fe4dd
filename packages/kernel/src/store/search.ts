import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { SqlParams } from '../access/policy.ts';
import type { Queryable } from '../db/types.ts';
import { badRequest } from '../fhir/errors.ts';
import { criterionSql, hasSql, sortExpression, UnsupportedSearch } from '../fhir/search/predicates.ts';
import type { IncludeSpec, ParsedQuery } from '../fhir/search/query.ts';
import { shapeResource } from './summary.ts';

/** Builds the access predicate for a type over a given alias (supplied by the store, which knows the caller). */
export type AccessSql = (resourceType: string, alias: string, params: SqlParams) => string;

export interface SearchResult {
  resources: Resource[];
  included: Resource[];
  total?: number;
  hasMore: boolean;
  issues: OperationOutcomeIssue[];
}

/** Runs a parsed search as indexed SQL; access filtering is part of the WHERE so totals agree with what is visible. */
export async function executeSearch(q: Queryable, query: ParsedQuery, access: AccessSql, strict: boolean): Promise<SearchResult> {
  const params = new SqlParams([query.resourceType]);
  const where = ['r.resource_type = $1', 'not r.deleted'];
  const issues: OperationOutcomeIssue[] = [];
  const unsupported = (message: string, expression: string) => {
    if (strict) throw badRequest(message, expression);
    issues.push({ severity: 'warning', code: 'not-supported', details: { text: `${message}; ignored` }, expression: [expression] });
  };
  for (const key of query.unknown) unsupported(`Unknown parameter "${key}"`, key);
  for (const criterion of query.criteria) {
    try {
      where.push(criterionSql('r', query.resourceType, criterion, params, (type, alias) => access(type, alias, params)));
    } catch (err) {
      if (err instanceof UnsupportedSearch) unsupported(err.message, criterion.raw);
      else throw err;
    }
  }
  for (const has of query.has) {
    try {
      where.push(hasSql('r', query.resourceType, has, params, (type, alias) => access(type, alias, params)));
    } catch (err) {
      if (err instanceof UnsupportedSearch) unsupported(err.message, `_has:${has.targetType}:${has.refParam}:${has.criterion.raw}`);
      else throw err;
    }
  }
  where.push(access(query.resourceType, 'r', params));
  const whereSql = where.join(' and ');

  let total: number | undefined;
  if (query.total === 'accurate' || query.summary === 'count') {
    const { rows } = await q.query<{ n: number | string }>(`select count(*) as n from fhir_resource r where ${whereSql}`, params.values);
    total = Number(rows[0].n);
  }
  if (query.summary === 'count') return { resources: [], included: [], total, hasMore: false, issues };

  const order = query.sort.map((s) => `${sortExpression('r', query.resourceType, s.code, s.descending, params)} ${s.descending ? 'desc' : 'asc'} nulls last`);
  order.push(query.sort.length ? 'r.rk asc' : 'r.last_updated desc, r.rk desc');
  const limit = params.add(query.count + 1);
  const offset = params.add(query.offset);
  const { rows } = await q.query<{ rk: number; content: Resource }>(
    `select r.rk, r.content from fhir_resource r where ${whereSql} order by ${order.join(', ')} limit ${limit} offset ${offset}`,
    params.values,
  );
  const hasMore = rows.length > query.count;
  const page = rows.slice(0, query.count);
  const resources = page.map((row) => shapeResource(row.content, query.summary, query.elements));
  const included = await loadIncludes(q, query, page.map((r) => ({ rk: Number(r.rk), resource: r.content })), access);
  return { resources, included, total, hasMore, issues };
}

interface Loaded {
  rk: number;
  resource: Resource;
}

async function loadIncludes(q: Queryable, query: ParsedQuery, primary: Loaded[], access: AccessSql): Promise<Resource[]> {
  if (!primary.length || (!query.include.length && !query.revinclude.length)) return [];
  const seen = new Set(primary.map((p) => `${p.resource.resourceType}/${p.resource.id}`));
  const out: Loaded[] = [];
  const round = async (sources: Loaded[], iterateOnly: boolean) => {
    const found: Loaded[] = [];
    for (const spec of query.include.filter((s) => !iterateOnly || s.iterate)) found.push(...(await forwardInclude(q, spec, sources, access)));
    for (const spec of query.revinclude.filter((s) => !iterateOnly || s.iterate)) found.push(...(await reverseInclude(q, spec, sources, access)));
    const fresh = found.filter((f) => {
      const key = `${f.resource.resourceType}/${f.resource.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    out.push(...fresh);
    return fresh;
  };
  const first = await round(primary, false);
  // :iterate — one more level, applied to what the first round brought in
  if (first.length && [...query.include, ...query.revinclude].some((s) => s.iterate)) await round(first, true);
  return out.map((o) => o.resource);
}

async function forwardInclude(q: Queryable, spec: IncludeSpec, sources: Loaded[], access: AccessSql): Promise<Loaded[]> {
  const rks = sources.filter((s) => s.resource.resourceType === spec.sourceType).map((s) => s.rk);
  if (!rks.length) return [];
  const params = new SqlParams([rks, spec.sourceType, spec.param]);
  const typeCond = spec.targetType ? ` and x.target_type = ${params.add(spec.targetType)}` : '';
  const { rows } = await q.query<{ rk: number; content: Resource }>(
    `select distinct t.rk, t.content from sp_reference x join fhir_resource t on t.resource_type = x.target_type and t.id = x.target_id
     where x.rk = any($1::bigint[]) and x.resource_type = $2 and x.param = $3${typeCond} and not t.deleted and ${accessAnyType(access, 't', params)}`,
    params.values,
  );
  return rows.map((r) => ({ rk: Number(r.rk), resource: r.content }));
}

async function reverseInclude(q: Queryable, spec: IncludeSpec, sources: Loaded[], access: AccessSql): Promise<Loaded[]> {
  const targets = sources.map((s) => s.resource.id as string);
  const types = [...new Set(sources.map((s) => s.resource.resourceType))];
  if (!targets.length) return [];
  const params = new SqlParams([spec.sourceType, spec.param, targets, types]);
  const { rows } = await q.query<{ rk: number; content: Resource }>(
    `select distinct s.rk, s.content from sp_reference x join fhir_resource s on s.rk = x.rk
     where x.resource_type = $1 and x.param = $2 and x.target_id = any($3::text[]) and x.target_type = any($4::text[]) and not s.deleted and ${access(spec.sourceType, 's', params)}`,
    params.values,
  );
  return rows.map((r) => ({ rk: Number(r.rk), resource: r.content }));
}

/** Included targets can be of any type: apply each type's access predicate by a CASE on the row's type. */
function accessAnyType(access: AccessSql, alias: string, params: SqlParams): string {
  // The predicate depends on the type only through resourceTypes lists, so evaluate it type-agnostically.
  return access('', alias, params);
}

export function toSearchBundle(result: SearchResult, selfUrl: string, links: { next?: string; previous?: string }): Bundle {
  const entry: BundleEntry[] = [
    ...result.resources.map((resource) => ({ fullUrl: `${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' as const } })),
    ...result.included.map((resource) => ({ fullUrl: `${resource.resourceType}/${resource.id}`, resource, search: { mode: 'include' as const } })),
  ];
  if (result.issues.length) {
    entry.push({ resource: { resourceType: 'OperationOutcome', issue: result.issues }, search: { mode: 'outcome' } });
  }
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(result.total !== undefined ? { total: result.total } : {}),
    link: [
      { relation: 'self', url: selfUrl },
      ...(links.next ? [{ relation: 'next', url: links.next }] : []),
      ...(links.previous ? [{ relation: 'previous', url: links.previous }] : []),
    ],
    entry,
  };
}
