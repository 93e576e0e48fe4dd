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
