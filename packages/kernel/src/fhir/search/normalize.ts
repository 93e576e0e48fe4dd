/**
 * String normalisation for FHIR string search: case- and accent-insensitive, full-width to half-width.
 * CJK characters are kept as they are, so `name=张三` prefix-matches 张三丰.
 */
export function normalizeString(value: string): string {
  return value
    .normalize('NFKD') // also folds full-width Latin (Ｚｈａｎｇ) to ASCII
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes LIKE wildcards so user input can never widen a pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
