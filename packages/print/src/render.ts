import PdfPrinter from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { PrintDocumentError } from './errors.ts';
import { cacheParsedFonts } from './font-cache.ts';
import { CJK_FONT, fontDictionary } from './fonts.ts';
import { expandPagePlaceholders } from './page-placeholders.ts';

/** Most pages one document may have. */
export const MAX_PAGES = 500;

export interface RenderOptions {
  /** Refuse documents with more pages than this (default MAX_PAGES). */
  maxPages?: number;
}

let printer: PdfPrinter | undefined;

/** pdfmake 0.2 honours `maxPagesNumber` (pages after it are dropped); its type definitions omit it. */
type WithPageLimit = TDocumentDefinitions & { maxPagesNumber?: number };

/**
 * Renders a pdfmake document definition to PDF bytes. Text is set in Noto Sans Hans unless a style or
 * text run names another registered font (`font: 'Roboto'` for glyphs the CJK font lacks, such as ⁹);
 * the font subset used is embedded; a static header/footer with `{page}` / `{pages}` is numbered on every page.
 * Rendering stops after `maxPages + 1` pages, and a document that reaches it is refused with a PrintDocumentError
 * rather than produced truncated.
 */
export async function renderPdf(doc: TDocumentDefinitions, options: RenderOptions = {}): Promise<Buffer> {
  const maxPages = options.maxPages ?? MAX_PAGES;
  cacheParsedFonts();
  printer ??= new PdfPrinter(fontDictionary());
  const definition: WithPageLimit = {
    ...expandPagePlaceholders(doc),
    defaultStyle: { font: CJK_FONT, ...doc.defaultStyle },
    maxPagesNumber: Math.min((doc as WithPageLimit).maxPagesNumber ?? Number.POSITIVE_INFINITY, maxPages + 1),
  };
  let pdf: PDFKit.PDFDocument;
  try {
    // bufferPages keeps the pages countable (bufferedPageRange) until end() flushes them.
    pdf = printer.createPdfKitDocument(definition, { bufferPages: true });
  } catch (err) {
    // pdfmake throws strings or Errors describing what in the document it could not lay out.
    throw new PrintDocumentError(`The document cannot be rendered: ${err instanceof Error ? err.message : String(err)}`, 'document');
  }
  const pages = pdf.bufferedPageRange().count;
  if (pages > maxPages) throw new PrintDocumentError(`The document has more than ${maxPages} pages`, 'document');
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
