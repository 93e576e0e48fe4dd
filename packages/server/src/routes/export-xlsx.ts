import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import type { Kernel } from '@medunion/kernel';
import { contextOf, principalOf, requirePermission } from '../http/principal.ts';
import { openExportSearch } from './export.ts';
import { compileColumns, parseXlsxRequest } from './export-xlsx.columns.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DEFAULT_WIDTH = 16;

/** `yyyyMMddHHmm` in China time, for file names people sort by. */
function stamp(now = new Date()): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}`;
}

/** Excel forbids []:*?/\ in sheet names and allows at most 31 characters. */
function sheetNameOf(requested: string | undefined, fallback: string): string {
  const cleaned = (requested ?? '').replace(/[[\]:*?/\\]/g, '_').trim().slice(0, 31);
  return cleaned || fallback;
}

/** ASCII `filename` for old clients, RFC 5987 `filename*` carrying the (possibly Chinese) sheet name. */
function contentDisposition(resourceType: string, sheetName: string | undefined, time: string): string {
  const ascii = `${resourceType}-${time}.xlsx`;
  if (!sheetName) return `attachment; filename="${ascii}"`;
  const encoded = encodeURIComponent(`${sheetName}-${time}.xlsx`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Excel export of a FHIR search's complete result: one row per resource, one column per FHIRPath
 * expression, streamed page by page through exceljs' streaming writer. Same path as the NDJSON export:
 * interface `export` (so policies restricting exports apply), permission data.export, audited with the
 * row count. Unknown search parameters are refused rather than ignored (an export must not widen).
 */
export async function exportXlsxRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.post<{ Params: { type: string } }>(
    '/api/export/:type/xlsx',
    {
      preHandler: requirePermission('data.export'),
      schema: {
        tags: ['export'],
        summary: 'Export every resource a FHIR search matches to an Excel workbook (导出Excel)',
        description:
          'Body: { query?: FHIR search string without "?", columns: [{ header, expression (FHIRPath; several results joined with "；"), width? }] (1–50), sheetName?, title? (first row) }. ' +
          'Streams all pages; header row bold and frozen. Permission data.export; audited with the row count.',
        params: { type: 'object', properties: { type: { type: 'string', pattern: '^[A-Z][A-Za-z]{1,63}$' } } },
        body: { type: 'object' },
      },
    },
    async (req, reply) => {
      const request = parseXlsxRequest(req.body);
      const resourceType = req.params.type;
      const columns = compileColumns(resourceType, request.columns);
      const search = await openExportSearch(kernel, { ...contextOf(req, 'export'), strictHandling: true }, resourceType, request.query);
      const pages = search.pages();
      // Evaluate the first page before the headers go out: an expression failing on real data is still a 400.
      const first = await pages.next();
      const firstRows = first.done ? [] : first.value.map((resource) => columns.map((c) => c.value(resource)));

      const time = stamp();
      reply.raw.writeHead(200, { 'content-type': XLSX_TYPE, 'content-disposition': contentDisposition(resourceType, request.sheetName, time), 'cache-control': 'no-store' });
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: reply.raw, useStyles: true, useSharedStrings: false });
      const headerRowNumber = request.title ? 2 : 1;
      const sheet = workbook.addWorksheet(sheetNameOf(request.sheetName, resourceType), { views: [{ state: 'frozen', ySplit: headerRowNumber }] });
      sheet.columns = columns.map((c) => ({ width: c.width ?? DEFAULT_WIDTH }));
      if (request.title) {
        const titleRow = sheet.addRow([request.title]);
        titleRow.font = { bold: true, size: 14 };
        if (columns.length > 1) sheet.mergeCells(1, 1, 1, columns.length);
        titleRow.commit();
      }
      const header = sheet.addRow(columns.map((c) => c.header));
      header.font = { bold: true };
      header.commit();

      let exported = 0;
      const write = async (rows: (string | number | boolean | null)[][]) => {
        for (const values of rows) sheet.addRow(values).commit();
        exported += rows.length;
        // exceljs writes into the response through its zip stream; wait when the socket is behind.
        if (reply.raw.writableNeedDrain) await new Promise((resolve) => reply.raw.once('drain', resolve));
      };
      try {
        await write(firstRows);
        for await (const resources of pages) await write(resources.map((resource) => columns.map((c) => c.value(resource))));
        sheet.commit();
        await workbook.commit();
      } catch (err) {
        // Headers are gone: the only honest signal left is a broken download (and a failed audit entry).
        req.log.warn({ err }, 'Excel export aborted');
        reply.raw.destroy(err as Error);
        await kernel.audit.record({ action: 'export', outcome: '8', principal: principalOf(req), resourceType, query: search.query, detail: `Excel export aborted after ${exported} rows: ${(err as Error).message}`, sourceIp: req.ip });
        return reply;
      }
      await kernel.audit.record({ action: 'export', principal: principalOf(req), resourceType, query: search.query, detail: `${exported} rows exported to Excel`, sourceIp: req.ip });
      return reply;
    },
  );
}
