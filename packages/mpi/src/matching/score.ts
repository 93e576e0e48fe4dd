import { COMPARATORS } from './comparators.ts';
import { FIELD_LEVELS, matchWeight, type Field, type FieldWeights } from './config.ts';
import type { MatchFeatures } from './features.ts';
import type { FieldScore as FieldScoreView } from '../contracts/review.ts';

/** How one field contributed: its level and weight in bits (0 when missing on either side). */
export interface FieldScore extends FieldScoreView {
  field: Field;
}

export interface PairScore {
  /** Sum of the field weights (bits of evidence that the two records are the same person). */
  score: number;
  fields: FieldScore[];
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Fellegi–Sunter score of a pair with the per-field explanation stored beside every decision. */
export function scorePair(a: MatchFeatures, b: MatchFeatures, weights: FieldWeights): PairScore {
  const fields: FieldScore[] = [];
  let score = 0;
  for (const field of Object.keys(FIELD_LEVELS) as Field[]) {
    const level = (COMPARATORS[field] as (x: MatchFeatures, y: MatchFeatures) => string | undefined)(a, b);
    if (level === undefined) {
      fields.push({ field, level: 'missing', weight: 0 });
      continue;
    }
    const weight = matchWeight((weights[field] as Record<string, { m: number; u: number }>)[level]);
    score += weight;
    fields.push({ field, level, weight: round(weight) });
  }
  return { score: round(score), fields };
}
