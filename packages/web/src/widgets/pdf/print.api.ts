import { ApiError, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from './authorized-fetch.ts';

/**
 * A pdfmake document definition as JSON (what `POST /api/print/pdf` renders). Besides pdfmake's nodes the server
 * accepts `{ barcode: { bcid, text, scale?, height?, includeText? } }` and draws it as an image.
 */
export type PrintDocument = Record<string, unknown> & { content: unknown };

/** Renders a document on the server (embedded CJK font; audited as a print) and returns the PDF. */
export async function printDocument(document: PrintDocument, filename?: string): Promise<Blob> {
  const res = await authorizedFetch('/api/print/pdf', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/pdf' },
    body: JSON.stringify(filename ? { document, filename } : { document }),
  });
  if (!res.ok) throw new ApiError(res.status, outcomeMessage(await jsonBody(res), `HTTP ${res.status}`));
  return res.blob();
}
