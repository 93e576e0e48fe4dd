import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { normalizeText } from '../values/normalize.ts';
import { formatParsedValue, parseResultValue, type ParsedValue } from '../values/parse-value.ts';
import { qualitativeMatches, qualitativeMeaning } from '../values/qualitative.ts';
import type { CriticalJudgement, CriticalLimit } from './types.ts';

const withNote = (reason: Bilingual, limit: CriticalLimit): Bilingual =>
  limit.note ? bilingual(`${reason['zh-CN']}（${limit.note['zh-CN']}）`, `${reason.en} (${limit.note.en})`) : reason;

/**
 * Whether a result is critical under one limit. A bound reported by the instrument (`<2.0`, `>500`) is judged by the
 * bound itself: `>33.3` against a high limit of 25 is critical, and the reason says the value was a bound.
 */
export function judgeCritical(input: string | number | ParsedValue, limit: CriticalLimit): CriticalJudgement {
  const value = parseResultValue(input);
  const shown = formatParsedValue(value);
  if (value.kind === 'empty') return { critical: false, direction: null, reason: bilingual('无结果', 'no result') };
  if (value.kind === 'text') {
    const hit = limit.texts?.find((t) => qualitativeMatches(value.text, t));
    if (hit !== undefined) return { critical: true, direction: 'text', reason: withNote(bilingual(`结果“${shown}”属危急值（${hit}）`, `result "${shown}" is critical (${hit})`), limit) };
    const word = qualitativeMeaning(value.text).polarity === 'negative' ? undefined : limit.textIncludes?.find((w) => normalizeText(value.text).includes(normalizeText(w)));
    if (word !== undefined) return { critical: true, direction: 'text', reason: withNote(bilingual(`结果“${shown}”含危急值关键词“${word}”`, `result "${shown}" contains the critical word "${word}"`), limit) };
    return { critical: false, direction: null, reason: bilingual(`结果“${shown}”不属危急值`, `result "${shown}" is not critical`) };
  }
  const inclusive = limit.bounds !== 'exclusive';
  const v = value.value;
  const bound = value.comparator ? bilingual(`（仪器报告为界值 ${shown}，按界值判断）`, ` (the instrument reported the bound ${shown}; judged by the bound)`) : bilingual('', '');
  const isLow = limit.low !== undefined && (inclusive ? v <= limit.low : v < limit.low);
  const isHigh = limit.high !== undefined && (inclusive ? v >= limit.high : v > limit.high);
  if (isLow) {
    return { critical: true, direction: 'low', reason: withNote(bilingual(`${shown} ${inclusive ? '≤' : '<'} 危急值下限 ${formatNumber(limit.low!)}${bound['zh-CN']}`, `${shown} ${inclusive ? '≤' : '<'} the critical low limit ${formatNumber(limit.low!)}${bound.en}`), limit) };
  }
  if (isHigh) {
    return { critical: true, direction: 'high', reason: withNote(bilingual(`${shown} ${inclusive ? '≥' : '>'} 危急值上限 ${formatNumber(limit.high!)}${bound['zh-CN']}`, `${shown} ${inclusive ? '≥' : '>'} the critical high limit ${formatNumber(limit.high!)}${bound.en}`), limit) };
  }
  if (limit.low === undefined && limit.high === undefined) {
    return { critical: false, direction: null, reason: bilingual(`未设置数值危急值界限，${shown} 不作判断`, `no numeric critical limits are set; ${shown} is not judged`) };
  }
  const lo = limit.low === undefined ? '' : formatNumber(limit.low);
  const hi = limit.high === undefined ? '' : formatNumber(limit.high);
  return { critical: false, direction: null, reason: bilingual(`${shown} 未达危急值界限（${lo || '—'}，${hi || '—'}）`, `${shown} is within the critical limits (${lo || '—'}, ${hi || '—'})`) };
}
