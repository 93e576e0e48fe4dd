import type { MatchFeatures } from './features.ts';
import { fuzzySyllable } from './normalize.ts';

/**
 * Blocking keys: a new record is compared only with records sharing at least one key, so a registration costs
 * a few index lookups however large the population. Each rule keeps true duplicates together under a different
 * kind of error:
 * - `id:` / `hc:` same ID card / health card (the deterministic rule);
 * - `ph:` a shared phone number (names and dates may both be wrong);
 * - `bd:` same birth date and sex (any name error);
 * - `pb:` same fuzzy pinyin initials and birth year (homophones, day/month errors);
 * - `pm:` same fuzzy full pinyin and month-day (a wrong birth year).
 */
export function blockingKeys(f: MatchFeatures): string[] {
  const keys: string[] = [];
  if (f.idCard) keys.push(`id:${f.idCard}`);
  if (f.healthCard) keys.push(`hc:${f.healthCard}`);
  for (const phone of f.phones) keys.push(`ph:${phone}`);
  if (f.birthDate) keys.push(`bd:${f.birthDate}:${f.gender ?? ''}`);
  const syllables = (f.pinyin ?? []).map(fuzzySyllable);
  if (syllables.length && f.birthDate) {
    keys.push(`pb:${syllables.map((s) => s[0]).join('')}:${f.birthDate.slice(0, 4)}`);
    keys.push(`pm:${syllables.join('')}:${f.birthDate.slice(5)}`);
  }
  return [...new Set(keys)];
}
