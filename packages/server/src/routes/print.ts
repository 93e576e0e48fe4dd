import type { FastifyInstance } from 'fastify';
import { badRequest, type Kernel } from '@medunion/kernel';
import { barcodePng, checkBarcodeOptions, checkDocument, expandBarcodes, MAX_DOCUMENT_BYTES, PrintDocumentError, renderPdf } from '@medunion/print';
import { principalOf } from '../http/principal.ts';

/** Refusals of the print package become 400 OperationOutcomes naming the part of the request at fault. */
async function asBadRequest<T>(work: () => Promise<T> | T, prefix = ''): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PrintDocumentError) throw badRequest(err.message, `${prefix}${err.path}`);
    throw err;
  }
}

/** A download name without path separators or control characters, ending in .pdf. */
function pdfFilename(requested: unknown): string {
  if (requested === undefined) return 'document.pdf';
  if (typeof requested !== 'string' || requested.length > 120) throw badRequest('filename must be a string of at most 120 characters', 'filename');
  // eslint-disable-next-line no-control-regex
  const cleaned = requested.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim() || 'document';
  return /\.pdf$/i.test(cleaned) ? cleaned : `${cleaned}.pdf`;
}

function inlineDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `inline; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Server-side printing (ARCHITECTURE §5a): PDFs from pdfmake document definitions with the CJK font
 * embedded, and barcode images for screens. Any signed-in user may print what the client already
 * holds; every PDF is audited as a print.
 */
export async function printRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.post<{ Body: { document?: unknown; filename?: unknown } }>(
    '/api/print/pdf',
    {
      // Room for the 2 MB document plus envelope; larger bodies are refused before parsing (413).
      bodyLimit: 2 * MAX_DOCUMENT_BYTES,
      schema: {
        tags: ['print'],
        summary: 'Render a pdfmake document definition to PDF (打印)',
        description:
          'Body: { document: pdfmake document definition, filename? }. Default font Noto Sans Hans; `font: "Roboto"` on a text run for glyphs CJK fonts lack (⁹). ' +
          'Custom nodes { barcode: { bcid: code128|qrcode|datamatrix|pdf417|ean13, text, scale?, height?, includeText? }, width?, fit? } become images. ' +
          'Refused (400): images other than PNG/JPEG data URIs, other fonts, SVG, documents over 2 MB of JSON or over 500 pages. Audited as a print.',
        body: { type: 'object' },
      },
    },
    async (req, reply) => {
      const body = req.body ?? {};
      const filename = pdfFilename(body.filename);
      const document = await asBadRequest(() => checkDocument(body.document));
      const expanded = await asBadRequest(() => expandBarcodes(document), 'document.');
      const pdf = await asBadRequest(() => renderPdf(expanded));
      await kernel.audit.record({ action: 'print', principal: principalOf(req), detail: `PDF "${filename}" printed (${pdf.length} bytes)`, sourceIp: req.ip });
      return reply.type('application/pdf').header('content-disposition', inlineDisposition(filename)).header('cache-control', 'no-store').send(pdf);
    },
  );

  app.get<{ Querystring: { bcid?: string; text?: string; scale?: string; height?: string; includeText?: string } }>(
    '/api/print/barcode.png',
    {
      schema: {
        tags: ['print'],
        summary: 'A barcode or QR code as PNG (条码/二维码)',
        description: 'bcid: code128 | qrcode | datamatrix | pdf417 | ean13; text; scale 1–10; height 1–100 mm (linear codes); includeText true|false.',
        querystring: {
          type: 'object',
          properties: { bcid: { type: 'string' }, text: { type: 'string' }, scale: { type: 'string' }, height: { type: 'string' }, includeText: { type: 'string' } },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const number = (field: 'scale' | 'height') => {
        const raw = q[field];
        if (raw === undefined || raw === '') return undefined;
        if (!/^\d+(\.\d+)?$/.test(raw)) throw badRequest(`${field} must be a number`, field);
        return Number(raw);
      };
      if (q.includeText !== undefined && q.includeText !== 'true' && q.includeText !== 'false') throw badRequest('includeText must be true or false', 'includeText');
      const options = await asBadRequest(
        () => checkBarcodeOptions({ bcid: q.bcid, text: q.text, scale: number('scale'), height: number('height'), includeText: q.includeText === undefined ? undefined : q.includeText === 'true' }, ''),
      );
      const png = await asBadRequest(() => barcodePng(options, ''));
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
    },
  );
}
