import { createRequire } from 'node:module';

interface Fontkit {
  create(buffer: Buffer, postscriptName?: string): unknown;
}

let installed = false;

/**
 * Makes pdfkit parse each font file once per process instead of once per document. pdfkit (pdfmake's fork) calls
 * `fontkit.create(buffer)` for every document that uses a font, and parsing the 8 MB CFF tables of Noto Sans Hans
 * was most of the time of a one-page report (~200 ms of ~280). The parsed font is safe to share: each document
 * still makes its own subset (`createSubset`) and layout only adds to the font's glyph cache. Keyed by the Buffer
 * object, so only the font files of `fontDictionary()` (read once, kept for the process) are cached.
 */
export function cacheParsedFonts(): void {
  if (installed) return;
  installed = true;
  // The very module instance pdfkit required (it looks `create` up at each call, so replacing it takes effect).
  const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('@foliojs-fork/pdfkit'));
  const fontkit = fromPdfkit('@foliojs-fork/fontkit') as Fontkit;
  const create = fontkit.create.bind(fontkit);
  const parsed = new WeakMap<Buffer, Map<string, unknown>>();
  fontkit.create = (buffer: Buffer, postscriptName?: string) => {
    if (!Buffer.isBuffer(buffer)) return create(buffer, postscriptName);
    let byName = parsed.get(buffer);
    if (!byName) parsed.set(buffer, (byName = new Map()));
    const key = postscriptName ?? '';
    if (!byName.has(key)) byName.set(key, create(buffer, postscriptName));
    return byName.get(key);
  };
}
