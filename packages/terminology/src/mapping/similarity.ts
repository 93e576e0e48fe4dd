import { matchForm } from '../concepts/normalize.ts';
import type { ScoreReason } from '../contracts/mapping.ts';

export type { ScoreReason } from '../contracts/mapping.ts';

/** What a suggestion is compared on. */
export interface Comparable {
  code: string;
  display?: string;
  /** Full pinyin of the display (no tones, no spaces). */
  pinyinFull: string;
}

/**
 * How much each rule counts. The name dominates (that is what a mapper reads); pinyin catches homophone
 * spellings (肌酐/肌苷, 粘/黏); an equal code is strong evidence in a county where HIS vendors copied the
 * regional codes, but never enough alone to reach a name match.
 */
export const WEIGHTS = { code: 0.3, name: 0.5, pinyin: 0.2 } as const;

function grams(s: string, n: number): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...s];
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join('');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Sørensen–Dice coefficient over character n-grams (multiset). */
export function dice(a: string, b: string, n: number): number {
  if (a === b) return a.length ? 1 : 0;
  const x = grams(a, n);
  const y = grams(b, n);
  const size = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  const total = size(x) + size(y);
  if (total === 0) return 0;
  let shared = 0;
  for (const [g, count] of x) shared += Math.min(count, y.get(g) ?? 0);
  return (2 * shared) / total;
}

/** Name similarity: mean of character and character-pair Dice (short Chinese names need the single characters). */
export function nameSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return ([...a].length < 2 || [...b].length < 2 ? dice(a, b, 1) : (dice(a, b, 1) + dice(a, b, 2)) / 2);
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Scores a standard concept as the target of a local one, with the reasons behind the number. */
export function scoreCandidate(local: Comparable, standard: Comparable): { score: number; reasons: ScoreReason[] } {
  const codeA = matchForm(local.code);
  const codeB = matchForm(standard.code);
  const nameA = matchForm(local.display ?? '');
  const nameB = matchForm(standard.display ?? '');
  const code = codeA !== '' && codeA === codeB ? 1 : 0;
  const name = nameSimilarity(nameA, nameB);
  const pinyin = local.pinyinFull && standard.pinyinFull ? dice(local.pinyinFull, standard.pinyinFull, 2) : 0;
  const reasons: ScoreReason[] = [
    { rule: 'code', similarity: code, weight: WEIGHTS.code, contribution: round(code * WEIGHTS.code), detail: code ? `code "${local.code}" = "${standard.code}"` : `code "${local.code}" ≠ "${standard.code}"` },
    { rule: 'name', similarity: round(name), weight: WEIGHTS.name, contribution: round(name * WEIGHTS.name), detail: `name "${local.display ?? ''}" ~ "${standard.display ?? ''}"` },
    { rule: 'pinyin', similarity: round(pinyin), weight: WEIGHTS.pinyin, contribution: round(pinyin * WEIGHTS.pinyin), detail: `pinyin "${local.pinyinFull}" ~ "${standard.pinyinFull}"` },
  ];
  return { score: round(reasons.reduce((s, r) => s + r.contribution, 0)), reasons };
}
