import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellValue = string | number | boolean | null | Date;

export interface SheetColumn<R> {
  header: string;
  width?: number;
  /** Excel number format, e.g. `0.00` or `0.0%`. */
  numFmt?: string;
  value: (row: R) => CellValue | undefined;
}

export interface SheetSpec<R> {
  /** Excel allows 31 characters and no []:*?/\ — cleaned here. */
  name: string;
  /** A bold first row above the header (report name, laboratory, period). */
  title?: string;
  columns: SheetColumn<R>[];
  rows: Iterable<R> | AsyncIterable<R>;
}

const cleanSheetName = (name: string): string => name.replace(/[[\]:*?/\\]/g, '_').trim().slice(0, 31) || 'Sheet1';

/** ASCII `filename` for old clients and RFC 5987 `filename*` with the Chinese name. */
export function attachment(asciiName: string, chineseName: string): string {
  const encoded = encodeURIComponent(chineseName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a workbook into the response with exceljs' streaming writer: each row is committed as it is written, so
 * the memory held is one row, not the sheet. Build the rows' source before calling (a query error is then still a
 * clean 4xx/5xx); an error while streaming can only break the download, and is rethrown for the caller to audit.
 */
export async function streamWorkbook(reply: FastifyReply, file: { ascii: string; chinese: string }, sheets: SheetSpec<unknown>[]): Promise<number> {
  const out = new PassThrough();
  reply.type(XLSX_TYPE).header('content-disposition', attachment(file.ascii, file.chinese)).header('cache-control', 'no-store');
  void reply.send(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let written = 0;
  try {
    for (const spec of sheets) {
      const headerRow = spec.title ? 2 : 1;
      const sheet = workbook.addWorksheet(cleanSheetName(spec.name), { views: [{ state: 'frozen', ySplit: headerRow }] });
      sheet.columns = spec.columns.map((c) => ({ width: c.width ?? 14, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
      if (spec.title) {
        const title = sheet.addRow([spec.title]);
        title.font = { bold: true, size: 13 };
        if (spec.columns.length > 1) sheet.mergeCells(1, 1, 1, spec.columns.length);
        title.commit();
      }
      const header = sheet.addRow(spec.columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();
      for await (const row of spec.rows) {
        sheet.addRow(spec.columns.map((c) => c.value(row) ?? null)).commit();
        written++;
        // The zip stream writes into `out`; wait when the client reads slower than we write.
        if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
      }
      sheet.commit();
    }
    await workbook.commit();
  } catch (err) {
    out.destroy(err as Error);
    throw err;
  }
  return written;
}
