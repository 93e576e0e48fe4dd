import { bilingual } from '../../text.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';
import type { HoldFlag } from '../types.ts';

export const DEFAULT_HOLD_FLAGS: readonly HoldFlag[] = ['A', 'AA', 'LL', 'HH', 'implausible', 'none'];

/** The result's flag against its reference range: abnormal qualitative, critical, implausible or unflaggable hold. */
export const referenceFlag: ResultRule = {
  id: 'reference-flag',
  scope: 'result',
  check: (r) => {
    if (!r.interpretation) return notApplicable({}, bilingual('项目未配置', 'test not configured'));
    if (r.value.kind === 'empty') return notApplicable({}, bilingual('无结果', 'no result'));
    const flag = r.interpretation.flag;
    const hold = r.config?.holdFlags ?? DEFAULT_HOLD_FLAGS;
    const observed = { flag, range: r.interpretation.range ? (r.interpretation.range.id ?? null) : null };
    const reason = r.interpretation.reason;
    return hold.includes(flag ?? 'none') ? fail(observed, reason) : pass(observed, reason);
  },
};
