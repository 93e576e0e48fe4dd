import { bilingual } from '../../text.ts';
import { checkPlausibility } from '../../ranges/plausibility.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

/** Impossible numbers (negative, beyond the measuring range or physiology) are never released unseen. */
export const plausibility: ResultRule = {
  id: 'plausibility',
  scope: 'result',
  check: (r) => {
    if (r.value.kind !== 'number') return notApplicable({}, bilingual('非数值结果', 'not a numeric result'));
    const p = checkPlausibility(r.value, r.config?.plausibility);
    return p.plausible ? pass({ value: r.value.value }, p.reason) : fail({ value: r.value.value }, p.reason);
  },
};
