/**
 * Reading column values the same way from PostgreSQL (`pg`) and PGlite: `pg` returns bigint and numeric as strings
 * and `count(*)` as text; timestamps arrive as Date from both.
 */
export const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A stable 32-bit key for `pg_advisory_xact_lock`, so writers of one series queue instead of interleaving. */
export function lockKey(...parts: string[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
