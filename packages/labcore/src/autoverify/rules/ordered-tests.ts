import { bilingual } from '../../text.ts';
import { BUILTIN_FORMULAS } from '../../calc/builtins.ts';
import { fail, pass, type ReportRule, type RuleCheck } from '../rule.ts';

/**
 * Ordered against resulted (医嘱与结果核对): an ordered test without a result (漏项) holds the report; a result
 * nobody ordered, or a second result of one test, holds that result. Calculated tests need not be ordered.
 */
export const orderedTests: ReportRule = {
  id: 'ordered-tests',
  scope: 'report',
  check: (ctx) => {
    const ordered = new Set(ctx.report.ordered);
    const calculated = new Set((ctx.config.formulas ?? BUILTIN_FORMULAS).map((f) => f.code));
    const count = new Map<string, number>();
    for (const r of ctx.results) count.set(r.input.test, (count.get(r.input.test) ?? 0) + 1);
    const missing = [...ordered].filter((t) => !count.has(t));
    const results = new Map<number, RuleCheck>();
    for (const r of ctx.results) {
      const t = r.input.test;
      if (count.get(t)! > 1) results.set(r.index, fail({ test: t, count: count.get(t)! }, bilingual(`项目 ${t} 有 ${count.get(t)} 个结果`, `test ${t} has ${count.get(t)} results`)));
      else if (!ordered.has(t) && !calculated.has(t)) results.set(r.index, fail({ test: t, ordered: false }, bilingual(`项目 ${t} 未申请`, `test ${t} was not ordered`)));
      else results.set(r.index, pass({ test: t, ordered: ordered.has(t) }, ordered.has(t) ? bilingual('已申请', 'ordered') : bilingual('计算项目', 'calculated test')));
    }
    // Unordered and duplicate results are held one by one above; the report itself fails only for what is missing.
    const observed = { ordered: ctx.report.ordered.length, resulted: ctx.results.length, missing: missing.join(',') };
    const report = missing.length
      ? fail(observed, bilingual(`申请项目无结果（漏项）：${missing.join('、')}`, `ordered tests without a result: ${missing.join(', ')}`))
      : pass(observed, bilingual('申请项目均有结果', 'every ordered test has a result'));
    return { report, results };
  },
};
