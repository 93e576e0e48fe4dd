import { inflateSync } from 'node:zlib';
import { pdfPageTexts } from '../../../print/test/pdf-page-text.ts';

/**
 * A pdfkit PDF with its FlateDecode streams inflated, so a text reader can read it as if uncompressed. Each stream is
 * cut by its dictionary's `/Length`, not by searching for `endstream`: compressed bytes may end in `\r` or contain
 * anything, and a pattern would then cut a stream short now and then (output varies with dates and QR codes).
 */
export function inflatePdf(pdf: Buffer): Buffer {
  const raw = pdf.toString('latin1');
  let out = '';
  let at = 0;
  for (let s = raw.indexOf('stream\n', at); s !== -1; s = raw.indexOf('stream\n', at)) {
    const dictStart = raw.lastIndexOf(' obj', s);
    const dict = raw.slice(dictStart, s);
    const length = /\/Length (\d+)/.exec(dict);
    if (raw.startsWith('end', s - 3) || !length || dictStart < at) {
      out += raw.slice(at, s + 7);
      at = s + 7;
      continue;
    }
    const dataStart = s + 7;
    const data = raw.slice(dataStart, dataStart + Number(length[1]));
    if (/\/Filter\s*\/FlateDecode/.test(dict)) {
      const inflated = inflateSync(Buffer.from(data, 'latin1')).toString('latin1');
      const head = raw.slice(at, s).replace(/\/Filter\s*\/FlateDecode/, '').replace(/\/Length \d+/, `/Length ${inflated.length}`);
      out += `${head}stream\n${inflated}`;
    } else {
      out += raw.slice(at, dataStart) + data;
    }
    at = dataStart + data.length;
  }
  return Buffer.from(out + raw.slice(at), 'latin1');
}

/** The text of each page of a PDF as pdfkit writes it with compression on (what the label and report routes send). */
export const pdfTexts = (pdf: Buffer): string[] => pdfPageTexts(inflatePdf(pdf));
