import { inputError } from './errors.ts';

/** A point in time: ISO 8601 text, epoch milliseconds or a Date. */
export type Instant = string | number | Date;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Epoch milliseconds of an instant; refuses what is not a time rather than comparing NaN. */
export function toMillis(instant: Instant, path: string): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw inputError(path, `不是有效的时间：${String(instant)}`, `Not a valid time: ${String(instant)}`);
  return ms;
}
