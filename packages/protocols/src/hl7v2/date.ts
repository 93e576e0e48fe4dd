/** HL7 DTM: `YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]`. */
export interface Hl7DateOptions {
  /** Write this UTC offset in minutes (China: 480) and the time on that clock; default: local time, no zone. */
  utcOffsetMinutes?: number;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

export function formatHl7Date(date: Date, options: Hl7DateOptions = {}): string {
  if (options.utcOffsetMinutes === undefined) {
    return pad(date.getFullYear(), 4) + [date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => pad(n)).join('');
  }
  const offset = options.utcOffsetMinutes;
  const t = new Date(date.getTime() + offset * 60_000);
  const body = pad(t.getUTCFullYear(), 4) + [t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()].map((n) => pad(n)).join('');
  return `${body}${offset < 0 ? '-' : '+'}${pad(Math.trunc(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
}

/** The instant a DTM names; without a zone it is read as local time. Undefined if malformed. */
export function parseHl7Date(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2] ?? '01', m[3] ?? '01', m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  if (m[8]) {
    const offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset * 60_000);
  }
  return new Date(y, mo - 1, d, h, mi, s, ms);
}

/** Builders accept a Date (local time) or an already formatted DTM. */
export function hl7DateValue(value: Date | string | undefined): string | undefined {
  return value instanceof Date ? formatHl7Date(value) : value;
}
