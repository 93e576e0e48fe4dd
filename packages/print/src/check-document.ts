import type { TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { PrintDocumentError } from './errors.ts';
import { FONT_NAMES } from './fonts.ts';
import { checkPagePlaceholders } from './page-placeholders.ts';

/** Largest document definition accepted, as JSON. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;
const MAX_DEPTH = 64;
const IMAGE_URI = /^data:image\/(png|jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;
const LINK = /^(https?:|mailto:)/i;

/**
 * Checks an untrusted pdfmake document definition before rendering. On Node, pdfmake reads any image
 * string that is not a data URI as a local file path, so images must be PNG or JPEG data URIs (directly
 * or through the `images` dictionary); fonts must be the registered ones; SVG is refused (it can refer to
 * external resources); links are limited to http(s) and mailto; header and footer strings may use only the
 * `{page}` / `{pages}` placeholders. Barcode nodes are checked when expanded.
 */
export function checkDocument(input: unknown): TDocumentDefinitions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new PrintDocumentError('document must be a pdfmake document definition object', 'document');
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_DOCUMENT_BYTES) throw new PrintDocumentError(`document is ${size} bytes of JSON; at most ${MAX_DOCUMENT_BYTES} are accepted`, 'document');
  const doc = input as Record<string, unknown>;
  if (doc.content === undefined) throw new PrintDocumentError('document.content is required', 'document.content');

  const images = doc.images ?? {};
  if (typeof images !== 'object' || images === null || Array.isArray(images)) throw new PrintDocumentError('document.images must map names to data URIs', 'document.images');
  for (const [name, uri] of Object.entries(images)) checkImageUri(uri, `document.images.${name}`);

  const stack: { node: unknown; path: string; depth: number }[] = [{ node: doc, path: 'document', depth: 0 }];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_DEPTH) throw new PrintDocumentError(`document is nested more than ${MAX_DEPTH} levels deep`, path);
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}.${key}`;
      if (key === 'font' && !(typeof value === 'string' && FONT_NAMES.includes(value))) {
        throw new PrintDocumentError(`${at}: font must be one of ${FONT_NAMES.join(', ')}`, at);
      }
      if (key === 'image') {
        if (typeof value !== 'string') throw new PrintDocumentError(`${at} must be a data URI or a name in document.images`, at);
        if (!Object.hasOwn(images, value)) checkImageUri(value, at);
      }
      if (key === 'svg') throw new PrintDocumentError(`${at}: SVG is not supported; send a PNG or JPEG data URI`, at);
      if (key === 'link' && !(typeof value === 'string' && LINK.test(value))) throw new PrintDocumentError(`${at} must be an http(s) or mailto link`, at);
      if (key !== 'images') stack.push({ node: value, path: at, depth: depth + 1 });
    }
  }
  // After the walk, which bounds the nesting depth.
  checkPagePlaceholders(doc);
  return input as TDocumentDefinitions;
}

function checkImageUri(uri: unknown, path: string): void {
  const match = typeof uri === 'string' ? IMAGE_URI.exec(uri) : null;
  if (!match) throw new PrintDocumentError(`${path}: images must be data:image/png;base64, or data:image/jpeg;base64, URIs`, path);
  const head = Buffer.from(match[2].slice(0, 12), 'base64');
  const png = head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  if (match[1] === 'png' ? !png : !jpeg) throw new PrintDocumentError(`${path}: the data is not a ${match[1].toUpperCase()} image`, path);
}
