import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { barcodePng, checkBarcodeOptions } from './barcode.ts';
import { PrintDocumentError } from './errors.ts';

/** Barcodes per document: enough for sheets of labels, bounded so one request cannot occupy the server. */
export const MAX_BARCODES = 1000;

/**
 * Replaces custom nodes `{ barcode: { bcid, text, scale?, height?, includeText? }, width?, fit?, … }`
 * anywhere in the document with pdfmake image nodes holding the rendered PNG as a data URI; the node's
 * other properties (width, fit, alignment, margin…) are kept. Returns a new document; the input is untouched.
 */
export async function expandBarcodes<T extends TDocumentDefinitions>(doc: T): Promise<T> {
  const rendered = new Map<string, Promise<string>>();
  let count = 0;
  const render = (options: unknown, path: string): Promise<string> => {
    const checked = checkBarcodeOptions(options, path);
    const key = JSON.stringify([checked.bcid, checked.text, checked.scale, checked.height, checked.includeText]);
    let uri = rendered.get(key);
    if (!uri) {
      if (++count > MAX_BARCODES) throw new PrintDocumentError(`A document may hold at most ${MAX_BARCODES} different barcodes`, path);
      uri = barcodePng(checked, path).then((png) => `data:image/png;base64,${png.toString('base64')}`);
      rendered.set(key, uri);
    }
    return uri;
  };
  const visit = async (node: unknown, path: string): Promise<unknown> => {
    if (Array.isArray(node)) return Promise.all(node.map((child, i) => visit(child, `${path}[${i}]`)));
    if (typeof node !== 'object' || node === null) return node;
    const { barcode, ...rest } = node as Record<string, unknown>;
    if (barcode !== undefined) return { ...rest, image: await render(barcode, `${path}.barcode`) };
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = await visit(value, path ? `${path}.${key}` : key);
    return out;
  };
  return (await visit(doc, '')) as T;
}
