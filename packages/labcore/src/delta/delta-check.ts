import { inputError } from '../errors.ts';
import { tidy } from '../stats/precision.ts';
import { bilingual, formatNumber, joinBilingual, type Bilingual } from '../text.ts';
import { DAY_MS, toMillis, type Instant } from '../time.ts';
import { formatParsedValue, parseResultValue, type ParsedValue } from '../values/parse-value.ts';

/**
 * A test's delta-check limits (CLSI EP33). Any limit given is checked; the check fails when any is exceeded.
 * Differences are current − previous.
 */
export interface DeltaRule {
  /** Only a previous result at most this many days before the current one is compared. */
  windowDays: number;
  /** |current − previous| above this fails. */
  maxAbsolute?: number;
  /** |current − previous| / |previous| × 100 above this fails. */
  maxPercent?: number;
  /** |current − previous| per day above this fails (rate of change). */
  maxRatePerDay?: number;
  /** Judge only rises or only falls (e.g. a falling haemoglobin). Default both. */
  direction?: 'both' | 'increase' | 'decrease';
}

export interface DeltaObservation {
  id?: string;
  value: string | number | ParsedValue;
  /** When the specimen was collected (or, failing that, resulted). */
  time: Instant;
}

export type DeltaMeasure = 'absolute' | 'percent' | 'rate';

export interface DeltaResult {
  status: 'pass' | 'fail' | 'no-previous' | 'not-numeric';
  previous?: { id?: string; value: number; time: number };
  days?: number;
  absolute?: number;
  percent?: number;
  ratePerDay?: number;
  exceeded: DeltaMeasure[];
  reason: Bilingual;
}

function numeric(v: string | number | ParsedValue): number | null {
  const p = parseResultValue(v);
  return p.kind === 'number' && !p.comparator ? p.value : null;
}

const signed = (x: number): string => `${x > 0 ? '+' : ''}${formatNumber(x)}`;

/**
 * Compares a result with the same patient's most recent earlier result of the same test within the window. A bound
 * (`<0.1`) or a text is not compared; a previous result of 0 has no percent change, two results at the same time no
 * rate — those measures are skipped, with the reason saying so.
 */
export function deltaCheck(current: DeltaObservation, history: readonly DeltaObservation[], rule: DeltaRule): DeltaResult {
  if (!(rule.windowDays > 0)) throw inputError('rule.windowDays', 'windowDays 必须大于 0', 'windowDays must be greater than 0');
  const now = toMillis(current.time, 'current.time');
  const value = numeric(current.value);
  if (value === null) {
    return { status: 'not-numeric', exceeded: [], reason: bilingual(`当前结果“${formatParsedValue(parseResultValue(current.value))}”不是确切数值，不做差值检查`, `the current result "${formatParsedValue(parseResultValue(current.value))}" is not an exact number; no delta check`) };
  }
  let previous: { id?: string; value: number; time: number } | undefined;
  history.forEach((h, i) => {
    const t = toMillis(h.time, `history[${i}].time`);
    const v = numeric(h.value);
    if (v === null || t >= now || now - t > rule.windowDays * DAY_MS) return;
    if (!previous || t > previous.time) previous = { ...(h.id ? { id: h.id } : {}), value: v, time: t };
  });
  if (!previous) {
    return { status: 'no-previous', exceeded: [], reason: bilingual(`${rule.windowDays} 天内没有可比较的历史结果`, `no earlier numeric result within ${rule.windowDays} days`) };
  }

  const absolute = tidy(value - previous.value);
  const days = tidy((now - previous.time) / DAY_MS);
  const percent = previous.value === 0 ? undefined : tidy((absolute / Math.abs(previous.value)) * 100);
  const ratePerDay = days > 0 ? tidy(absolute / days) : undefined;
  const direction = rule.direction ?? 'both';
  const counts = direction === 'both' || (direction === 'increase' ? absolute > 0 : absolute < 0);

  const exceeded: DeltaMeasure[] = [];
  const parts: Bilingual[] = [];
  const judge = (measure: DeltaMeasure, observed: number | undefined, limit: number | undefined, unitZh: string, unitEn: string, skippedZh: string, skippedEn: string): void => {
    if (limit === undefined) return;
    if (observed === undefined) {
      parts.push(bilingual(skippedZh, skippedEn));
      return;
    }
    const over = counts && Math.abs(observed) > limit;
    if (over) exceeded.push(measure);
    parts.push(bilingual(`${unitZh} ${signed(observed)}（限值 ${formatNumber(limit)}）${over ? '超限' : '未超限'}`, `${unitEn} ${signed(observed)} (limit ${formatNumber(limit)}) ${over ? 'exceeded' : 'within'}`));
  };
  judge('absolute', absolute, rule.maxAbsolute, '差值', 'difference', '', '');
  judge('percent', percent, rule.maxPercent, '变化率%', 'change %', '上次结果为 0，不计算变化率', 'previous result is 0: no percent change');
  judge('rate', ratePerDay, rule.maxRatePerDay, '每日变化', 'change per day', '两次结果时间相同，不计算每日变化', 'both results at the same time: no rate');

  const head = bilingual(
    `与 ${formatNumber(days)} 天前结果 ${formatNumber(previous.value)} 比较，当前 ${formatNumber(value)}`,
    `compared with ${formatNumber(previous.value)} from ${formatNumber(days)} days earlier, now ${formatNumber(value)}`,
  );
  const directionNote = counts ? bilingual('', '') : bilingual(`（仅判断${direction === 'increase' ? '升高' : '降低'}）`, ` (only ${direction === 'increase' ? 'rises' : 'falls'} are judged)`);
  const detail = parts.length ? joinBilingual(parts, { zh: '，', en: ', ' }) : bilingual('未设置差值限值', 'no delta limits set');
  return {
    status: exceeded.length ? 'fail' : 'pass',
    previous,
    days,
    absolute,
    ...(percent !== undefined ? { percent } : {}),
    ...(ratePerDay !== undefined ? { ratePerDay } : {}),
    exceeded,
    reason: bilingual(`${head['zh-CN']}：${detail['zh-CN']}${directionNote['zh-CN']}`, `${head.en}: ${detail.en}${directionNote.en}`),
  };
}
