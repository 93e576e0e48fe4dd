import { bilingual } from '../../text.ts';
import { formatParsedValue } from '../../values/parse-value.ts';
import { fail, pass, type ResultRule } from '../rule.ts';

/** There is a result, of the kind the test reports (a number for quantitative tests). */
export const resultPresent: ResultRule = {
  id: 'result-present',
  scope: 'result',
  check: (r) => {
    const shown = formatParsedValue(r.value);
    const observed = { value: shown, kind: r.value.kind };
    if (r.value.kind === 'empty') return fail(observed, bilingual('无结果（漏项）', 'no result (missing)'));
    const kind = r.config?.kind ?? 'quantitative';
    if (r.config && kind === 'quantitative' && r.value.kind !== 'number') return fail(observed, bilingual(`定量项目的结果不是数值：“${shown}”`, `a quantitative test with a non-numeric result: "${shown}"`));
    if (r.config && kind === 'qualitative' && r.value.kind !== 'text') return fail(observed, bilingual(`定性项目的结果为数值：${shown}`, `a qualitative test with a numeric result: ${shown}`));
    return pass(observed, bilingual(`结果 ${shown}`, `result ${shown}`));
  },
};
