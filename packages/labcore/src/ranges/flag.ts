import { judgeCritical } from '../critical/judge.ts';
import type { CriticalLimit } from '../critical/types.ts';
import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { formatParsedValue, parseResultValue, type NumericValue, type ParsedValue } from '../values/parse-value.ts';
import { qualitativeMatches } from '../values/qualitative.ts';
import { flagDisplay, type FlagDisplay } from './display.ts';
import { formatReferenceRange } from './format.ts';
import { checkPlausibility } from './plausibility.ts';
import type { PlausibilityLimits, ReferenceRange, ResultFlag } from './types.ts';

export interface FlagInput {
  value: string | number | ParsedValue;
  /** The range already chosen for the patient (see selectReferenceRange). */
  range?: ReferenceRange;
  /** The critical limit already chosen for the patient (see selectCriticalLimit). */
  critical?: CriticalLimit;
  plausibility?: PlausibilityLimits;
}

export interface FlagResult {
  flag: ResultFlag | null;
  value: ParsedValue;
  /** The instrument reported a bound (`<0.10`), not a value. */
  censored: boolean;
  display: FlagDisplay;
  reason: Bilingual;
}

function result(flag: ResultFlag | null, value: ParsedValue, reason: Bilingual): FlagResult {
  return { flag, value, censored: value.kind === 'number' && !!value.comparator, display: flagDisplay(flag), reason };
}

/**
 * Where a number lies against a range. A bound is placed where it certainly lies when it can be (`<2` below a range
 * starting at 3.5 is certainly low); otherwise the bound itself is judged, and the reason says so.
 */
function placeNumber(v: NumericValue, r: ReferenceRange): { side: 'low' | 'high' | 'in'; certain: boolean } {
  const { low, high } = r;
  const below = (n: number): boolean => low !== undefined && (r.lowExclusive ? n <= low : n < low);
  const above = (n: number): boolean => high !== undefined && (r.highExclusive ? n >= high : n > high);
  const n = v.value;
  if (v.comparator === '<' && low !== undefined && n <= low) return { side: 'low', certain: true };
  if (v.comparator === '<=' && below(n)) return { side: 'low', certain: true };
  if (v.comparator === '>' && high !== undefined && n >= high) return { side: 'high', certain: true };
  if (v.comparator === '>=' && above(n)) return { side: 'high', certain: true };
  return { side: below(n) ? 'low' : above(n) ? 'high' : 'in', certain: !v.comparator };
}

function flagNumber(v: NumericValue, input: FlagInput): FlagResult {
  const plausibility = checkPlausibility(v, input.plausibility);
  if (!plausibility.plausible) return result('implausible', v, plausibility.reason);
  if (input.critical) {
    const c = judgeCritical(v, input.critical);
    if (c.critical) return result(c.direction === 'low' ? 'LL' : 'HH', v, c.reason);
  }
  const r = input.range;
  const shown = formatParsedValue(v);
  if (!r) return result(null, v, bilingual(`${shown}：没有适用的参考范围，未判断高低`, `${shown}: no reference range applies; not flagged`));
  if (r.low === undefined && r.high === undefined) {
    return result(null, v, bilingual(`${shown}：参考范围为定性（${formatReferenceRange(r)}），结果为数值，无法判断`, `${shown}: the reference range is qualitative (${formatReferenceRange(r)}) but the result is a number; not flagged`));
  }
  const place = placeNumber(v, r);
  const range = formatReferenceRange(r);
  const note = place.certain ? bilingual('', '') : bilingual('（仪器报告为界值，按界值判断）', ' (the instrument reported a bound; judged by the bound)');
  if (place.side === 'low') return result('L', v, bilingual(`${shown} 低于参考范围下限 ${formatNumber(r.low!)}（参考范围 ${range}）${note['zh-CN']}`, `${shown} is below the reference range (${range})${note.en}`));
  if (place.side === 'high') return result('H', v, bilingual(`${shown} 高于参考范围上限 ${formatNumber(r.high!)}（参考范围 ${range}）${note['zh-CN']}`, `${shown} is above the reference range (${range})${note.en}`));
  return result('N', v, bilingual(`${shown} 在参考范围 ${range} 之内${note['zh-CN']}`, `${shown} is within the reference range ${range}${note.en}`));
}

function flagText(v: ParsedValue & { kind: 'text' }, input: FlagInput): FlagResult {
  if (input.critical) {
    const c = judgeCritical(v, input.critical);
    if (c.critical) return result('AA', v, c.reason);
  }
  const r = input.range;
  if (!r) return result(null, v, bilingual(`“${v.text}”：没有适用的参考范围，未判断`, `"${v.text}": no reference range applies; not flagged`));
  if (!r.expected?.length) {
    return result(null, v, bilingual(`“${v.text}”：结果为文字，参考范围为数值（${formatReferenceRange(r)}），无法判断`, `"${v.text}": a text result against a numeric range (${formatReferenceRange(r)}); not flagged`));
  }
  const expected = r.expected.join('/');
  return r.expected.some((e) => qualitativeMatches(v.text, e))
    ? result('N', v, bilingual(`“${v.text}”符合预期结果（${expected}）`, `"${v.text}" is the expected result (${expected})`))
    : result('A', v, bilingual(`“${v.text}”不符合预期结果（${expected}）`, `"${v.text}" is not the expected result (${expected})`));
}

/**
 * The flag of one result: implausible first (never silently accepted), then critical (LL/HH/AA), then against the
 * reference range (L/H/N for numbers, A/N for qualitative results). No range, no flag — with the reason.
 */
export function flagResult(input: FlagInput): FlagResult {
  const v = parseResultValue(input.value);
  if (v.kind === 'empty') return result(null, v, bilingual('无结果', 'no result'));
  return v.kind === 'number' ? flagNumber(v, input) : flagText(v, input);
}
