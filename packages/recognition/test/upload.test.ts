import type { Bundle, DiagnosticReport, DocumentReference, ImagingStudy, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import type { RecognitionServices } from '../src/services.ts';
import { call, createUploader, expressions, indexSettled, mapLocalItems, minimalPdf, UPLOAD_PASSWORD } from './setup.ts';

const factories = await testDbFactories();

type Upload = { outcome: string; ids: Record<string, unknown> };

const ID_CARD = '110101195603120037'; // valid check character, born 1956-03-12, male
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

const labReport = (reportNo: string, mrn: string, overrides: Record<string, unknown> = {}) => ({
  reportNo,
  patientMrn: mrn,
  itemCode: 'XCG',
  itemName: '血常规',
  specimenType: '01',
  collectedAt: hoursAgo(30),
  reportedAt: hoursAgo(28),
  instrument: 'Sysmex XN-1000',
  results: [
    { itemCode: 'WBC', itemName: '白细胞计数', value: '11.2', unit: '×10^9/L', referenceLow: 3.5, referenceHigh: 9.5, flag: 'H' },
    { itemCode: 'HGB', itemName: '血红蛋白', value: '135', unit: 'g/L', referenceLow: 130, referenceHigh: 175, flag: 'N' },
    { itemCode: 'PLT', itemName: '血小板计数', value: '210', unit: '×10^9/L', referenceLow: 125, referenceHigh: 350 },
  ],
  ...overrides,
});

describe.each(factories)('recognition upload interface on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let lead: string;
  let hexi: string;
  let recognition: RecognitionServices;
  const year = new Date().getUTCFullYear();

  const token = async (body: Record<string, string>) => call<{ access_token: string; expires_in: number }>(t, 'POST', '/api/recognition/v1/token', undefined, body);
  const count = async (query: string) => ((await call<Bundle>(t, 'GET', `/fhir/R4/${query}${query.includes('?') ? '&' : '?'}_summary=count`, admin)).body).total;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
    for (const [org, level] of [['lead-hospital', '二级甲等'], ['thc-hexi', '一级']]) {
      expect((await call(t, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level })).status).toBe(200);
    }
    await createUploader(t, 'lead.upload', 'lead-hospital');
    await createUploader(t, 'dongling.upload', 'thc-dongling'); // not a participating institution
    await t.platform.kernel.auth.createUser({ username: 'hexi.admin', password: UPLOAD_PASSWORD, roles: [{ role: 'institution-admin', institution: 'thc-hexi' }] });
    await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['WBC', '白细胞', 'WBC'], ['HGB', '血红蛋白', 'HGB'], ['PLT', '血小板', 'PLT'], ['ZZ1', '院内特检', null]], [['CT001', '胸部CT平扫', 'CT-CHEST']]);
    await mapLocalItems(t, await t.login('hexi.admin', UPLOAD_PASSWORD), [['X01', '血常规检查', 'CBC'], ['X02', '白细胞数', 'WBC'], ['X03', '血小板数', 'PLT']], []);
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year })).status).toBe(201);
    await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: ['CBC', 'WBC', 'HGB', 'PLT', 'CT-CHEST'].map((code) => ({ code })) });
    const entries = [
      ...['CBC', 'WBC', 'HGB', 'PLT', 'CT-CHEST'].map((item) => ({ item, institution: 'lead-hospital', allowed: true })),
      ...['CBC', 'WBC'].map((item) => ({ item, institution: 'thc-hexi', allowed: true })),
      { item: 'PLT', institution: 'thc-hexi', allowed: false },
    ];
    expect((await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries })).status).toBe(200);
    lead = (await token({ username: 'lead.upload', password: UPLOAD_PASSWORD })).body.access_token;
    const client = await t.platform.kernel.auth.createClient({ name: '河西卫生院 LIS', institution: 'thc-hexi', roles: ['interface', 'recognition-uploader'] });
    const clientToken = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(clientToken.status).toBe(200);
    hexi = clientToken.body.access_token;
    recognition = t.platform.runtime.contexts.get('recognition')!.service<RecognitionServices>('recognition');
  });
  afterAll(async () => t?.close());

  it('issues expiring tokens through the platform’s authentication and refuses wrong credentials and tokens with 401', async () => {
    const ok = await token({ username: 'lead.upload', password: UPLOAD_PASSWORD });
    expect([ok.status, ok.body.expires_in > 0]).toEqual([200, true]);
    expect((await token({ username: 'lead.upload', password: 'wrong-password' })).status).toBe(401);
    expect((await token({ grant_type: 'client_credentials', client_id: 'cli_nobody', client_secret: 'x' })).status).toBe(401);
    const missing = await token({ username: 'lead.upload' });
    expect([missing.status, expressions(missing.body)]).toEqual([400, ['password']]);
    expect((await call(t, 'POST', '/api/recognition/v1/patients', undefined, {})).status).toBe(401);
    expect((await call(t, 'POST', '/api/recognition/v1/patients', 'not-a-token', {})).status).toBe(401);
  });

  it('uploads a patient idempotently by MRN, versions a change and refuses an identity conflict', async () => {
    const patient = { mrn: 'L0001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD, phone: '13905710001' };
    const first = await call<Upload>(t, 'POST', '/api/recognition/v1/patients', lead, patient);
    expect([first.status, first.body.outcome], JSON.stringify(first.body)).toEqual([200, 'created']);
    const again = await call<Upload>(t, 'POST', '/api/recognition/v1/patients', lead, patient);
    expect(again.body).toEqual({ outcome: 'unchanged', ids: first.body.ids });
    const changed = await call<Upload>(t, 'POST', '/api/recognition/v1/patients', lead, { ...patient, phone: '13905710009' });
    expect(changed.body).toEqual({ outcome: 'updated', ids: first.body.ids });
    const conflict = await call(t, 'POST', '/api/recognition/v1/patients', lead, { ...patient, idCard: '110101195603120053', phone: '13000000000' });
    expect([conflict.status, expressions(conflict.body)]).toEqual([409, ['idCard']]);
    const stored = (await call<Patient>(t, 'GET', `/fhir/R4/Patient/${first.body.ids.patient}`, admin)).body;
    expect([stored.meta?.versionId, stored.telecom?.[0].value, stored.identifier?.[0].system]).toEqual(['2', '13905710009', 'https://medunion.org/fhir/sid/mrn/lead-hospital']);
    // The same person registered at the township centre: the patient index links both records to one golden record.
    expect((await call(t, 'POST', '/api/recognition/v1/patients', hexi, { mrn: 'H-77', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD })).status).toBe(200);
    await indexSettled(t);
  });

  it('uploads departments and staff, and lists every unknown department a staff upload names (nothing stored)', async () => {
    const depts = await call<Upload>(t, 'POST', '/api/recognition/v1/departments', lead, { departments: [{ code: 'JYK2', name: '检验科' }, { code: 'FSK2', name: '放射科' }] });
    expect([depts.status, depts.body.outcome, Object.keys(depts.body.ids)]).toEqual([200, 'created', ['JYK2', 'FSK2']]);
    const staff = await call<Upload>(t, 'POST', '/api/recognition/v1/staff', lead, { staff: [{ code: 'E1001', name: '孙伟', gender: '1', deptCode: 'JYK2', title: '主管技师' }, { code: 'E2001', name: '周敏', deptCode: 'FSK2' }] });
    expect([staff.status, staff.body.outcome]).toEqual([200, 'created']);
    expect((await call<Upload>(t, 'POST', '/api/recognition/v1/staff', lead, { staff: [{ code: 'E1001', name: '孙伟', gender: '1', deptCode: 'JYK2', title: '主管技师' }] })).body.outcome).toBe('unchanged');
    const bad = await call(t, 'POST', '/api/recognition/v1/staff', lead, { staff: [{ code: 'E3001', name: '新人', deptCode: 'JYK2' }, { code: 'E3002', name: '新人乙', deptCode: 'NOPE1' }, { code: 'E3003', name: '新人丙', deptCode: 'NOPE2' }] });
    expect([bad.status, expressions(bad.body)]).toEqual([422, ['staff[1].deptCode', 'staff[2].deptCode']]);
    expect(await count('Practitioner?identifier=https://medunion.org/fhir/sid/staff/lead-hospital|E3001')).toBe(0);
  });

  it('stores a lab report as FHIR in one go, idempotently, and a corrected re-upload as new versions with the same ids', async () => {
    const body = labReport('JY001', 'L0001', { reviewerCode: 'E1001', reporterCode: 'E1001', deptCode: 'JYK2' });
    const first = await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports', lead, body);
    expect([first.status, first.body.outcome], JSON.stringify(first.body)).toEqual([200, 'created']);
    const again = await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports', lead, body);
    expect(again.body).toEqual({ outcome: 'unchanged', ids: first.body.ids });
    const report = (await call<DiagnosticReport>(t, 'GET', `/fhir/R4/DiagnosticReport/${first.body.ids.report}`, admin)).body;
    expect(report.code.coding).toEqual([
      { system: 'https://medunion.org/fhir/CodeSystem/recognition/lab-items', code: 'CBC', display: '血常规' },
      { system: 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/lab-items', code: 'XCG', display: '血常规' },
    ]);
    expect([report.status, report.result?.length, report.resultsInterpreter?.[0].reference]).toEqual(['final', 3, expect.stringMatching(/^Practitioner\//)]);
    const wbc = (await call<Observation>(t, 'GET', `/fhir/R4/${report.result![0].reference}`, admin)).body;
    expect([wbc.valueQuantity, wbc.interpretation?.[0].coding?.[0].code, wbc.referenceRange?.[0].high?.value, wbc.device?.display]).toEqual([{ value: 11.2, unit: '×10^9/L' }, 'H', 9.5, 'Sysmex XN-1000']);

    const corrected = await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports', lead, { ...body, results: body.results.slice(0, 2).map((r) => (r.itemCode === 'WBC' ? { ...r, value: '10.8' } : r)) });
    expect(corrected.body.outcome).toBe('updated');
    expect(corrected.body.ids.report).toBe(first.body.ids.report);
    const observations = first.body.ids.observations as Record<string, string>;
    expect((await call<Observation>(t, 'GET', `/fhir/R4/Observation/${observations.WBC}`, admin)).body).toMatchObject({ meta: { versionId: '2' }, valueQuantity: { value: 10.8 } });
    expect((await call<Observation>(t, 'GET', `/fhir/R4/Observation/${observations.PLT}`, admin)).body.status).toBe('cancelled');
    await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, body); // back to the full report
  });

  it('rejects each bad input class naming the fields, and stores nothing', async () => {
    const before = await count('DiagnosticReport');
    const missing = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, { ...labReport('', 'L0001'), results: [{ itemCode: 'WBC', itemName: '白细胞' }], collectedAt: '2026-13-01T00:00:00Z' });
    expect([missing.status, expressions(missing.body)]).toEqual([400, ['reportNo', 'collectedAt', 'results[0].value']]);
    const unmapped = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, labReport('JY-BAD', 'L0001', { itemCode: 'ZZ1', itemName: '院内特检', results: [...labReport('x', 'y').results, { itemCode: 'NOPE', itemName: '未知项目', value: '1' }] }));
    expect([unmapped.status, expressions(unmapped.body)]).toEqual([422, ['itemCode', 'results[3].itemCode']]);
    expect(JSON.stringify(unmapped.body)).toContain('ZZ1');
    const specimen = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, labReport('JY-BAD', 'L0001', { specimenType: '999' }));
    expect([specimen.status, expressions(specimen.body)]).toEqual([400, ['specimenType']]);
    const noPatient = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, labReport('JY-BAD', 'NOBODY'));
    expect([noPatient.status, expressions(noPatient.body)]).toEqual([422, ['patientMrn']]);
    const other = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, labReport('JY-BAD', 'L0001', { institutionCode: 'QS101' }));
    expect([other.status, expressions(other.body)]).toEqual([403, ['institutionCode']]);
    const outsider = (await token({ username: 'dongling.upload', password: UPLOAD_PASSWORD })).body.access_token;
    expect((await call(t, 'POST', '/api/recognition/v1/patients', outsider, { mrn: 'D1', name: '某人', gender: '2', birthDate: '1990-01-01' })).status).toBe(403);
    const doctor = await t.login('lead.doctor');
    expect((await call(t, 'POST', '/api/recognition/v1/patients', doctor, { mrn: 'D1', name: '某人', gender: '2', birthDate: '1990-01-01' })).status).toBe(403);
    expect(await count('DiagnosticReport')).toBe(before);
    expect(await count('DiagnosticReport?identifier=https://medunion.org/fhir/sid/lab-report/lead-hospital|JY-BAD')).toBe(0);
  });

  it('accepts real PDFs (JSON Base64 or raw), refuses fake ones, and files each against its report', async () => {
    const pdf = minimalPdf('JY001');
    const json = await call<Upload & { sha256: string }>(t, 'POST', '/api/recognition/v1/lab-reports/JY001/pdf', lead, { fileName: 'JY001.pdf', content: pdf.toString('base64') });
    expect([json.status, json.body.outcome], JSON.stringify(json.body)).toEqual([200, 'created']);
    const raw = await fetch(`${t.url}/api/recognition/v1/lab-reports/JY001/pdf`, { method: 'POST', headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/pdf' }, body: pdf });
    const rawBody = (await raw.json()) as Upload;
    expect([raw.status, rawBody.ids.documentReference]).toEqual([200, json.body.ids.documentReference]);
    const doc = (await call<DocumentReference>(t, 'GET', `/fhir/R4/DocumentReference/${json.body.ids.documentReference}`, admin)).body;
    expect(doc.content[0].attachment).toMatchObject({ contentType: 'application/pdf', size: pdf.length, url: `urn:medunion:blob:sha256:${json.body.sha256}` });
    expect(doc.context?.related?.[0].reference).toBe(`DiagnosticReport/${json.body.ids.report}`);
    // The bytes are in the kernel blob store, under the URN the DocumentReference carries.
    expect((await t.platform.kernel.blobs.get(doc.content[0].attachment.url!))?.equals(pdf)).toBe(true);

    const fake = await call(t, 'POST', '/api/recognition/v1/lab-reports/JY001/pdf', lead, { content: Buffer.from('<html>not a pdf, just a web page pretending</html>'.repeat(3)).toString('base64') });
    expect([fake.status, expressions(fake.body)]).toEqual([400, ['content']]);
    const truncated = await call(t, 'POST', '/api/recognition/v1/lab-reports/JY001/pdf', lead, { content: pdf.subarray(0, pdf.length - 40).toString('base64') });
    expect([truncated.status, expressions(truncated.body)]).toEqual([400, ['content']]);
    const unknown = await call(t, 'POST', '/api/recognition/v1/lab-reports/NOPE/pdf', lead, { content: pdf.toString('base64') });
    expect([unknown.status, expressions(unknown.body)]).toEqual([404, ['reportNo']]);
    const othersReport = await call(t, 'POST', '/api/recognition/v1/lab-reports/JY001/pdf', hexi, { content: pdf.toString('base64') });
    expect(othersReport.status).toBe(404); // the township centre has no report JY001 of its own: it cannot reach the hospital's
  });

  it('stores an exam report with study, findings, conclusion and image address', async () => {
    const exam = await call<Upload>(t, 'POST', '/api/recognition/v1/exam-reports', lead, {
      reportNo: 'FS001',
      patientMrn: 'L0001',
      itemCode: 'CT001',
      itemName: '胸部CT平扫',
      modality: 'CT',
      bodyPart: '胸部',
      studyUid: '1.2.840.113619.2.55.3.1',
      imageUrl: 'https://pacs.example.org/viewer?study=1.2.840.113619.2.55.3.1',
      examAt: hoursAgo(50),
      reportedAt: hoursAgo(48),
      findings: '双肺纹理清晰，未见明显实质性病变。',
      conclusion: '胸部CT平扫未见明显异常。',
      reporterCode: 'E2001',
    });
    expect([exam.status, exam.body.outcome], JSON.stringify(exam.body)).toEqual([200, 'created']);
    const report = (await call<DiagnosticReport>(t, 'GET', `/fhir/R4/DiagnosticReport/${exam.body.ids.report}`, admin)).body;
    expect([report.conclusion, report.extension?.find((e) => e.url.endsWith('exam-findings'))?.valueString]).toEqual(['胸部CT平扫未见明显异常。', '双肺纹理清晰，未见明显实质性病变。']);
    const study = (await call<ImagingStudy>(t, 'GET', `/fhir/R4/ImagingStudy/${exam.body.ids.imagingStudy}`, admin)).body;
    expect([study.identifier?.[0].value, study.modality?.[0].code, study.description]).toEqual(['urn:oid:1.2.840.113619.2.55.3.1', 'CT', '胸部']);
    expect((await call(t, 'POST', '/api/recognition/v1/exam-reports/FS001/pdf', lead, { content: minimalPdf('FS001').toString('base64') })).status).toBe(200);
  });

  it('offers recognisable results by qualification, validity window, QC alarms and revocation', async () => {
    const hexiReport = await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports', hexi, {
      ...labReport('HX-1', 'H-77'),
      itemCode: 'X01',
      itemName: '血常规检查',
      collectedAt: hoursAgo(10),
      reportedAt: hoursAgo(9),
      results: [
        { itemCode: 'X02', itemName: '白细胞数', value: '6.1', unit: '×10^9/L' },
        { itemCode: 'X03', itemName: '血小板数', value: '180', unit: '×10^9/L' },
      ],
    });
    expect(hexiReport.status, JSON.stringify(hexiReport.body)).toBe(200);
    const sourceId = (await call<Upload>(t, 'POST', '/api/recognition/v1/patients', lead, { mrn: 'L0001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD, phone: '13905710009' })).body.ids.patient as string;
    const golden = (await call<Bundle<Patient>>(t, 'GET', `/fhir/R4/Patient?link=Patient/${sourceId}&_tag=https://medunion.org/fhir/CodeSystem/mpi-record|golden`, admin)).body.entry![0].resource!;

    const now = new Date();
    const offered = (await recognition.recognizableFor(golden.id!, undefined, now)).map((r) => `${r.institution}:${r.itemCode}`);
    // hexi is not qualified for PLT; both institutions' CBC and WBC; lead's exam.
    expect(offered.sort()).toEqual(['lead-hospital:CBC', 'lead-hospital:CT-CHEST', 'lead-hospital:HGB', 'lead-hospital:PLT', 'lead-hospital:WBC', 'thc-hexi:CBC', 'thc-hexi:WBC'].sort());
    expect((await recognition.recognizableFor(sourceId, ['CT-CHEST'], now)).map((r) => r.reportNo)).toEqual(['FS001']); // a source id reaches the person too

    // Lab items are valid 7 days from collection, the chest CT 30: eight days on only the CT is left.
    const later = new Date(now.getTime() + 8 * 24 * 3600_000);
    if (later.getUTCFullYear() === year) expect((await recognition.recognizableFor(golden.id!, undefined, later)).map((r) => r.itemCode)).toEqual(['CT-CHEST']);

    await recognition.raiseQcAlarm('thc-hexi', 'WBC', 'PBRTQC moving average out of control');
    expect((await recognition.recognizableFor(golden.id!, ['WBC'], now)).map((r) => r.institution)).toEqual(['lead-hospital']);
    await recognition.clearQcAlarms('thc-hexi', 'WBC');
    expect((await recognition.recognizableFor(golden.id!, ['WBC'], now)).map((r) => r.institution)).toEqual(['thc-hexi', 'lead-hospital']); // newest first

    const revoked = await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports/JY001/revoke', lead, { reason: '标本溶血，报告作废' });
    expect([revoked.status, revoked.body.outcome]).toEqual([200, 'updated']);
    expect((await call<Upload>(t, 'POST', '/api/recognition/v1/lab-reports/JY001/revoke', lead, { reason: '重复撤销' })).body.outcome).toBe('unchanged');
    const report = (await call<DiagnosticReport>(t, 'GET', `/fhir/R4/DiagnosticReport/${revoked.body.ids.report}`, admin)).body;
    expect(report.status).toBe('entered-in-error');
    expect((await call<Observation>(t, 'GET', `/fhir/R4/${report.result![0].reference}`, admin)).body.status).toBe('entered-in-error');
    expect((await recognition.recognizableFor(golden.id!, ['CBC', 'HGB'], now)).map((r) => `${r.institution}:${r.itemCode}`)).toEqual(['thc-hexi:CBC']);
    const again = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, labReport('JY001', 'L0001'));
    expect([again.status, expressions(again.body)]).toEqual([409, ['reportNo']]);
    expect((await call(t, 'POST', '/api/recognition/v1/exam-reports/FS001/revoke', lead, {})).status).toBe(400);
    const examRevoked = await call<Upload>(t, 'POST', '/api/recognition/v1/exam-reports/FS001/revoke', lead, { reason: '检查部位错误' });
    expect(examRevoked.status).toBe(200);
    expect(await recognition.recognizableFor(golden.id!, ['CT-CHEST'], now)).toEqual([]);
    const events = await t.platform.kernel.db.query<{ n: number | string }>(`select count(*) as n from event_outbox where topic = 'DiagnosticReport:entered-in-error'`);
    expect(Number(events.rows[0].n)).toBe(2); // what part 2 listens to, to tell the doctors who were shown them
  });
});
