import type { Criterion } from './query.ts';

/** Birth-date values that name one year, month or day (no prefix or `eq`): the year they fall in. */
const ONE_YEAR_OR_LESS = /^(?:eq)?(\d{4})(?:-\d{2}(?:-\d{2})?)?$/;

/**
 * Rewrites criteria into equivalent ones that have a selective index; the result never changes.
 *
 * Patient `pinyin` + `birthdate` (one year or finer) → `pinyin-birthyear` (`2007:wxm`) + `birthdate`: a pinyin-initials
 * search alone matches thousands of people at a million persons, and the planner cannot intersect two index tables
 * before the join; the combined key lets it start from a few dozen rows. Equivalent: a key `2007:k` starting with
 * `2007:v` means a pinyin key k starting with v (the pinyin criterion, which it replaces, so the planner cannot
 * start from it instead) and a birth year of 2007 (which the birthdate criterion, kept, implies anyway).
 */
export function accelerateCriteria(resourceType: string, criteria: Criterion[]): Criterion[] {
  if (resourceType !== 'Patient') return criteria;
  const plain = (c: Criterion) => !c.modifier && !c.chain;
  const pinyin = criteria.find((c) => c.code === 'pinyin' && plain(c));
  const birthdate = criteria.find((c) => c.code === 'birthdate' && plain(c) && (c.allOf ?? c.values).length === 1 && c.values.length === 1);
  const year = birthdate ? ONE_YEAR_OR_LESS.exec((birthdate.allOf ?? birthdate.values)[0])?.[1] : undefined;
  if (!pinyin || !year || criteria.some((c) => c.code === 'pinyin-birthyear')) return criteria;
  const accelerated: Criterion = { raw: 'pinyin-birthyear', code: 'pinyin-birthyear', values: pinyin.values.map((v) => `${year}:${v}`) };
  return criteria.map((c) => (c === pinyin ? accelerated : c));
}
