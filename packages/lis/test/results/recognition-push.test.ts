import type { Bundle, DiagnosticReport, DocumentReference, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { RecognitionServices } from '../../../recognition/src/services.ts';
import type { RecognitionPushStatus, ReportSummary } from '../../src/contracts/results.ts';
import { stalePushes } from '../../src/reports/recognition/state.ts';
import { importCatalogue } from '../qc/helpers.ts';
import { call, enter, expectStatus, fhir, LAB, orderAndReceive, reportOf } from './helpers.ts';

const factories = await testDbFactories();

const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';
const labReportSystem = 'https://medunion.org/fhir/sid/lab-report/lead-hospital';

describe.each(factories)('pushing approved reports to 互认 (same platform) on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let institutionAdmin: string;
  let doctor: string;
  let tech: string;
  let head: string;
  let recognition: RecognitionServices;
  const secretEnv = `LIS_TEST_RECOGNITION_SECRET_${factory.name.toUpperCase()}`;
  let secret: string;
  let clientId: string;

  const setParameters = async (values: Record<string, unknown>) => expectStatus(await call(t, 'PUT', `/api/admin/parameters/institution/${LAB}`, institutionAdmin, values), 200);

  /** Waits until the report's push has left `pending` (the bus delivers it after the review commits). */
  async function pushed(reportId: string, until: (s: RecognitionPushStatus) => boolean): Promise<RecognitionPushStatus> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      t.platform.kernel.bus.poke();
      const r = await call<RecognitionPushStatus>(t, 'GET', `/api/lis/reports/${reportId}/recognition`, tech);
      if (r.status === 200 && until(r.body)) return r.body;
      if (Date.now() > deadline) throw new Error(`push of ${reportId} did not settle: ${JSON.stringify(r.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The institution's lab dictionary (local codes) mapped to the regional catalogue, through the terminology API. */
  async function mapLabItems(rows: [local: string, name: string, regional: string | null][]): Promise<void> {
    const csv = `code,name\n${rows.map(([code, name]) => `${code},${name}`).join('\n')}\n`;
    const imported = await fetch(`${t.url}/api/terminology/import?kind=lab-items`, { method: 'POST', headers: { authorization: `Bearer ${institutionAdmin}`, 'content-type': 'text/csv' }, body: csv });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const { codeSystem } = (await imported.json()) as { codeSystem: { url: string } };
    const mappings = rows.filter(([, , to]) => to).map(([code, , to]) => ({ code, target: to }));
    expectStatus(await call(t, 'POST', '/api/terminology/mapping', institutionAdmin, { dictionary: codeSystem.url, target: LAB_CATALOGUE, mappings }), 200);
  }

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
    [institutionAdmin, doctor, tech] = await Promise.all(['lead.admin', 'lead.doctor', 'lead.lab'].map((u) => t.login(u)));
    // See ../catalogue/helpers.ts: the built-in staff policy does not list lab-supervisor yet.
    expectStatus(await call(t, 'PUT', '/api/admin/policies/lis-test-lab-supervisor-own-institution', admin, { name: 'lab supervisors access their institution', effect: 'allow', access: ['read', 'write'], subjects: { roles: ['lab-supervisor'] }, institutions: ['$own'] }), 200);
    head = await t.login('lead.labhead');
    await importCatalogue(t, admin);
    recognition = t.platform.runtime.contexts.get('recognition')!.service<RecognitionServices>('recognition');

    // The platform side (packages/recognition/test/setup.ts does the same): participation, this year's items and the
    // lead hospital's qualification, its dictionary mapped (血糖 FBG deliberately not), and its upload client.
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    expectStatus(await call(t, 'PUT', `/api/recognition/admin/institutions/${LAB}`, admin, { level: '二级甲等' }), 200);
    expectStatus(await call(t, 'POST', '/api/recognition/admin/years', admin, { year }), 201);
    const items = ['CBC', 'WBC', 'ELEC', 'NA', 'K'];
    expectStatus(await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: items.map((code) => ({ code })) }), 200);
    expectStatus(await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries: items.map((item) => ({ item, institution: LAB, allowed: true })) }), 200);
    await mapLabItems([
      ['CBC', '血常规', 'CBC'],
      ['WBC', '白细胞', 'WBC'],
      ['ELEC', '电解质', 'ELEC'],
      ['NA', '钠', 'NA'],
      ['K', '钾', null],
      ['FBG', '空腹血糖', null],
      ['GLU', '葡萄糖', null],
    ]);
    const client = await t.platform.kernel.auth.createClient({ name: '县医院 LIS 互认推送', institution: LAB, roles: ['interface', 'recognition-uploader'] });
    [clientId, secret] = [client.clientId, client.clientSecret];
    process.env[secretEnv] = secret;
    await setParameters({ 'lis.recognition.push': 'same-platform', 'lis.recognition.clientId': clientId, 'lis.recognition.clientSecretEnv': secretEnv });
  });
  afterAll(async () => {
    delete process.env[secretEnv];
    await t?.close();
  });

  let cbcReport: ReportSummary;

  it('uploads a reviewed report with its PDF, mapped through the institution’s dictionary, without touching the patient', async () => {
    const before = await fhir<Patient>(t, admin, 'Patient/demo-p7');
    const [cbc] = await orderAndReceive(t, doctor, tech, 'demo-p7', ['CBC']);
    await enter(t, tech, cbc.barcode, { WBC: '6.50' });
    cbcReport = await reportOf(t, tech, cbc.barcode);
    expect((await call(t, 'GET', `/api/lis/reports/${cbcReport.reportId}/recognition`, tech)).status).toBe(404); // nothing queued before release
    expectStatus(await call(t, 'POST', `/api/lis/reports/${cbcReport.reportId}/review`, tech), 200);
    const status = await pushed(cbcReport.reportId, (s) => s.status !== 'pending');
    expect(status).toMatchObject({ wanted: 'upload', status: 'uploaded', pushed: [cbcReport.reportNo], skipped: [] });

    const uploaded = await fhir<Bundle<DiagnosticReport>>(t, admin, `DiagnosticReport?identifier=${labReportSystem}|${cbcReport.reportNo}`);
    const report = uploaded.entry![0].resource!;
    expect(report).toMatchObject({ status: 'final', subject: { reference: 'Patient/demo-p7' } });
    expect(report.code?.coding?.map((c) => c.code)).toEqual(['CBC', 'CBC']);
    const pdfs = await fhir<Bundle<DocumentReference>>(t, admin, `DocumentReference?related=DiagnosticReport/${report.id}`);
    expect(pdfs.entry?.[0].resource?.content[0].attachment.contentType).toBe('application/pdf');
    const offered = await recognition.recognizableFor('demo-p7', ['CBC', 'WBC'], new Date());
    expect(offered.map((r) => [r.itemCode, r.reportNo])).toEqual(expect.arrayContaining([['CBC', cbcReport.reportNo], ['WBC', cbcReport.reportNo]]));
    // The platform already knew the patient by 病历号 (same database): it was not rewritten.
    expect((await fhir<Patient>(t, admin, 'Patient/demo-p7')).meta?.versionId).toBe(before.meta?.versionId);
  });

  it('leaves out what is not mapped to the regional catalogue and says so', async () => {
    const [elec] = await orderAndReceive(t, doctor, tech, 'demo-p8', ['ELEC']);
    await enter(t, tech, elec.barcode, { NA: '140.0', K: '4.20' });
    const report = await reportOf(t, tech, elec.barcode);
    expectStatus(await call(t, 'POST', `/api/lis/reports/${report.reportId}/review`, tech), 200);
    const status = await pushed(report.reportId, (s) => s.status !== 'pending');
    expect(status).toMatchObject({ status: 'uploaded', pushed: [report.reportNo] });
    expect(status.skipped.join(' ')).toContain('ELEC/K');

    const [fbg] = await orderAndReceive(t, doctor, tech, 'demo-p9', ['FBG']);
    await enter(t, tech, fbg.barcode, { GLU: '5.20' });
    const glucose = await reportOf(t, tech, fbg.barcode);
    expectStatus(await call(t, 'POST', `/api/lis/reports/${glucose.reportId}/review`, tech), 200);
    const skipped = await pushed(glucose.reportId, (s) => s.status !== 'pending');
    expect(skipped).toMatchObject({ status: 'skipped', pushed: [] });
    expect(skipped.skipped.join(' ')).toContain('FBG');
  });

  it('records a failed push with its reason (never the secret) and retries it durably', async () => {
    await setParameters({ 'lis.recognition.push': 'remote', 'lis.recognition.url': 'http://127.0.0.1:9' });
    const [cbc] = await orderAndReceive(t, doctor, tech, 'demo-p10', ['CBC']);
    await enter(t, tech, cbc.barcode, { WBC: '7.10' });
    const report = await reportOf(t, tech, cbc.barcode);
    expectStatus(await call(t, 'POST', `/api/lis/reports/${report.reportId}/review`, tech), 200);
    const failed = await pushed(report.reportId, (s) => s.status === 'failed');
    expect(failed.lastError).toContain('127.0.0.1:9');
    expect(failed.lastError).not.toContain(secret);
    // What the retry job hands to the bus again once a failure has waited long enough.
    expect((await stalePushes(t.platform.kernel.db, 0, 100)).map((r) => r.report_id)).toContain(report.reportId);
    // The remote platform is this one after all: retrying uploads it.
    await setParameters({ 'lis.recognition.url': t.url });
    expectStatus(await call(t, 'POST', `/api/lis/reports/${report.reportId}/recognition/retry`, tech), 200);
    expect(await pushed(report.reportId, (s) => s.status === 'uploaded')).toMatchObject({ pushed: [report.reportNo] });
    await setParameters({ 'lis.recognition.push': 'same-platform', 'lis.recognition.url': '' });
  });

  it('revokes the platform’s copy when the report is recalled', async () => {
    const recalled = await call(t, 'POST', `/api/lis/reports/${cbcReport.reportId}/recall`, head, { reason: '标本标识错误' });
    expectStatus(recalled, 200);
    const status = await pushed(cbcReport.reportId, (s) => s.wanted === 'revoke' && s.status !== 'pending');
    expect(status.status).toBe('revoked');
    const uploaded = await fhir<Bundle<DiagnosticReport>>(t, admin, `DiagnosticReport?identifier=${labReportSystem}|${cbcReport.reportNo}`);
    expect(uploaded.entry![0].resource!.status).toBe('entered-in-error');
    expect((await recognition.recognizableFor('demo-p7', ['CBC'], new Date())).some((r) => r.reportNo === cbcReport.reportNo)).toBe(false);
  });
});
