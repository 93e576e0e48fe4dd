import type { PopulationCriteria } from '../population/criteria.ts';
import type { Bilingual } from '../text.ts';

/**
 * A critical-value limit (危急值界限) of one test for one population. Several may be given for a test (adults,
 * neonates, one sex); the most specific that applies is used.
 */
export interface CriticalLimit extends PopulationCriteria {
  /** Critical at or below `low`, at or above `high` (`bounds: 'exclusive'`: strictly beyond). */
  low?: number;
  high?: number;
  bounds?: 'inclusive' | 'exclusive';
  /** Qualitative results that are critical, matched by meaning: `阳性` matches `+`, `++`, `检出…`. */
  texts?: readonly string[];
  /** Words whose presence makes a text result critical (e.g. `疟原虫`), unless the result reads as negative. */
  textIncludes?: readonly string[];
  /** What the laboratory should do, shown with the reason. */
  note?: Bilingual;
}

export interface CriticalJudgement {
  critical: boolean;
  direction: 'low' | 'high' | 'text' | null;
  reason: Bilingual;
}

export interface CriticalEvaluation extends CriticalJudgement {
  /** The limit that applied, if any. */
  limit?: CriticalLimit;
}
