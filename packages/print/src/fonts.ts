import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TFontDictionary } from 'pdfmake/interfaces.js';

/** The default font: Noto Sans Hans (Simplified Chinese, SIL OFL) from @embedpdf/fonts-sc. */
export const CJK_FONT = 'NotoSansHans';
/** Latin fallback for glyphs CJK fonts lack (superscript digits in ×10⁹/L): `{ text: '⁹', font: 'Roboto' }`. */
export const LATIN_FONT = 'Roboto';
export const FONT_NAMES: readonly string[] = [CJK_FONT, LATIN_FONT];

const require = createRequire(import.meta.url);

function notoFile(name: string): Buffer {
  // The package exports only its metadata module; the OTF files sit in fonts/ beside dist/.
  const dist = dirname(require.resolve('@embedpdf/fonts-sc'));
  return readFileSync(join(dist, '..', 'fonts', name));
}

let fonts: TFontDictionary | undefined;

/**
 * Font files as Buffers, read once per process (about 17 MB for the two Noto weights). pdfkit embeds
 * only the glyphs a document uses, so PDFs stay small. Noto Sans Hans has no italics: upright is used.
 */
export function fontDictionary(): TFontDictionary {
  if (!fonts) {
    const regular = notoFile('NotoSansHans-Regular.otf');
    const bold = notoFile('NotoSansHans-Bold.otf');
    // pdfmake's bundled Roboto (Apache 2.0), base64 in its virtual file system.
    const vfs = require('pdfmake/build/vfs_fonts.js') as Record<string, string>;
    const roboto = (file: string) => Buffer.from(vfs[file], 'base64');
    fonts = {
      [CJK_FONT]: { normal: regular, bold, italics: regular, bolditalics: bold },
      [LATIN_FONT]: { normal: roboto('Roboto-Regular.ttf'), bold: roboto('Roboto-Medium.ttf'), italics: roboto('Roboto-Italic.ttf'), bolditalics: roboto('Roboto-MediumItalic.ttf') },
    };
  }
  return fonts;
}
