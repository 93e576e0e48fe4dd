import { deltaCheck } from '../../delta/delta-check.ts';
import { bilingual } from '../../text.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

/** The change from the patient's previous result of the test (CLSI EP33): a large change may be a mix-up. */
export const deltaCheckRule: ResultRule = {
  id: 'delta-check',
  scope: 'result',
  check: (r, ctx) => {
    const rule = r.config?.delta;
    if (!rule) return notApplicable({}, bilingual('该项目未设置差值检查', 'no delta check for this test'));
    const time = ctx.report.specimen?.collectedAt ?? r.input.resultedAt;
    if (time === undefined) return fail({}, bilingual('没有标本采集时间或结果时间，无法做差值检查', 'no collection or result time: the delta check cannot be made'));
    const history = (ctx.report.previous ?? []).filter((p) => p.test === r.input.test);
    const d = deltaCheck({ value: r.value, time }, history, rule);
    const observed = {
      previous: d.previous?.value ?? null,
      days: d.days ?? null,
      absolute: d.absolute ?? null,
      percent: d.percent ?? null,
      ratePerDay: d.ratePerDay ?? null,
      exceeded: d.exceeded.join(','),
    };
    if (d.status === 'fail') return fail(observed, bilingual(`差值检查未通过：${d.reason['zh-CN']}`, `delta check failed: ${d.reason.en}`));
    if (d.status === 'pass') return pass(observed, d.reason);
    return notApplicable(observed, d.reason);
  },
};
