import { selectMostSpecific, type Subject } from '../population/criteria.ts';
import { bilingual, type Bilingual } from '../text.ts';
import type { ReferenceRange } from './types.ts';

const NOUN = bilingual('参考范围', 'reference range');

/**
 * The reference range for this patient and specimen: of the ranges whose sex, age band and specimen all match, the
 * most specific (then the narrowest age band, then the first listed). When none applies the reason says why each
 * candidate did not — a result is then reported without a flag rather than against a wrong range.
 */
export function selectReferenceRange(ranges: readonly ReferenceRange[], subject: Subject): { range?: ReferenceRange; index?: number; reason: Bilingual } {
  const s = selectMostSpecific(ranges, subject, NOUN);
  return { ...(s.chosen ? { range: s.chosen, index: s.index } : {}), reason: s.reason };
}
