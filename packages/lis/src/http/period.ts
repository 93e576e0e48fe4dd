import { fieldError } from './errors.ts';
import { isDate } from './schema.ts';

/**
 * A reporting period in whole days of China time (Asia/Shanghai, no daylight saving): `from`/`to` inclusive dates,
 * `start`/`end` the half-open instants `[start, end)` the queries use.
 */
export interface Period {
  from: string;
  to: string;
  start: string;
  end: string;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The China-time calendar date of an instant. */
export const chinaDate = (at: Date | number | string = new Date()): string => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
/** The instant a China-time day starts. */
export const chinaDayStart = (day: string): string => `${day}T00:00:00+08:00`;
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
/** The China-time hour (0–23) of an instant. */
export const chinaHour = (at: Date | number | string): number => new Date(new Date(at).getTime() + CHINA_OFFSET_MS).getUTCHours();

export function monthPeriod(month: string, field = 'month'): Period {
  const m = MONTH.exec(month);
  if (!m) throw fieldError(400, field, `${field} 应为年月 YYYY-MM`, `${field} must be a month YYYY-MM`);
  const from = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1), start: chinaDayStart(from), end: chinaDayStart(next) };
}

/**
 * The period of a request: `month=YYYY-MM`, or `from`/`to` dates (a missing `to` is today, a missing `from` the
 * `defaultDays` before `to`), refusing periods longer than `maxDays`.
 */
export function periodOf(q: { month?: string; from?: string; to?: string }, options: { defaultDays?: number; maxDays?: number; now?: Date } = {}): Period {
  if (q.month && (q.from || q.to)) throw fieldError(400, 'month', 'month 与 from/to 只能给出一种', 'Give either month or from/to, not both');
  if (q.month) return monthPeriod(q.month);
  const to = q.to ?? chinaDate(options.now);
  if (!isDate(to)) throw fieldError(400, 'to', 'to 应为日期 YYYY-MM-DD', 'to must be a date YYYY-MM-DD');
  const from = q.from ?? addDays(to, -((options.defaultDays ?? 1) - 1));
  if (!isDate(from)) throw fieldError(400, 'from', 'from 应为日期 YYYY-MM-DD', 'from must be a date YYYY-MM-DD');
  if (to < from) throw fieldError(400, 'to', 'to 不能早于 from', 'to must not be before from');
  const maxDays = options.maxDays ?? 3 * 366;
  if ((Date.parse(to) - Date.parse(from)) / DAY_MS + 1 > maxDays) throw fieldError(400, 'to', `统计区间最长 ${maxDays} 天`, `The period may span at most ${maxDays} days`);
  return { from, to, start: chinaDayStart(from), end: chinaDayStart(addDays(to, 1)) };
}

/** The days of a period, in order (for series that show empty days too). */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The period of a statistics request: `month`, or `from`/`to`, or by default the current month. */
export function statsPeriod(q: { month?: string; from?: string; to?: string }): Period {
  if (!q.month && !q.from && !q.to) return monthPeriod(chinaDate().slice(0, 7));
  return periodOf(q, { maxDays: 3 * 366 });
}
