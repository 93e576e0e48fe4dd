import { bilingual } from '../../text.ts';
import { formatParsedValue } from '../../values/parse-value.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

/** A bound instead of a value: `<` (below the detection limit) verifies by default, `>` (needs dilution) holds. */
export const censoredValue: ResultRule = {
  id: 'censored-value',
  scope: 'result',
  check: (r) => {
    if (r.value.kind !== 'number' || !r.value.comparator) return notApplicable({}, bilingual('结果为确切数值', 'the result is an exact value'));
    const below = r.value.comparator.startsWith('<');
    const policy = below ? (r.config?.censored?.below ?? 'verify') : (r.config?.censored?.above ?? 'hold');
    const shown = formatParsedValue(r.value);
    const observed = { value: shown, policy };
    if (policy === 'hold') {
      return fail(observed, below ? bilingual(`结果为界值 ${shown}（低于检测下限），按设置需人工审核`, `the result is a bound ${shown} (below the detection limit); held as configured`) : bilingual(`结果为界值 ${shown}（超出测量上限），需稀释复测`, `the result is a bound ${shown} (above the measuring range): dilute and re-run`));
    }
    return pass(observed, bilingual(`界值结果 ${shown} 按设置允许自动审核`, `the bound ${shown} may be auto-verified as configured`));
  },
};
