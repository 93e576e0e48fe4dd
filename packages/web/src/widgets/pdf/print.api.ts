import { postForFile } from '../../api/download.ts';

/**
 * A pdfmake document definition as JSON (what `POST /api/print/pdf` renders). Besides pdfmake's nodes the server
 * accepts `{ barcode: { bcid, text, scale?, height?, includeText? } }` and draws it as an image.
 */
export type PrintDocument = Record<string, unknown> & { content: unknown };

/** Renders a document on the server (embedded CJK font; audited as a print) and returns the PDF. */
export async function printDocument(document: PrintDocument, filename?: string): Promise<Blob> {
  const { blob } = await postForFile('/api/print/pdf', filename ? { document, filename } : { document }, 'application/pdf');
  return blob;
}
