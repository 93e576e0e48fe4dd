import { BUILTIN_FORMULAS } from '../../calc/builtins.ts';
import { ExpressionError } from '../../calc/errors.ts';
import { evaluateExpression } from '../../calc/evaluate.ts';
import { computeFormulas } from '../../calc/formulas.ts';
import { bilingual, formatNumber, joinBilingual, type Bilingual } from '../../text.ts';
import { fail, notApplicable, pass, type ReportRule, type RuleCheck } from '../rule.ts';
import type { ConsistencyCheck, Observed } from '../types.ts';

/** Relations between results of one report that hold in every real specimen. */
export const DEFAULT_CONSISTENCY_CHECKS: readonly ConsistencyCheck[] = [
  { id: 'DBIL<=TBIL', expression: 'DBIL <= TBIL', tests: ['DBIL', 'TBIL'], reason: bilingual('直接胆红素高于总胆红素', 'direct bilirubin exceeds total bilirubin') },
  { id: 'ALB<TP', expression: 'ALB < TP', tests: ['ALB', 'TP'], reason: bilingual('白蛋白不低于总蛋白', 'albumin is not below total protein') },
  { id: 'HDL<TC', expression: '[HDL-C] < TC', tests: ['HDL-C', 'TC'], reason: bilingual('HDL-C 不低于总胆固醇', 'HDL-C is not below total cholesterol') },
  { id: 'LDL<TC', expression: '[LDL-C] < TC', tests: ['LDL-C', 'TC'], reason: bilingual('LDL-C 不低于总胆固醇', 'LDL-C is not below total cholesterol') },
];

/** Decimals a reported number was given with: its rounding is the least disagreement that means nothing. */
function decimalsOf(raw: string | number): number {
  const m = /\.(\d+)/.exec(String(raw));
  return m ? m[1].length : 0;
}

/**
 * The report's results agree with each other: configured relations hold (DBIL ≤ TBIL…), and reported calculated
 * tests equal their recomputation from the reported inputs within rounding (or the tolerance percent).
 */
export const calculatedConsistency: ReportRule = {
  id: 'calculated-consistency',
  scope: 'report',
  check: (ctx) => {
    const byTest = new Map<string, number[]>();
    for (const r of ctx.results) byTest.set(r.input.test, [...(byTest.get(r.input.test) ?? []), r.index]); // reports are small
    const findings = new Map<number, RuleCheck[]>();
    const note = (tests: readonly string[], check: RuleCheck): void => {
      for (const t of tests) for (const i of byTest.get(t) ?? []) findings.set(i, [...(findings.get(i) ?? []), check]);
    };
    const failures: Bilingual[] = [];
    let applied = 0;

    for (const c of ctx.config.consistencyChecks ?? DEFAULT_CONSISTENCY_CHECKS) {
      let holds: number;
      try {
        holds = evaluateExpression(c.expression, ctx.numbers, `consistencyChecks.${c.id}`);
      } catch (err) {
        if (err instanceof ExpressionError && err.kind === 'missing-input') continue; // not all its tests are in this report
        throw err;
      }
      applied++;
      const values = Object.fromEntries(c.tests.filter((t) => t in ctx.numbers).map((t) => [t, ctx.numbers[t]]));
      const shown = Object.entries(values).map(([k, v]) => `${k}=${formatNumber(v)}`).join(', ');
      if (holds) note(c.tests, pass(values, bilingual(`${c.expression} 成立（${shown}）`, `${c.expression} holds (${shown})`)));
      else {
        const reason = bilingual(`结果不一致：${c.reason['zh-CN']}（${shown}）`, `inconsistent results: ${c.reason.en} (${shown})`);
        failures.push(reason);
        note(c.tests, fail(values, reason));
      }
    }

    const tolerancePercent = ctx.config.calculatedTolerancePercent ?? 1;
    const formulas = ctx.config.formulas ?? BUILTIN_FORMULAS;
    const reported = new Set(formulas.map((f) => f.code).filter((code) => code in ctx.numbers));
    if (reported.size) {
      const measured = { ...ctx.numbers };
      for (const code of reported) delete measured[code];
      const ageYears = ctx.subject.age?.years;
      for (const f of computeFormulas(formulas, measured, { ...(ageYears !== undefined ? { ageYears } : {}), ...(ctx.subject.sex ? { sex: ctx.subject.sex } : {}) })) {
        if (!reported.has(f.code) || f.status !== 'computed') continue;
        applied++;
        const result = ctx.results.find((r) => r.input.test === f.code)!;
        const value = ctx.numbers[f.code];
        const tolerance = Math.max(0.5 * 10 ** -decimalsOf(result.input.value), (Math.abs(f.exact!) * tolerancePercent) / 100);
        const observed = { reported: value, recomputed: f.value!, tolerance: Number(tolerance.toPrecision(6)) };
        if (Math.abs(value - f.exact!) <= tolerance + 1e-12) {
          note([f.code], pass(observed, bilingual(`计算项目 ${f.code} 与重新计算值 ${formatNumber(f.value!)} 一致`, `calculated test ${f.code} agrees with its recomputation ${formatNumber(f.value!)}`)));
        } else {
          const reason = bilingual(`计算项目 ${f.code} 报告 ${formatNumber(value)}，按输入重新计算为 ${formatNumber(f.value!)}`, `calculated test ${f.code} reported ${formatNumber(value)}, recomputed from its inputs ${formatNumber(f.value!)}`);
          failures.push(reason);
          note([f.code], fail(observed, reason));
        }
      }
    }

    const results = new Map<number, RuleCheck>();
    for (const [i, checks] of findings) {
      const failed = checks.filter((c) => c.outcome === 'fail');
      const chosen = failed.length ? failed : checks;
      const observed: Observed = {};
      for (const c of chosen) Object.assign(observed, c.observed);
      results.set(i, { outcome: failed.length ? 'fail' : 'pass', observed, reason: joinBilingual(chosen.map((c) => c.reason)) });
    }
    const summary = { checksApplied: applied, failures: failures.length };
    const involved = [...new Set([...results].filter(([, c]) => c.outcome === 'fail').map(([i]) => ctx.results[i].input.test))];
    const report = failures.length
      ? fail(summary, bilingual(`结果间不一致 ${failures.length} 项（涉及 ${involved.join('、')}）`, `${failures.length} inconsistenc${failures.length > 1 ? 'ies' : 'y'} between results (${involved.join(', ')})`))
      : applied
        ? pass(summary, bilingual(`${applied} 项一致性检查均通过`, `all ${applied} consistency checks pass`))
        : notApplicable(summary, bilingual('本报告没有可做的一致性检查', 'no consistency checks apply to this report'));
    return { report, results };
  },
};
