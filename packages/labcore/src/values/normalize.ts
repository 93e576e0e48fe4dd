/**
 * Instrument and keyboard text to one form: full-width characters to half-width (NFKC: `＜０．１` → `<0.1`), the
 * many dashes and minus signs to `-`, runs of spaces to one.
 */
export function normalizeText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2212\u2010-\u2015\uFE63]/g, '-')
    .replace(/≦/g, '≤')
    .replace(/≧/g, '≥')
    .replace(/\s+/g, ' ')
    .trim();
}
