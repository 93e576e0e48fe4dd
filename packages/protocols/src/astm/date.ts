/** ASTM date/time `YYYYMMDD[HH[MM[SS]]]` carries no zone: read and written in local time unless an offset is given. */
export interface AstmDateOptions {
  /** Minutes east of UTC the instrument's clock runs on (China: 480). Default: this process's local time. */
  utcOffsetMinutes?: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function formatAstmDate(date: Date, options: AstmDateOptions = {}): string {
  const shifted = options.utcOffsetMinutes === undefined ? undefined : new Date(date.getTime() + options.utcOffsetMinutes * 60_000);
  const parts = shifted
    ? [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  return pad(parts[0], 4) + parts.slice(1).map((p) => pad(p)).join('');
}

/** The instant an ASTM date names, or undefined when the text is not a valid date. */
export function parseAstmDate(text: string, options: AstmDateOptions = {}): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2}))?)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date =
    options.utcOffsetMinutes === undefined
      ? new Date(y, mo - 1, d, h, mi, s)
      : new Date(Date.UTC(y, mo - 1, d, h, mi, s) - options.utcOffsetMinutes * 60_000);
  // Reject roll-overs such as 20240231.
  const check = options.utcOffsetMinutes === undefined ? date.getDate() : new Date(date.getTime() + options.utcOffsetMinutes * 60_000).getUTCDate();
  return check === d ? date : undefined;
}

/** Builders accept a Date (formatted in local time) or an already formatted ASTM date. */
export function astmDateValue(value: Date | string | undefined): string | undefined {
  return value instanceof Date ? formatAstmDate(value) : value;
}
