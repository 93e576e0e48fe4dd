import { evaluateCritical } from '../../critical/evaluate.ts';
import { bilingual } from '../../text.ts';
import { formatParsedValue } from '../../values/parse-value.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

/** A critical value is held for a person, who must report it to the clinician (危急值须人工确认并通报). */
export const criticalValue: ResultRule = {
  id: 'critical-value',
  scope: 'result',
  check: (r, ctx) => {
    const limits = r.config?.criticalLimits;
    if (!limits?.length) return notApplicable({}, bilingual('该项目未设置危急值', 'no critical limits for this test'));
    const c = evaluateCritical(r.value, limits, ctx.subject);
    const observed = { value: formatParsedValue(r.value), low: c.limit?.low ?? null, high: c.limit?.high ?? null, direction: c.direction };
    return c.critical ? fail(observed, bilingual(`危急值：${c.reason['zh-CN']}`, `critical value: ${c.reason.en}`)) : pass(observed, c.reason);
  },
};
