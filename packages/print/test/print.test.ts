import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { barcodePng, checkDocument, expandBarcodes, MAX_DOCUMENT_BYTES, PrintDocumentError, renderPdf, type TDocumentDefinitions } from '../src/index.ts';
import { pdfPageTexts } from './pdf-page-text.ts';

const PNG_SIGNATURE = '89504e470d0a1a0a';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The PDF as text, with every Flate stream inflated, so font names and ToUnicode maps can be inspected. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let out = raw;
  for (const m of raw.matchAll(/\/Filter \/FlateDecode[^>]*>>\s*stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      out += inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      // image data and font programs need not inflate as text
    }
  }
  return out;
}

async function refusal(promise: Promise<unknown> | (() => unknown)): Promise<PrintDocumentError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (err) {
    if (err instanceof PrintDocumentError) return err;
    throw err;
  }
  throw new Error('expected a PrintDocumentError');
}

const TINY_PNG = `data:image/png;base64,${(await barcodePng({ bcid: 'qrcode', text: 'x', scale: 1 })).toString('base64')}`;

describe('barcodePng', () => {
  it('renders each supported symbology as a PNG whose size follows the scale', async () => {
    for (const [bcid, text] of [['code128', 'S2026000123'], ['qrcode', '张三丰|110101195603120013'], ['datamatrix', 'LIS-42'], ['pdf417', 'P1'], ['ean13', '690123456789']] as const) {
      const png = await barcodePng({ bcid, text });
      expect(png.subarray(0, 8).toString('hex'), bcid).toBe(PNG_SIGNATURE);
    }
    const small = pngSize(await barcodePng({ bcid: 'qrcode', text: 'MRN 202600001', scale: 2 }));
    const large = pngSize(await barcodePng({ bcid: 'qrcode', text: 'MRN 202600001', scale: 4 }));
    expect(large.width).toBe(small.width * 2);
    const tall = pngSize(await barcodePng({ bcid: 'code128', text: 'S1', height: 20, includeText: false }));
    const short = pngSize(await barcodePng({ bcid: 'code128', text: 'S1', height: 10, includeText: false }));
    expect(tall.height).toBeGreaterThan(short.height);
  });

  it('refuses unknown symbologies, empty text and text the symbology cannot encode, naming the field', async () => {
    expect((await refusal(barcodePng({ bcid: 'aztec' as 'qrcode', text: 'x' }))).path).toBe('barcode.bcid');
    expect((await refusal(barcodePng({ bcid: 'code128', text: '' }))).path).toBe('barcode.text');
    expect((await refusal(barcodePng({ bcid: 'qrcode', text: 'x', scale: 50 }))).path).toBe('barcode.scale');
    const ean = await refusal(barcodePng({ bcid: 'ean13', text: '12' }));
    expect(ean.path).toBe('barcode.text');
    expect(ean.message).toContain('ean13');
  });
});

describe('expandBarcodes', () => {
  it('replaces barcode nodes anywhere with image nodes, keeping their layout properties', async () => {
    const doc: TDocumentDefinitions = {
      content: [
        '标本标签',
        { barcode: { bcid: 'code128', text: 'S2026000123' }, width: 150, alignment: 'center' },
        { table: { body: [[{ barcode: { bcid: 'qrcode', text: '王小明' }, fit: [60, 60] }, '腕带']] } },
      ],
    } as unknown as TDocumentDefinitions;
    const expanded = (await expandBarcodes(doc)) as unknown as { content: Record<string, unknown>[] };
    expect(expanded.content[0]).toBe('标本标签');
    expect(expanded.content[1]).toMatchObject({ width: 150, alignment: 'center' });
    expect(expanded.content[1].barcode).toBeUndefined();
    expect(String(expanded.content[1].image)).toMatch(/^data:image\/png;base64,iVBOR/);
    const cell = (expanded.content[2].table as { body: Record<string, unknown>[][] }).body[0][0];
    expect(cell.fit).toEqual([60, 60]);
    expect(String(cell.image)).toMatch(/^data:image\/png;base64,/);
    // the input is left as it was
    expect((doc.content as unknown as Record<string, unknown>[])[1].barcode).toBeDefined();
  });

  it('names the barcode node at fault', async () => {
    const doc = { content: [{ text: 'a' }, { stack: [{ barcode: { bcid: 'ean13', text: 'abc' } }] }] } as unknown as TDocumentDefinitions;
    expect((await refusal(expandBarcodes(doc))).path).toBe('content[1].stack[0].barcode.text');
  });
});

describe('checkDocument', () => {
  const refused = async (doc: unknown) => (await refusal(() => checkDocument(doc))).path;

  it('accepts data-URI images, registered fonts and http links', () => {
    const doc = { content: [{ image: TINY_PNG }, { image: 'logo' }, { text: '×10', font: 'NotoSansHans' }, { text: '⁹', font: 'Roboto' }, { text: '官网', link: 'https://medunion.org' }], images: { logo: TINY_PNG } };
    expect(checkDocument(doc)).toBe(doc);
  });

  it('refuses images that are file paths, remote URLs, other formats or not what they claim', async () => {
    expect(await refused({ content: [{ image: '/etc/passwd' }] })).toBe('document.content[0].image');
    expect(await refused({ content: [{ image: 'https://example.org/logo.png' }] })).toBe('document.content[0].image');
    expect(await refused({ content: [{ image: 'data:image/svg+xml;base64,PHN2Zz4=' }] })).toBe('document.content[0].image');
    expect(await refused({ content: [{ image: 'data:image/jpeg;base64,' + TINY_PNG.split(',')[1] }] })).toBe('document.content[0].image');
    expect(await refused({ content: [{ image: 'logo' }], images: { logo: '/etc/hostname' } })).toBe('document.images.logo');
    expect(await refused({ content: [{ image: { url: 'x' } }] })).toBe('document.content[0].image');
  });

  it('refuses unregistered fonts anywhere, SVG, script links, oversized and over-nested documents', async () => {
    expect(await refused({ content: ['x'], defaultStyle: { font: 'Helvetica' } })).toBe('document.defaultStyle.font');
    expect(await refused({ content: ['x'], styles: { h: { font: 'SimSun' } } })).toBe('document.styles.h.font');
    expect(await refused({ content: [{ text: [{ text: 'a', font: '../../etc/x.ttf' }] }] })).toBe('document.content[0].text[0].font');
    expect(await refused({ content: [{ svg: '<svg/>' }] })).toBe('document.content[0].svg');
    expect(await refused({ content: [{ text: 'x', link: 'javascript:alert(1)' }] })).toBe('document.content[0].link');
    expect(await refused({ content: ['x'.repeat(MAX_DOCUMENT_BYTES)] })).toBe('document');
    let deep: unknown = 'x';
    for (let i = 0; i < 100; i++) deep = { stack: [deep] };
    expect(await refused({ content: [deep] })).toMatch(/^document\.content\[0\](\.stack\[0\])+/);
    expect(await refused({ pageSize: 'A4' })).toBe('document.content');
    expect(await refused([])).toBe('document');
  });

  it('accepts {page} and {pages} in the header and footer, and refuses other placeholders there', async () => {
    const footer = { columns: [{ text: '青山县人民医院' }, { text: ['第 {page} 页', ' / 共 {pages} 页'], alignment: 'right' }] };
    expect(checkDocument({ content: ['x'], header: 'Page {page}', footer })).toBeDefined();
    expect(await refused({ content: ['x'], footer: { text: '第 {pgae} 页' } })).toBe('document.footer.text');
    expect(await refused({ content: ['x'], header: [{ text: ['a', '{user}'] }] })).toBe('document.header[0].text[1]');
    expect(await refused({ content: ['x'], footer: 3 })).toBe('document.footer');
    // Braces in the body are the body's business.
    expect(checkDocument({ content: ['{page} {anything}'] })).toBeDefined();
  });
});

describe('renderPdf', () => {
  it('embeds a subset of the CJK font, a Latin fallback run, and barcode images', async () => {
    const doc = await expandBarcodes({
      compress: false,
      content: [
        { text: '青山县人民医院 检验报告单', bold: true, fontSize: 16 },
        { text: ['白细胞计数 WBC 5.6 ×10', { text: '⁹', font: 'Roboto' }, '/L'] },
        { barcode: { bcid: 'code128', text: 'S2026000123' }, width: 160 },
        { barcode: { bcid: 'qrcode', text: '张三丰 110101195603120013' }, fit: [80, 80] },
      ],
    } as unknown as TDocumentDefinitions);
    const pdf = await renderPdf(checkDocument(doc));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    // CFF (OpenType) font programs are embedded as FontFile3, TrueType ones as FontFile2.
    expect(text).toMatch(/\/FontFile3/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/);
    // The ToUnicode map carries the Chinese characters (青 U+9752, 验 U+9A8C), so text can be copied and searched.
    expect(text.toLowerCase()).toContain('<9752>');
    expect(text.toLowerCase()).toContain('<9a8c>');
    expect(text.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);
    // A subset, not the 8 MB font files.
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('numbers the pages in a JSON footer and repeats the table header row on every page', async () => {
    // A document as it arrives over HTTP: plain JSON, the footer a template rather than a function.
    const rows = Array.from({ length: 100 }, (_, i) => [`患者${i + 1}`, `MRN${1000 + i}`]);
    const doc = checkDocument(
      JSON.parse(
        JSON.stringify({
          compress: false,
          pageMargins: [28, 36, 28, 40],
          footer: { text: '第 {page} 页 / 共 {pages} 页', alignment: 'center', fontSize: 8, margin: [0, 12, 0, 0] },
          header: { text: 'Page {page} of {pages}', alignment: 'right', fontSize: 8, margin: [0, 12, 28, 0] },
          content: [{ table: { headerRows: 1, widths: ['*', '*'], body: [['姓名', '病历号'], ...rows] } }],
        }),
      ),
    );
    const pages = pdfPageTexts(await renderPdf(doc));
    expect(pages).toHaveLength(3);
    pages.forEach((text, i) => {
      const compact = text.replace(/\s+/g, '');
      // Each page: the header row first, then its rows; pdfmake draws the running header and footer last.
      expect(compact.startsWith('姓名病历号患者')).toBe(true);
      expect(compact.endsWith(`Page${i + 1}of3第${i + 1}页/共3页`)).toBe(true);
      expect(compact).not.toContain('{page');
    });
    expect(pages[2].replace(/\s+/g, '')).toContain('患者100');
    // The definition passed in is left as it was (the template is filled per page, on copies).
    expect((doc.footer as { text: string }).text).toBe('第 {page} 页 / 共 {pages} 页');
  });

  it('leaves a function footer of a module calling renderPdf directly as it is', async () => {
    const pages = pdfPageTexts(await renderPdf({ compress: false, footer: (page, count) => ({ text: `${page}-${count}` }), content: ['a', { text: 'b', pageBreak: 'before' }] }));
    expect(pages.map((p) => p.replace(/\s+/g, ''))).toEqual(['a1-2', 'b2-2']);
  });

  it('refuses documents over the page limit instead of truncating them', async () => {
    const pages = (n: number) => ({ content: Array.from({ length: n }, (_, i) => ({ text: `第${i + 1}页`, pageBreak: i > 0 ? 'before' : undefined })) }) as TDocumentDefinitions;
    expect((await renderPdf(pages(3), { maxPages: 3 })).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const err = await refusal(renderPdf(pages(4), { maxPages: 3 }));
    expect(err.message).toContain('more than 3 pages');
    expect((await refusal(renderPdf(pages(501)))).message).toContain('more than 500 pages');
  });
});
