import { selectMostSpecific, type Subject } from '../population/criteria.ts';
import { bilingual, type Bilingual } from '../text.ts';
import type { ParsedValue } from '../values/parse-value.ts';
import { judgeCritical } from './judge.ts';
import type { CriticalEvaluation, CriticalLimit } from './types.ts';

const NOUN = bilingual('危急值界限', 'critical limit');

/** The critical limit that applies to the patient and specimen (most specific wins), with why. */
export function selectCriticalLimit(limits: readonly CriticalLimit[], subject: Subject): { limit?: CriticalLimit; reason: Bilingual } {
  const s = selectMostSpecific(limits, subject, NOUN);
  return { ...(s.chosen ? { limit: s.chosen } : {}), reason: s.reason };
}

/** Whether a result is a critical value for this patient: the applicable limit is chosen, then the value judged. */
export function evaluateCritical(value: string | number | ParsedValue, limits: readonly CriticalLimit[], subject: Subject): CriticalEvaluation {
  const { limit, reason } = selectCriticalLimit(limits, subject);
  if (!limit) return { critical: false, direction: null, reason };
  const j = judgeCritical(value, limit);
  return { ...j, limit, reason: bilingual(`${reason['zh-CN']}：${j.reason['zh-CN']}`, `${reason.en}: ${j.reason.en}`) };
}
