import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { CONCEPT_COLUMNS, toConcept } from '../concepts/concept-queries.ts';
import { escapeLike, searchForm } from '../concepts/normalize.ts';
import type { CodeSystemResolver } from '../concepts/resolver.ts';
import { currentConceptMap, decisions, groupFor } from './concept-map.ts';
import { dictionaryAndStandard } from './standards.ts';
import { rank } from './suggest.ts';
import type { UnmappedReport } from '../contracts/mapping.ts';

export type { UnmappedReport } from '../contracts/mapping.ts';

export interface UnmappedQuery {
  dictionary?: string;
  target?: string;
  filter?: string;
  offset: number;
  count: number;
  /** Attach the best suggestion to each listed code. */
  suggest: boolean;
}

/**
 * The work list of a dictionary: its codes (current version) without a decision in the map to the standard,
 * in dictionary order, optionally filtered like $expand (code prefix, display, pinyin) and with a suggestion each.
 */
export async function unmappedItems(ctx: ModuleContext, resolver: CodeSystemResolver, request: RequestContext, q: UnmappedQuery): Promise<UnmappedReport> {
  const { dictionary, standard } = await dictionaryAndStandard(resolver, request, q.dictionary, q.target);
  const map = await currentConceptMap(ctx, request, dictionary.url);
  const { mapped, unmatched } = decisions(groupFor(map, dictionary, standard));
  const decided = [...mapped, ...unmatched];
  const params: unknown[] = [dictionary.key, decided];
  let where = 'system_key = $1 and not (code = any($2::text[]))';
  if (q.filter) {
    const text = searchForm(q.filter);
    params.push(`${escapeLike(text)}%`, `${escapeLike(text.replace(/\s+/g, ''))}%`, `%${escapeLike(text)}%`);
    where += ' and (code_norm like $3 or pinyin_initials like $4 or pinyin_full like $4 or display_norm like $5)';
  }
  const counted = await ctx.db.query<{ n: number | string }>(`select count(*) as n from terminology_concept where ${where}`, params);
  const decidedInVersion = await ctx.db.query<{ mapped: number | string; unmatched: number | string }>(
    'select count(*) filter (where code = any($2::text[])) as mapped, count(*) filter (where code = any($3::text[])) as unmatched from terminology_concept where system_key = $1',
    [dictionary.key, mapped, unmatched],
  );
  const { rows } = await ctx.db.query<Parameters<typeof toConcept>[0]>(
    `select ${CONCEPT_COLUMNS} from terminology_concept where ${where} order by ordinal limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, q.count, q.offset],
  );
  const items: UnmappedReport['items'] = [];
  for (const concept of rows.map(toConcept)) {
    const suggestion = q.suggest ? (await rank(ctx.db, standard, concept, 1))[0] : undefined;
    items.push({ code: concept.code, ...(concept.display ? { display: concept.display } : {}), ...(suggestion ? { suggestion } : {}) });
  }
  const mappedCount = Number(decidedInVersion.rows[0].mapped);
  const unmatchedCount = Number(decidedInVersion.rows[0].unmatched);
  return {
    dictionary: { url: dictionary.url, version: dictionary.version, title: dictionary.title },
    target: { url: standard.url, version: standard.version, title: standard.title },
    ...(map?.id ? { conceptMap: { id: map.id, url: map.url!, version: map.version } } : {}),
    counts: { total: dictionary.conceptCount, mapped: mappedCount, unmatched: unmatchedCount, unmapped: dictionary.conceptCount - mappedCount - unmatchedCount },
    matching: Number(counted.rows[0].n),
    offset: q.offset,
    items,
  };
}
