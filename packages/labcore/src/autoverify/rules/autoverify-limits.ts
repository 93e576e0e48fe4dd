import { formatReferenceRange } from '../../ranges/format.ts';
import { bilingual, formatNumber } from '../../text.ts';
import { formatParsedValue, type NumericValue } from '../../values/parse-value.ts';
import { fail, notApplicable, pass, type ResultRule } from '../rule.ts';

/**
 * Whether every value the result can stand for lies inside the limits: an exact number itself; `<x` any value from
 * 0 (or −∞ where negatives are allowed) up to x; `>x` any value above x.
 */
function certainlyInside(v: NumericValue, limits: { low?: number; high?: number }, allowNegative: boolean): boolean {
  const { low, high } = limits;
  const n = v.value;
  if (!v.comparator) return (low === undefined || n >= low) && (high === undefined || n <= high);
  if (v.comparator.startsWith('<')) return (low === undefined || (!allowNegative && low <= 0)) && (high === undefined || n <= high);
  return high === undefined && (low === undefined || n >= low);
}

/**
 * The number against the test's auto-verification limits (自动审核范围), or its reference range when none are set. A
 * quantitative test with neither is held: what is not configured is not verified.
 */
export const autoverifyLimits: ResultRule = {
  id: 'autoverify-limits',
  scope: 'result',
  check: (r) => {
    if (r.value.kind !== 'number') return notApplicable({}, bilingual('非数值结果', 'not a numeric result'));
    const configured = r.config?.autoverifyLimits;
    const range = r.interpretation?.range;
    const limits = configured ?? (range && (range.low !== undefined || range.high !== undefined) ? { low: range.low, high: range.high } : undefined);
    const source = configured ? 'autoverify-limits' : 'reference-range';
    const shown = formatParsedValue(r.value);
    if (!limits) return fail({ value: shown, source: null }, bilingual('未设置自动审核范围，也没有适用的数值参考范围', 'no auto-verification limits and no numeric reference range apply'));
    const observed = { value: shown, low: limits.low ?? null, high: limits.high ?? null, source };
    const text = configured
      ? limits.low !== undefined && limits.high !== undefined
        ? `${formatNumber(limits.low)}–${formatNumber(limits.high)}`
        : limits.high !== undefined
          ? `≤${formatNumber(limits.high)}`
          : `≥${formatNumber(limits.low!)}`
      : formatReferenceRange(range!);
    const nameZh = configured ? '自动审核范围' : '参考范围（未设自动审核范围）';
    const nameEn = configured ? 'auto-verification limits' : 'reference range (no auto-verification limits set)';
    if (!certainlyInside(r.value, limits, !!r.config?.plausibility?.allowNegative)) {
      const bound = r.value.comparator ? bilingual('（界值所代表的可能取值不全在范围内）', ' (not every value the bound stands for lies inside)') : bilingual('', '');
      return fail(observed, bilingual(`${shown} 超出${nameZh} ${text}${bound['zh-CN']}`, `${shown} is outside the ${nameEn} ${text}${bound.en}`));
    }
    return pass(observed, bilingual(`${shown} 在${nameZh} ${text} 之内`, `${shown} is within the ${nameEn} ${text}`));
  },
};
