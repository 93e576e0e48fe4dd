import { inflateSync } from 'node:zlib';
import { pdfPageTexts } from '../../../print/test/pdf-page-text.ts';

/**
 * The text of each page of a PDF as pdfkit writes it with compression on (what the label route sends): every
 * FlateDecode stream is inflated first, then the print package's reader maps glyphs back to characters.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const inflated = raw.replace(/<<([^]*?)>>\s*stream\r?\n([^]*?)\r?\nendstream/g, (whole, dict: string, data: string) => {
    if (!/\/Filter\s*\/FlateDecode/.test(dict)) return whole;
    const bytes = inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
    return `<<${dict.replace(/\/Filter\s*\/FlateDecode/, '')}>>\nstream\n${bytes}\nendstream`;
  });
  return pdfPageTexts(Buffer.from(inflated, 'latin1'));
}
