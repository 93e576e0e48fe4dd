import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { formatParsedValue, type NumericValue } from '../values/parse-value.ts';
import type { PlausibilityLimits } from './types.ts';

/**
 * Whether a number can be a true result. An exact number is checked against the measuring range and the
 * physiological limits; a bound (`>500`) is the instrument saying it is beyond its range, which is plausible as long
 * as the bound itself is (a dilution or a re-run will give the value).
 */
export function checkPlausibility(v: NumericValue, limits: PlausibilityLimits = {}): { plausible: boolean; reason: Bilingual } {
  const n = v.value;
  const shown = formatParsedValue(v);
  const no = (zh: string, en: string): { plausible: boolean; reason: Bilingual } => ({ plausible: false, reason: bilingual(`结果 ${shown} 不可信：${zh}`, `result ${shown} is implausible: ${en}`) });
  if (n < 0 && !limits.allowNegative) return no('负值', 'negative value');
  if (limits.physiologicalLow !== undefined && n < limits.physiologicalLow) return no(`低于生理可能下限 ${formatNumber(limits.physiologicalLow)}`, `below the physiological limit ${formatNumber(limits.physiologicalLow)}`);
  if (limits.physiologicalHigh !== undefined && n > limits.physiologicalHigh) return no(`高于生理可能上限 ${formatNumber(limits.physiologicalHigh)}`, `above the physiological limit ${formatNumber(limits.physiologicalHigh)}`);
  if (!v.comparator) {
    if (limits.linearityLow !== undefined && n < limits.linearityLow) return no(`低于线性范围下限 ${formatNumber(limits.linearityLow)}`, `below the measuring range (${formatNumber(limits.linearityLow)})`);
    if (limits.linearityHigh !== undefined && n > limits.linearityHigh) return no(`高于线性范围上限 ${formatNumber(limits.linearityHigh)}，需稀释复测`, `above the measuring range (${formatNumber(limits.linearityHigh)}): dilute and re-run`);
  }
  return { plausible: true, reason: bilingual(`结果 ${shown} 在可信范围内`, `result ${shown} is plausible`) };
}
