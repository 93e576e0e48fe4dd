import { selectCriticalLimit } from '../critical/evaluate.ts';
import type { CriticalLimit } from '../critical/types.ts';
import type { Subject } from '../population/criteria.ts';
import { bilingual, type Bilingual } from '../text.ts';
import type { ParsedValue } from '../values/parse-value.ts';
import { flagResult, type FlagResult } from './flag.ts';
import { selectReferenceRange } from './select.ts';
import type { PlausibilityLimits, ReferenceRange } from './types.ts';

export interface InterpretInput {
  value: string | number | ParsedValue;
  subject: Subject;
  ranges?: readonly ReferenceRange[];
  criticalLimits?: readonly CriticalLimit[];
  plausibility?: PlausibilityLimits;
}

export interface Interpretation extends FlagResult {
  range?: ReferenceRange;
  rangeReason: Bilingual;
  criticalLimit?: CriticalLimit;
}

/** One result interpreted for its patient: the range and critical limit that apply are chosen, then the result flagged. */
export function interpretResult(input: InterpretInput): Interpretation {
  const { range, reason: rangeReason } = selectReferenceRange(input.ranges ?? [], input.subject);
  const { limit } = selectCriticalLimit(input.criticalLimits ?? [], input.subject);
  const flagged = flagResult({ value: input.value, range, critical: limit, plausibility: input.plausibility });
  return {
    ...flagged,
    ...(range ? { range } : {}),
    ...(limit ? { criticalLimit: limit } : {}),
    rangeReason,
    reason: bilingual(`${rangeReason['zh-CN']}；${flagged.reason['zh-CN']}`, `${rangeReason.en}; ${flagged.reason.en}`),
  };
}
