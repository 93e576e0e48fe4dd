import { bilingual, formatNumber, type Bilingual } from '../../text.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';
import type { Observed } from '../types.ts';

const INDICES = [
  ['hemolysis', '溶血指数', 'hemolysis index'],
  ['lipemia', '脂血指数', 'lipemia index'],
  ['icterus', '黄疸指数', 'icterus index'],
] as const;

/** Serum indices against the test's tolerance: interference differs by test (hemolysis raises K, LDH, AST). */
export const specimenQuality: ResultRule = {
  id: 'specimen-quality',
  scope: 'result',
  check: (r, ctx) => {
    const limits = r.config?.specimenIndexLimits;
    if (!limits) return notApplicable({}, bilingual('该项目未设置血清指数限值', 'no serum index limits for this test'));
    const observed: Observed = {};
    const problems: Bilingual[] = [];
    for (const [key, zh, en] of INDICES) {
      const limit = limits[key];
      if (limit === undefined) continue;
      const value = ctx.report.specimen?.[key];
      observed[key] = value ?? null;
      observed[`${key}Limit`] = limit;
      if (value === undefined) problems.push(bilingual(`未提供${zh}，无法排除干扰`, `no ${en}: interference cannot be ruled out`));
      else if (value > limit) problems.push(bilingual(`${zh} ${formatNumber(value)} 超过限值 ${formatNumber(limit)}`, `${en} ${formatNumber(value)} above the limit ${formatNumber(limit)}`));
    }
    if (problems.length) return fail(observed, bilingual(problems.map((p) => p['zh-CN']).join('；'), problems.map((p) => p.en).join('; ')));
    return pass(observed, bilingual('血清指数在允许范围内', 'serum indices within the tolerated limits'));
  },
};
