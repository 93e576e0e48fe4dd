import { hasPermission, type Principal } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';

/** A statistics period: whole days in China time, `[start, end)` as instants for the queries. */
export interface Period {
  from: string;
  to: string;
  start: string;
  end: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3 * 366;

const dayAfter = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const chinaStart = (day: string): string => `${day}T00:00:00+08:00`;
/** Today's date in China time. */
export const chinaToday = (now = new Date()): string => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function validDay(value: string, field: string): string {
  if (!DAY.test(value) || new Date(Date.parse(`${value}T00:00:00Z`)).toISOString().slice(0, 10) !== value) {
    throw fieldError(400, field, `${field} 应为日期 YYYY-MM-DD`, `${field} must be a date YYYY-MM-DD`);
  }
  return value;
}

/**
 * The period of a statistics request: `month=YYYY-MM`, or `from`/`to` dates (inclusive; a missing `to` is today, a
 * missing `from` the same day as `to`), or by default the current month. Days are China time (Asia/Shanghai, no DST).
 */
export function periodOf(q: { month?: string; from?: string; to?: string }, now = new Date()): Period {
  if (q.month && (q.from || q.to)) throw fieldError(400, 'month', 'month 与 from/to 只能给出一种', 'Give either month or from/to, not both');
  if (q.from || q.to) {
    const from = validDay(q.from ?? q.to!, q.from ? 'from' : 'to');
    const to = validDay(q.to ?? chinaToday(now), 'to');
    if (to < from) throw fieldError(400, 'to', 'to 不能早于 from', 'to must not be before from');
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_DAYS) throw fieldError(400, 'to', '统计区间最长三年', 'The period may span at most three years');
    return { from, to, start: chinaStart(from), end: chinaStart(dayAfter(to)) };
  }
  const month = q.month ?? chinaToday(now).slice(0, 7);
  const m = MONTH.exec(month);
  if (!m) throw fieldError(400, 'month', 'month 应为年月 YYYY-MM', 'month must be a month YYYY-MM');
  const from = `${month}-01`;
  const next = Number(m[2]) === 12 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(Number(m[2]) + 1).padStart(2, '0')}-01`;
  return { from, to: new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10), start: chinaStart(from), end: chinaStart(next) };
}

/** Region-wide callers (the region administrator, or a role held without an institution) see every institution. */
export const seesRegion = (p: Principal): boolean => p.regionAdmin || !p.institution;

/**
 * The institution a statistics request is about: a region-wide caller may name any (or none: the whole region);
 * anyone else sees only the institution they act for, and naming another is a 403.
 */
export function scopeOf(p: Principal, requested: string | undefined): string | undefined {
  if (!hasPermission(p, 'recognition.stats')) throw fieldError(403, 'permission', '需要 recognition.stats 权限', 'Permission recognition.stats is required', 'forbidden');
  if (seesRegion(p)) return requested || undefined;
  if (requested && requested !== p.institution) throw fieldError(403, 'institution', '只能查看本机构的统计', 'You may see the statistics of your own institution only', 'forbidden');
  return p.institution;
}
