import { notFound, type Queryable } from '@medunion/kernel';
import type { IndexedCodeSystem } from '../concepts/concept-index.ts';
import { CONCEPT_COLUMNS, findConcept, toConcept, type IndexedConcept } from '../concepts/concept-queries.ts';
import { matchForm } from '../concepts/normalize.ts';
import { scoreCandidate } from './similarity.ts';
import type { Suggestion } from '../contracts/mapping.ts';

export type { Suggestion } from '../contracts/mapping.ts';

const CANDIDATES = 200;
export const MIN_SCORE = 0.15;

/**
 * Candidate standard concepts for a local one, narrowed in SQL (equal code, trigram similarity of the display
 * or of its pinyin, or sharing a character for short names) and then scored in full by `scoreCandidate`.
 */
async function candidates(db: Queryable, standard: IndexedCodeSystem, local: IndexedConcept): Promise<IndexedConcept[]> {
  const name = local.displayNorm;
  const chars = [...new Set([...matchForm(local.display ?? '')])].slice(0, 8).map((c) => `%${c}%`);
  const { rows } = await db.query<Parameters<typeof toConcept>[0]>(
    `select ${CONCEPT_COLUMNS} from terminology_concept
     where system_key = $1 and (code_norm = $2 or similarity(display_norm, $3) > 0.1 or ($4 <> '' and similarity(pinyin_full, $4) > 0.3)
       or (cardinality($5::text[]) between 1 and 4 and display_norm like any($5::text[])))
     order by greatest(similarity(display_norm, $3), similarity(pinyin_full, $4), case when code_norm = $2 then 1 else 0 end) desc, ordinal
     limit ${CANDIDATES}`,
    [standard.key, local.codeNorm, name, local.pinyinFull, chars],
  );
  return rows.map(toConcept);
}

/** Ranked targets for one local code, best first, each with its explanation. */
export async function suggestTargets(db: Queryable, dictionary: IndexedCodeSystem, standard: IndexedCodeSystem, code: string, count: number): Promise<{ source: IndexedConcept; suggestions: Suggestion[] }> {
  const source = await findConcept(db, dictionary, code);
  if (!source) throw notFound(`Code "${code}" is not in dictionary ${dictionary.url}`);
  return { source, suggestions: await rank(db, standard, source, count) };
}

export async function rank(db: Queryable, standard: IndexedCodeSystem, source: IndexedConcept, count: number): Promise<Suggestion[]> {
  return (await candidates(db, standard, source))
    .map((c) => ({ code: c.code, display: c.display, ...scoreCandidate(source, c) }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, count);
}
