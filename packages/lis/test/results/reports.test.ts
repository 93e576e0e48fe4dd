import type { DiagnosticReport, Media } from '@medplum/fhirtypes';
import { barcodePng } from '@medunion/print';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { pdfPageTexts } from '../../../print/test/pdf-page-text.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';
import { CBC_TESTS } from '../../src/catalogue/demo/clinical.ts';
import type { ReportSummary, ReportTemplate, VerifyAnswer } from '../../src/contracts/results.ts';
import { recordResults } from '../../src/results/record.ts';
import { EXT } from '../../src/urls.ts';
import { call, createDevice, enter, expectStatus, expressions, fhir, inflatePdf, LAB, lisContext, mediaBoxes, orderAndReceive, pdf, reportOf, startLisPlatform, SYSTEM } from './helpers.ts';

const factories = await testDbFactories();

/** The text of every page of a pdfkit PDF. */
const texts = (bytes: Buffer): string[] => pdfPageTexts(inflatePdf(bytes));
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
const images = (bytes: Buffer): number => count(bytes.toString('latin1'), '/Subtype /Image');

/** A 24-bit Windows bitmap (what haematology analyzers send), width × height in one colour. */
function bitmap(width: number, height: number): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + stride * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) buf.set([200, 80, 20], 54 + y * stride + x * 3);
  return buf;
}

/** A plausible value for each test of the blood count: the middle of its first reference range. */
const cbcValues = (): { testCode: string; value: string }[] =>
  CBC_TESTS.map((t) => {
    const r = t.referenceRanges?.[0];
    const mid = r?.low !== undefined && r?.high !== undefined ? (r.low + r.high) / 2 : 10;
    return { testCode: t.code, value: mid.toFixed(t.decimals ?? 1) };
  });

describe.each(factories)('LIS report PDFs, print centre and verification on $name', (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let tech: string;
  let head: string;
  let elec: { barcode: string; specimenId: string };
  let cbc: { barcode: string; specimenId: string };
  let elecReport: ReportSummary;
  let cbcReport: ReportSummary;
  let pending: ReportSummary;

  beforeAll(async () => {
    t = await startLisPlatform(factory);
    [doctor, tech, head] = await Promise.all(['lead.doctor', 'lead.lab', 'lead.labhead'].map((u) => t.login(u)));
    [elec] = await orderAndReceive(t, doctor, tech, 'demo-p7', ['ELEC']);
    await enter(t, tech, elec.barcode, { NA: '140.0', K: '4.20', CL: '101.0', CA: '2.30', HCO3: '24.0' });
    elecReport = await reportOf(t, tech, elec.barcode);
    // A blood count from the haematology analyzer, with a bitmap scattergram and numeric histograms.
    const analyzer = await createDevice(t, 'rep-test-bc5390', '血细胞分析仪 BC-5390');
    [cbc] = await orderAndReceive(t, doctor, tech, 'demo-p8', ['CBC']);
    const values = cbcValues();
    values[0] = { testCode: 'WBC', value: '11.20' };
    const recorded = await recordResults(lisContext(t), SYSTEM, {
      institution: LAB,
      specimenId: cbc.specimenId,
      instrumentId: analyzer,
      source: 'instrument',
      results: values.map((v, i) =>
        i === 0
          ? { ...v, images: [{ name: 'DIFF', mime: 'image/bmp', bytes: bitmap(64, 48) }], histograms: [{ name: 'WBC', values: Array.from({ length: 128 }, (_, k) => Math.exp(-((k - 40) ** 2) / 200) * 100) }] }
          : i === 11
            ? { ...v, histograms: [{ name: 'RBC', values: Array.from({ length: 128 }, (_, k) => Math.exp(-((k - 70) ** 2) / 300) * 80) }] }
            : v,
      ),
    });
    cbcReport = (await call<ReportSummary>(t, 'GET', `/api/lis/reports/${recorded.report!.id}`, tech)).body;
    const [fbg] = await orderAndReceive(t, doctor, tech, 'demo-p9', ['FBG']);
    await enter(t, tech, fbg.barcode, { GLU: '5.10' });
    pending = await reportOf(t, tech, fbg.barcode);
  });
  afterAll(async () => t?.close());

  it('stores analyzer pictures as images (bitmaps converted to PNG, histograms drawn, numbers kept)', async () => {
    const report = await fhir<DiagnosticReport>(t, tech, `DiagnosticReport/${cbcReport.reportId}`);
    expect(report.media?.map((m) => m.comment).sort()).toEqual(['DIFF', 'RBC', 'WBC']);
    const media = await Promise.all(report.media!.map((m) => fhir<Media>(t, tech, m.link.reference!)));
    expect(media.map((m) => m.content.contentType)).toEqual(['image/png', 'image/png', 'image/png']);
    expect(media.find((m) => m.content.title === 'WBC')?.extension?.[0].valueString?.split(' ')).toHaveLength(128);
    expect(media.every((m) => m.content.url?.startsWith('urn:medunion:blob:sha256:'))).toBe(true);
  });

  it('keeps signatures per reviewer: own image or the supervisor’s upload, PNG or JPEG only', async () => {
    const png = await barcodePng({ bcid: 'code128', text: 'SUN WEI', scale: 2, height: 8 });
    const own = await fetch(`${t.url}/api/lis/reports/signatures/demo-lead-lab`, { method: 'POST', headers: { authorization: `Bearer ${tech}`, 'content-type': 'image/png' }, body: png });
    expect(own.status, await own.clone().text()).toBe(200);
    expect(await own.json()).toMatchObject({ practitionerId: 'demo-lead-lab', contentType: 'image/png' });
    const others = await call(t, 'POST', '/api/lis/reports/signatures/demo-lead-labhead', tech, { content: png.toString('base64') });
    expect([others.status, expressions(others.body)]).toEqual([403, ['practitionerId']]);
    expectStatus(await call(t, 'POST', '/api/lis/reports/signatures/demo-lead-labhead', head, { content: png.toString('base64') }), 200);
    const text = await call(t, 'POST', '/api/lis/reports/signatures/demo-lead-lab', tech, { content: Buffer.from('not an image').toString('base64') });
    expect([text.status, expressions(text.body)]).toEqual([400, ['image']]);
  });

  it('renders a released report: A4, one column, patient, reviewer signature and the QR verification code', async () => {
    expectStatus(await call(t, 'POST', `/api/lis/reports/${elecReport.reportId}/review`, tech), 200);
    expectStatus(await call(t, 'POST', `/api/lis/reports/${cbcReport.reportId}/review`, tech), 200);
    const stored = await fhir<DiagnosticReport>(t, tech, `DiagnosticReport/${elecReport.reportId}`);
    const code = stored.extension!.find((e) => e.url === EXT.verifyCode)!.valueString!;
    const out = await pdf(t, tech, 'GET', `/api/lis/reports/${elecReport.reportId}/pdf`);
    expect([out.status, out.headers.get('content-type'), out.bytes.subarray(0, 5).toString()]).toEqual([200, 'application/pdf', '%PDF-']);
    expect(Number(out.headers.get('x-render-ms'))).toBeGreaterThan(0);
    expect(mediaBoxes(out.bytes)).toEqual([[595, 842]]);
    const [page] = texts(out.bytes);
    expect(page).toContain('周建军');
    expect(page).toContain('青山县人民医院');
    expect(page).toContain(`防伪码：${code.match(/.{4}/g)!.join('-')}`);
    expect(page).toContain('孙伟');
    expect(page).not.toContain('未审核');
    expect(count(page, '参考范围')).toBe(1); // one column for six items
    expect(images(out.bytes)).toBeGreaterThanOrEqual(2); // QR code and the signature
  });

  it('prints many items in two columns with the histograms, and a preliminary report marked 未审核', async () => {
    const out = await pdf(t, tech, 'GET', `/api/lis/reports/${cbcReport.reportId}/pdf`);
    expectStatus({ status: out.status, body: out.bytes.toString() }, 200);
    const [page] = texts(out.bytes);
    expect(count(page, '参考范围')).toBe(2); // 24 items: two columns
    expect(page).toContain('吴桂芳');
    expect(page).toContain('↑'); // WBC 11.2 high
    expect(images(out.bytes)).toBeGreaterThanOrEqual(4); // three pictures and the QR code
    const draft = await pdf(t, tech, 'GET', `/api/lis/reports/${pending.reportId}/pdf`);
    const [draftPage] = texts(draft.bytes);
    expect(draftPage).toContain('未审核');
    expect(draftPage).not.toContain('防伪码');
  });

  it('prints A5 or B5 on request and from the central template, which is versioned and needs lis.catalogue.manage', async () => {
    expect(mediaBoxes((await pdf(t, tech, 'GET', `/api/lis/reports/${elecReport.reportId}/pdf?pageSize=A5`)).bytes)).toEqual([[420, 595]]);
    const denied = await call(t, 'PUT', '/api/lis/reports/templates/default', tech, { pageSize: 'B5' });
    expect([denied.status, expressions(denied.body)]).toEqual([403, ['permission']]);
    const bad = await call(t, 'PUT', '/api/lis/reports/templates/default', head, { pageSize: 'A3', fontSize: 30, doubleColumnAbove: 0 });
    expect([bad.status, expressions(bad.body).sort()]).toEqual([400, ['doubleColumnAbove', 'fontSize', 'pageSize']]);
    const saved = await call<ReportTemplate>(t, 'PUT', '/api/lis/reports/templates/default', head, { pageSize: 'B5', title: '临床检验报告单' });
    expectStatus(saved, 200);
    expect(saved.body).toMatchObject({ section: '', version: 1, options: { pageSize: 'B5', orientation: 'portrait', title: '临床检验报告单', doubleColumnAbove: 16 } });
    const b5 = await pdf(t, tech, 'GET', `/api/lis/reports/${elecReport.reportId}/pdf`);
    expect(mediaBoxes(b5.bytes)).toEqual([[499, 709]]);
    expect(texts(b5.bytes)[0]).toContain('临床检验报告单');
    // A section's own template wins over the institution-wide one; each save is a new version.
    expectStatus(await call(t, 'PUT', '/api/lis/reports/templates/biochemistry', head, { pageSize: 'A5', orientation: 'landscape' }), 200);
    const again = await call<ReportTemplate>(t, 'PUT', '/api/lis/reports/templates/biochemistry', head, { pageSize: 'A4' });
    expect(again.body.version).toBe(2);
    expect(mediaBoxes((await pdf(t, tech, 'GET', `/api/lis/reports/${elecReport.reportId}/pdf`)).bytes)).toEqual([[595, 842]]);
    const list = await call<ReportTemplate[]>(t, 'GET', '/api/lis/reports/templates', tech);
    expect(list.body.map((x) => [x.section, x.version, x.options.pageSize])).toEqual([
      ['', 1, 'B5'],
      ['biochemistry', 2, 'A4'],
    ]);
  });

  it('finds reports in the print centre by patient, department, dates and printed status, and prints a batch into one PDF', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const found = async (query: string) => {
      const r = await call<{ total: number; reports: ReportSummary[] }>(t, 'GET', `/api/lis/reports?${query}`, tech);
      expectStatus(r, 200);
      return r.body.reports;
    };
    const list = async (query: string) => (await found(query)).map((x) => x.reportId);
    expect(await list('patientName=建军')).toEqual([elecReport.reportId]);
    // The demo's released reports of 内科 are there too.
    const internal = await found(`department=内科&from=${today}&to=${today}&status=released`);
    expect(internal.map((r) => r.reportId)).toEqual(expect.arrayContaining([elecReport.reportId, cbcReport.reportId]));
    expect(internal.every((r) => r.department === '内科' && r.status === 'final')).toBe(true);
    expect(await list('instrument=rep-test-bc5390')).toEqual([cbcReport.reportId]);
    expect(await list(`number=${elec.barcode}`)).toEqual([elecReport.reportId]);
    expect(await list('status=pending&patient=demo-p9')).toEqual([pending.reportId]);
    expect(await list('doctor=李明&printed=true')).toEqual([]);

    const nurse = await call(t, 'POST', '/api/lis/reports/print', await t.login('lead.nurse'), { reports: [elecReport.reportId] });
    expect([nurse.status, expressions(nurse.body)]).toEqual([403, ['permission']]);
    const unreleased = await call(t, 'POST', '/api/lis/reports/print', tech, { reports: [elecReport.reportId, pending.reportId] });
    expect([unreleased.status, expressions(unreleased.body)]).toEqual([409, ['reports[1]']]);

    const batch = await pdf(t, tech, 'POST', '/api/lis/reports/print', { reports: [elecReport.reportId, cbcReport.reportId] });
    expect([batch.status, batch.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const pages = texts(batch.bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.join('\n')).toContain('周建军');
    expect(pages.join('\n')).toContain('吴桂芳');
    expect(pages.join('\n')).not.toContain('补打');
    expect((await list('printed=true')).sort()).toEqual([elecReport.reportId, cbcReport.reportId].sort()); // nothing else printed
    const summary = await call<ReportSummary>(t, 'GET', `/api/lis/reports/${elecReport.reportId}`, tech);
    expect(summary.body).toMatchObject({ printedCount: 1 });
    expect((await call<{ status: string }>(t, 'GET', `/api/lis/results/specimens/${elec.barcode}`, tech)).body.status).toBe('printed');

    const reprint = await pdf(t, tech, 'POST', '/api/lis/reports/print', { reports: [elecReport.reportId] });
    expect(texts(reprint.bytes)[0]).toContain('补打');
    const log = await call<{ copyNo: number; reprint: boolean; printedBy: string }[]>(t, 'GET', `/api/lis/reports/${elecReport.reportId}/prints`, tech);
    expect(log.body.map((l) => [l.copyNo, l.reprint, l.printedBy])).toEqual([
      [2, true, '孙伟'],
      [1, false, '孙伟'],
    ]);
    const stored = await fhir<DiagnosticReport>(t, tech, `DiagnosticReport/${elecReport.reportId}`);
    expect(stored.extension?.find((e) => e.url === EXT.printed)?.extension?.find((e) => e.url === 'count')?.valueInteger).toBe(2);
    const audit = await t.platform.kernel.audit.search({ action: 'print', resourceId: elecReport.reportId });
    expect(audit.entries.length).toBe(2);
  });

  it('verifies a report publicly from its code: genuine, tampered digest, unknown code, withdrawn report', async () => {
    const stored = await fhir<DiagnosticReport>(t, tech, `DiagnosticReport/${elecReport.reportId}`);
    const code = stored.extension!.find((e) => e.url === EXT.verifyCode)!.valueString!;
    const { rows } = await t.platform.kernel.db.query<{ digest: string }>('select digest from lis_report_verification where code = $1', [code]);
    const digest = rows[0].digest.slice(0, 16);
    const verify = async (path: string) => {
      const r = await call<VerifyAnswer>(t, 'GET', `/api/lis/reports/verify/${path}`, undefined);
      expectStatus(r, 200);
      return r.body;
    };
    const good = await verify(`${code.match(/.{4}/g)!.join('-').toLowerCase()}?d=${digest}`);
    expect(good).toEqual({
      found: true,
      state: 'valid',
      reportNo: `${elec.barcode}-biochemistry`,
      institution: '青山县人民医院',
      patientInitials: 'ZJJ',
      reviewedAt: stored.issued,
      hashMatch: true,
      message: expect.stringContaining('真实有效'),
    });
    const tampered = await verify(`${code}?d=${digest.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`);
    expect([tampered.found, tampered.hashMatch]).toEqual([true, false]);
    const forged = await verify(`${code.slice(0, 15)}${code.endsWith('A') ? 'B' : 'A'}`);
    expect([forged.found, forged.state]).toEqual([false, 'unknown']);
    const page = await fetch(`${t.url}/api/lis/reports/verify/${code}/page?d=${digest}`);
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const html = await page.text();
    expect(html).toContain(`${elec.barcode}-biochemistry`);
    expect(html).not.toContain('周建军');

    expectStatus(await call(t, 'POST', `/api/lis/reports/${elecReport.reportId}/unreview`, head, { reason: '复核' }), 200);
    const withdrawn = await verify(code);
    expect([withdrawn.state, withdrawn.hashMatch]).toEqual(['withdrawn', false]);
  });

  it('documents every route in OpenAPI under a stable operationId, the verification ones public', async () => {
    const doc = (await (await fetch(`${t.url}/docs/json`)).json()) as { paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    const ids = new Set(operations.map((o) => o.operationId));
    for (const id of ['enterResults', 'getSpecimenResults', 'listCommonResults', 'resultHistory', 'listCriticalValues', 'acknowledgeCriticalValue', 'patientReleasedResults', 'patientResultTrend', 'listReports', 'getReport', 'reviewReport', 'reviewReportsBatch', 'unreviewReport', 'recallReport', 'renderReportPdf', 'printReports', 'listReportPrints', 'verifyReport', 'verifyReportPage', 'listReportTemplates', 'saveReportTemplate', 'uploadSignature', 'recognitionPushStatus', 'retryRecognitionPush']) {
      expect(ids.has(id), id).toBe(true);
    }
    expect(operations.find((o) => o.operationId === 'verifyReport')?.security).toEqual([]);
  });
});
