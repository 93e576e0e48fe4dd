import type { AuditEvent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, json } from './helpers.ts';

// Printing does not touch the store beyond the audit log: one backend is enough.
const [factory] = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('printing over HTTP', () => {
  let t: TestPlatform;
  let nurse: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    nurse = await t.login('lead.nurse');
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const print = (body: unknown, token = nurse) => t.request('POST', '/api/print/pdf', { token, body, headers: JSON_HEADERS });
  const refusedAt = async (document: unknown) => (await expectOutcome(await print({ document }), 400)).issue?.[0].expression?.[0];

  it('renders Chinese text, a Code 128 barcode and a QR code into a PDF with the CJK font embedded, and audits the print', async () => {
    const res = await print({
      filename: '检验报告-张三丰',
      document: {
        content: [
          { text: '青山县人民医院 检验报告单', style: 'title' },
          { text: ['血红蛋白 135 g/L　白细胞 5.6 ×10', { text: '⁹', font: 'Roboto' }, '/L'] },
          { barcode: { bcid: 'code128', text: 'S2026000123' }, width: 160 },
          { barcode: { bcid: 'qrcode', text: '张三丰|110101195603120013' }, fit: [80, 80] },
        ],
        styles: { title: { fontSize: 16, bold: true } },
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition.startsWith('inline; filename="')).toBe(true);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('检验报告-张三丰.pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/FontFile3/); // the CFF outlines of the Noto subset
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+Roboto-Regular/);
    expect(text.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(2);

    const audit = await json<{ entries: AuditEvent[] }>(await t.request('GET', '/api/audit?action=print&count=5', { token: admin }));
    expect(audit.entries[0].outcomeDesc).toBe(`PDF "检验报告-张三丰.pdf" printed (${pdf.length} bytes)`);
  });

  it('refuses images that are not PNG/JPEG data URIs, other fonts, SVG and bad barcodes, naming the part', async () => {
    expect(await refusedAt({ content: [{ image: '/etc/passwd' }] })).toBe('document.content[0].image');
    expect(await refusedAt({ content: [{ image: 'logo' }], images: { logo: 'file:///etc/hostname' } })).toBe('document.images.logo');
    expect(await refusedAt({ content: [{ image: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }] })).toBe('document.content[0].image');
    expect(await refusedAt({ content: ['x'], defaultStyle: { font: 'Courier' } })).toBe('document.defaultStyle.font');
    expect(await refusedAt({ content: [{ svg: '<svg xmlns="http://www.w3.org/2000/svg"/>' }] })).toBe('document.content[0].svg');
    expect(await refusedAt({ content: [{ barcode: { bcid: 'ean13', text: 'not digits' } }] })).toBe('document.content[0].barcode.text');
    expect(await refusedAt({ content: [{ barcode: { bcid: 'maxicode', text: '1' } }] })).toBe('document.content[0].barcode.bcid');
    expect(await refusedAt(undefined)).toBe('document');
    expect((await expectOutcome(await print({ document: { content: ['x'] }, filename: 42 }), 400)).issue?.[0].expression).toEqual(['filename']);
  });

  it('refuses documents over 2 MB of JSON and over 500 pages', async () => {
    expect(await refusedAt({ content: ['检'.repeat(800_000)] })).toBe('document');
    const pages = Array.from({ length: 501 }, (_, i) => ({ text: `第${i + 1}页`, ...(i > 0 ? { pageBreak: 'before' } : {}) }));
    const outcome = await expectOutcome(await print({ document: { content: pages } }), 400);
    expect(outcome.issue?.[0].details?.text).toContain('more than 500 pages');
    // Bodies far beyond the limit are refused before they are parsed.
    await expectOutcome(await print({ document: { content: ['x'.repeat(5 * 1024 * 1024)] } }), 413);
  });

  it('serves barcode PNGs to signed-in users and refuses bad parameters', async () => {
    const res = await t.request('GET', `/api/print/barcode.png?bcid=qrcode&text=${encodeURIComponent('王小明')}&scale=4`, { token: nurse });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const linear = await t.request('GET', '/api/print/barcode.png?bcid=code128&text=S2026000123&height=12&includeText=false', { token: nurse });
    expect(linear.status).toBe(200);

    const field = async (query: string) => (await expectOutcome(await t.request('GET', `/api/print/barcode.png?${query}`, { token: nurse }), 400)).issue?.[0].expression?.[0];
    expect(await field('bcid=aztec&text=1')).toBe('bcid');
    expect(await field('bcid=code128')).toBe('text');
    expect(await field('bcid=code128&text=1&scale=big')).toBe('scale');
    expect(await field('bcid=code128&text=1&scale=99')).toBe('scale');
    expect(await field('bcid=ean13&text=12')).toBe('text');
    expect(await field('bcid=code128&text=1&includeText=yes')).toBe('includeText');
    await expectOutcome(await t.request('GET', '/api/print/barcode.png?bcid=code128&text=1'), 401);
    await expectOutcome(await t.request('POST', '/api/print/pdf', { body: { document: { content: ['x'] } }, headers: JSON_HEADERS }), 401);
  });
});
