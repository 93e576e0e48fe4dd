import { randomUUID } from 'node:crypto';
import type { CodeSystemConceptDesignation, ValueSet, ValueSetExpansionContains, ValueSetExpansionParameter } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { escapeLike, searchForm } from '../concepts/normalize.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { ComposeCompiler } from '../valuesets/compose-sql.ts';
import { valueSetById, valueSetByUrl } from '../valuesets/value-set-source.ts';
import type { OperationParams } from './params.ts';

export const DEFAULT_EXPAND_COUNT = 100;
export const MAX_EXPAND_COUNT = 1000;

/**
 * "Display contains": LIKE for three characters or more, which the trigram index answers; `strpos` below that,
 * because a trigram index cannot narrow a one- or two-character pattern (常见的两字中文检索, e.g. 血糖) and the
 * planner would scan the whole index rather than the code system's rows.
 */
function displayContains(text: string, p: (v: unknown) => string): string {
  return [...text].length >= 3 ? `c.display_norm like ${p(`%${escapeLike(text)}%`)}` : `strpos(c.display_norm, ${p(text)}) > 0`;
}

interface ExpandRow {
  code: string;
  display: string | null;
  designations: CodeSystemConceptDesignation[] | string | null;
  inactive: boolean;
  url: string;
  version: string | null;
}

/**
 * ValueSet/$expand (by `url`, by instance id, or `<code system url>?fhir_vs` for a whole code system): one
 * paged query over the concept index. `filter` matches a code prefix, a display substring, pinyin initials
 * (`xcg` → 血常规) or full pinyin (`xuechang`); matches are ranked exact code, code prefix, initials,
 * display prefix, pinyin, then the rest, each in the code system's order.
 */
export async function expand(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, params: OperationParams, id?: string): Promise<ValueSet> {
  const vs = id ? await valueSetById(ctx, request, id) : await valueSetByUrl(ctx, request, params.required('url', 'for a type-level $expand'), params.one('valueSetVersion'));
  const filter = params.one('filter');
  const offset = params.int('offset', 0, 1_000_000_000);
  const count = params.int('count', DEFAULT_EXPAND_COUNT, MAX_EXPAND_COUNT);
  const activeOnly = params.bool('activeOnly') ?? false;
  const includeDesignations = params.bool('includeDesignations') ?? false;

  const compiler = new ComposeCompiler(resolver, request, (canonical) => valueSetByUrl(ctx, request, canonical));
  const compiled = await compiler.compile(vs);
  const p = (v: unknown) => compiler.params.add(v);
  let where = compiled.where;
  if (activeOnly) where += ' and not c.inactive';
  const text = filter ? searchForm(filter) : '';
  const prefix = filter ? p(`${escapeLike(text)}%`) : '';
  const pinyinPrefix = filter ? p(`${escapeLike(text.replace(/\s+/g, ''))}%`) : '';
  if (filter) where += ` and (c.code_norm like ${prefix} or c.pinyin_initials like ${pinyinPrefix} or c.pinyin_full like ${pinyinPrefix} or ${displayContains(text, p)})`;
  const from = 'terminology_concept c join terminology_code_system s on s.key = c.system_key';
  const totalResult = await ctx.db.query<{ n: number | string }>(`select count(*) as n from ${from} where ${where}`, compiler.params.values);
  // The exact-code parameter only now: PostgreSQL cannot type a placeholder that the count query does not use.
  const rank = filter
    ? `case when c.code_norm = ${p(text)} then 0 when c.code_norm like ${prefix} then 1 when c.pinyin_initials like ${pinyinPrefix} then 2
      when c.display_norm like ${prefix} then 3 when c.pinyin_full like ${pinyinPrefix} then 4 else 5 end, `
    : ''; // (a bare 0 in ORDER BY would mean "column 0")
  // One code system (the usual case) pages along its (system, ordinal) index; several follow the compose order.
  const systemOrder = compiled.systems.length > 1 ? `array_position(${p(compiled.systems.map((s) => s.key))}::bigint[], c.system_key), ` : '';
  const { rows } = await ctx.db.query<ExpandRow>(
    `select c.code, c.display, c.designations, c.inactive, s.url, s.version from ${from} where ${where}
     order by ${rank}${systemOrder}c.ordinal limit ${p(count)} offset ${p(offset)}`,
    compiler.params.values,
  );

  const contains: ValueSetExpansionContains[] = rows.map((r) => {
    const designations = typeof r.designations === 'string' ? (JSON.parse(r.designations) as CodeSystemConceptDesignation[]) : r.designations;
    return {
      system: r.url,
      ...(r.version ? { version: r.version } : {}),
      code: r.code,
      display: compiled.displays.get(`${r.url}|${r.code}`) ?? r.display ?? undefined,
      ...(r.inactive ? { inactive: true } : {}),
      ...(includeDesignations && designations?.length ? { designation: designations } : {}),
    };
  });
  const parameter: ValueSetExpansionParameter[] = [
    ...(filter ? [{ name: 'filter', valueString: filter }] : []),
    { name: 'offset', valueInteger: offset },
    { name: 'count', valueInteger: count },
    ...(activeOnly ? [{ name: 'activeOnly', valueBoolean: true }] : []),
    ...compiled.systems.map((s) => ({ name: 'used-codesystem', valueUri: s.version ? `${s.url}|${s.version}` : s.url })),
  ];
  return {
    resourceType: 'ValueSet',
    ...(vs.id ? { id: vs.id } : {}),
    url: vs.url,
    ...(vs.version ? { version: vs.version } : {}),
    ...(vs.name ? { name: vs.name } : {}),
    ...(vs.title ? { title: vs.title } : {}),
    status: vs.status,
    expansion: {
      identifier: `urn:uuid:${randomUUID()}`,
      timestamp: new Date().toISOString(),
      total: Number(totalResult.rows[0].n),
      offset,
      parameter,
      contains,
    },
  };
}
