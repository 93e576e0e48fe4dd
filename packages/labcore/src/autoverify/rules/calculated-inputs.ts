import { BUILTIN_FORMULAS } from '../../calc/builtins.ts';
import { expressionVariables } from '../../calc/ast.ts';
import { parseExpression } from '../../calc/parse.ts';
import { bilingual } from '../../text.ts';
import type { PreparedReport } from '../prepare.ts';
import { fail, notApplicable, pass, type RuleCheck } from '../rule.ts';

/**
 * A calculated result is no better than its inputs: it is held when a result it is computed from is held. Judged
 * after every other rule, repeated until nothing changes (a calculated test may use another).
 */
export function calculatedInputs(ctx: PreparedReport, heldBefore: ReadonlySet<string>): Map<number, RuleCheck> {
  const inputsOf = new Map((ctx.config.formulas ?? BUILTIN_FORMULAS).map((f) => [f.code, expressionVariables(parseExpression(f.expression, `formulas.${f.code}`))]));
  const present = new Set(ctx.results.map((r) => r.input.test));
  const held = new Set(heldBefore);
  const checks = new Map<number, RuleCheck>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of ctx.results) {
      const inputs = inputsOf.get(r.input.test)?.filter((t) => present.has(t));
      if (!inputs?.length) {
        checks.set(r.index, notApplicable({}, bilingual('非计算项目', 'not a calculated test')));
        continue;
      }
      const heldInputs = inputs.filter((t) => held.has(t));
      const observed = { inputs: inputs.join(','), heldInputs: heldInputs.join(',') };
      if (heldInputs.length) {
        checks.set(r.index, fail(observed, bilingual(`计算所用项目未通过自动审核：${heldInputs.join('、')}`, `inputs of the calculation are held: ${heldInputs.join(', ')}`)));
        if (!held.has(r.input.test)) {
          held.add(r.input.test);
          changed = true;
        }
      } else checks.set(r.index, pass(observed, bilingual(`计算所用项目均已通过：${inputs.join('、')}`, `all inputs of the calculation pass: ${inputs.join(', ')}`)));
    }
  }
  return checks;
}
