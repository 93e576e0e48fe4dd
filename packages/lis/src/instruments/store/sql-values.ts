/** PostgreSQL text cannot hold NUL: analyzers' stray NULs are dropped from values kept as text. */
export function cleanText(value: string): string;
export function cleanText(value: string | undefined): string | undefined;
export function cleanText(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.replaceAll('\u0000', '');
}

/** Timestamps come back as Date (pg) or Date/string (PGlite); the API speaks ISO 8601. */
export function iso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/** bytea comes back as Buffer (pg) or Uint8Array (PGlite). */
export function bytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return Buffer.alloc(0);
}

/** jsonb comes back parsed by both drivers, but be tolerant of text. */
export function json<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A keyset cursor (`before`) is a row id: digits only, or nothing. */
export function cursor(value: string | undefined): string | undefined {
  return value && /^\d{1,18}$/.test(value) ? value : undefined;
}
