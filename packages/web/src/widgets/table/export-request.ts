import type { ResourceColumn } from './table.types.ts';

/** `POST /api/export/:type/xlsx` body (helper contract: streamed workbook of every page of the query). */
export interface XlsxExportRequest {
  query?: string;
  columns: { header: string; expression: string; width?: number }[];
  sheetName?: string;
  title?: string;
}

/** Excel measures columns in characters; ~7 px per character at the console's font size. */
export const excelWidth = (px: number | undefined): number | undefined => (px === undefined ? undefined : Math.min(80, Math.max(6, Math.round(px / 7))));

/** The visible columns that can be exported (those with an expression), in the order shown. */
export function exportColumns<T>(visible: readonly ResourceColumn<T>[]): XlsxExportRequest['columns'] {
  return visible.filter((c) => c.expression).map((c) => ({ header: c.title, expression: c.expression!, width: excelWidth(c.width) }));
}

/** Excel refuses sheet names over 31 characters or containing : \ / ? * [ ]. */
export const sheetName = (name: string): string => name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Sheet1';

/**
 * The file name from a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` (how the server sends Chinese
 * names) wins over the plain `filename="…"`.
 */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      // Malformed percent-encoding: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
  if (!plain) return undefined;
  return (plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]).trim() || undefined;
}
