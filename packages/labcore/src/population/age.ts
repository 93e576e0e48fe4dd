import { inputError } from '../errors.ts';
import { bilingual, formatNumber, type Bilingual } from '../text.ts';
import { toMillis, type Instant } from '../time.ts';

export type AgeUnit = 'day' | 'month' | 'year';

/** An age limit as written in a reference range: 28 days, 6 months, 18 years. */
export interface AgeBound {
  value: number;
  unit: AgeUnit;
}

/** Completed days, calendar months and years of life (周岁) — each unit counted on its own, as ranges are written. */
export interface Age {
  days: number;
  months: number;
  years: number;
}

/** China Standard Time: a specimen taken at 07:30 on the 2nd in Beijing is on the 2nd, not the 1st as in UTC. */
export const DEFAULT_UTC_OFFSET_MINUTES = 480;

interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

function calendarDate(instant: Instant, offsetMinutes: number, path: string): CalendarDate {
  if (typeof instant === 'string') {
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(instant.trim());
    if (dateOnly) return { y: Number(dateOnly[1]), m: Number(dateOnly[2]), d: Number(dateOnly[3]) };
  }
  const local = new Date(toMillis(instant, path) + offsetMinutes * 60_000);
  return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

const dayNumber = (c: CalendarDate): number => Date.UTC(c.y, c.m - 1, c.d) / 86_400_000;

/**
 * Age on a date from a birth date (date-only text is taken as the calendar date it names; times are read in the
 * laboratory's time zone, default UTC+8). Months and years are completed calendar months and years.
 */
export function ageAt(birthDate: Instant, at: Instant, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): Age {
  const birth = calendarDate(birthDate, utcOffsetMinutes, 'birthDate');
  const on = calendarDate(at, utcOffsetMinutes, 'at');
  const days = dayNumber(on) - dayNumber(birth);
  if (days < 0) throw inputError('birthDate', '出生日期晚于标本日期', 'The birth date is after the date of the specimen');
  const months = (on.y - birth.y) * 12 + (on.m - birth.m) - (on.d < birth.d ? 1 : 0);
  return { days, months, years: Math.floor(months / 12) };
}

/** An age known only in days (e.g. sent by the HIS): months and years by average lengths. */
export function ageFromDays(days: number): Age {
  if (!(days >= 0)) throw inputError('ageDays', '年龄（天）不能为负', 'Age in days cannot be negative');
  return { days: Math.floor(days), months: Math.floor(days / 30.4375), years: Math.floor(days / 365.25) };
}

/** An age known only in completed years. */
export function ageFromYears(years: number): Age {
  if (!(years >= 0)) throw inputError('ageYears', '年龄（岁）不能为负', 'Age in years cannot be negative');
  const y = Math.floor(years);
  return { days: Math.floor(y * 365.25), months: y * 12, years: y };
}

/** The age counted in the bound's unit: compared as ranges are written (28 天 against days, 18 岁 against years). */
export function ageIn(age: Age, unit: AgeUnit): number {
  return unit === 'day' ? age.days : unit === 'month' ? age.months : age.years;
}

/** Approximate days of a bound, only to compare how wide age bands are. */
export function boundDays(bound: AgeBound): number {
  return bound.value * (bound.unit === 'day' ? 1 : bound.unit === 'month' ? 30.4375 : 365.25);
}

const UNIT_NAMES: Readonly<Record<AgeUnit, [string, string, string]>> = {
  day: ['天', 'day', 'days'],
  month: ['个月', 'month', 'months'],
  year: ['岁', 'year', 'years'],
};

export function formatAgeBound(bound: AgeBound): Bilingual {
  const [zh, one, many] = UNIT_NAMES[bound.unit];
  return bilingual(`${formatNumber(bound.value)}${zh}`, `${formatNumber(bound.value)} ${bound.value === 1 ? one : many}`);
}

export function formatAge(age: Age): Bilingual {
  if (age.days < 31) return formatAgeBound({ value: age.days, unit: 'day' });
  if (age.years < 2) return formatAgeBound({ value: age.months, unit: 'month' });
  return formatAgeBound({ value: age.years, unit: 'year' });
}
