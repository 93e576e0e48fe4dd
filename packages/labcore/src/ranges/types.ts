import type { PopulationCriteria } from '../population/criteria.ts';

/**
 * A reference range (参考范围) for one population. Numeric bounds are inclusive unless marked exclusive (a range
 * printed `<5.2` is `{ high: 5.2, highExclusive: true }`); qualitative tests list the expected values instead.
 */
export interface ReferenceRange extends PopulationCriteria {
  id?: string;
  low?: number;
  high?: number;
  lowExclusive?: boolean;
  highExclusive?: boolean;
  /** Normal qualitative results, matched by meaning (`阴性` matches `阴性(-)` and `-`). */
  expected?: readonly string[];
  unit?: string;
  /** As printed on the report, when the laboratory wants its own wording. */
  text?: string;
}

/**
 * Limits beyond which a number cannot be a true result: outside the analytical measuring range (线性范围) it was
 * extrapolated, outside physiological limits no living patient has it. Negative results are implausible unless the
 * test allows them (base excess, for instance).
 */
export interface PlausibilityLimits {
  linearityLow?: number;
  linearityHigh?: number;
  physiologicalLow?: number;
  physiologicalHigh?: number;
  allowNegative?: boolean;
}

/**
 * HL7 v2 abnormal flags (table 0078) plus `implausible`: N normal, L/H below/above the reference range, LL/HH
 * critically low/high, A abnormal (qualitative), AA critically abnormal (qualitative).
 */
export type ResultFlag = 'N' | 'L' | 'H' | 'LL' | 'HH' | 'A' | 'AA' | 'implausible';
