/**
 * FHIR dates are ranges: `2024` means the whole year. We index and search the inclusive range
 * [lo, hi] in milliseconds. Values without a zone are read in the server's zone (China: +08:00).
 */
export interface DateRange {
  lo: Date;
  hi: Date;
}

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export function parseFhirDateRange(value: string, defaultOffset = '+08:00'): DateRange | undefined {
  const m = DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const offset = zone ?? defaultOffset;
  const iso = (yy: string, mm = '01', dd = '01', hh = '00', mn = '00', ss = '00', ms = '000') =>
    new Date(`${yy}-${mm}-${dd}T${hh}:${mn}:${ss}.${ms}${offset}`);
  const year = Number(y);
  // JS Date rolls impossible days over (2024-02-30 → March 1), so check the day against the month ourselves.
  if (d !== undefined && (Number(d) < 1 || Number(d) > new Date(Date.UTC(year, Number(mo), 0)).getUTCDate())) return undefined;
  let lo: Date;
  let next: Date;
  if (mo === undefined) {
    lo = iso(y);
    next = iso(String(year + 1).padStart(4, '0'));
  } else if (d === undefined) {
    lo = iso(y, mo);
    const nextMonth = Number(mo) === 12 ? iso(String(year + 1).padStart(4, '0')) : iso(y, String(Number(mo) + 1).padStart(2, '0'));
    next = nextMonth;
  } else if (h === undefined) {
    lo = iso(y, mo, d);
    next = new Date(lo.getTime() + 86_400_000);
  } else if (s === undefined) {
    lo = iso(y, mo, d, h, mi);
    next = new Date(lo.getTime() + 60_000);
  } else if (frac === undefined) {
    lo = iso(y, mo, d, h, mi, s);
    next = new Date(lo.getTime() + 1000);
  } else {
    const ms = frac.padEnd(3, '0').slice(0, 3);
    lo = iso(y, mo, d, h, mi, s, ms);
    next = new Date(lo.getTime() + 1);
  }
  if (Number.isNaN(lo.getTime()) || Number.isNaN(next.getTime())) return undefined;
  return { lo, hi: new Date(next.getTime() - 1) };
}
