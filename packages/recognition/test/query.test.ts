import type { Bundle, Communication, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { call, createUploader, expressions, indexSettled, mapLocalItems, minimalPdf, UPLOAD_PASSWORD } from './setup.ts';

const factories = await testDbFactories();

type Upload = { outcome: string; ids: Record<string, unknown> };
type Offered = { itemCode: string; institution: string; reportId: string; reportNo: string; value?: string; unit?: string; flag?: string; referenceRange?: string; conclusion?: string };
type Listed = { patientId: string; count: number; reportCount: number; url: string; results: Offered[] };
type Decision = { id: number; kind: string; reportId: string; itemCode?: string; reasonCode?: string; revokedAt?: string; affectedAt?: string; institution: string; userId: string; practitioner?: string };

const ID_CARD = '110101195603120037'; // 张三丰, registered at the county hospital and the township centre
const OTHER_CARD = '110101198002020026'; // someone only the county hospital knows
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
const V1 = '/api/recognition/v1';

/** Waits until a module's subscriber has handled every event (as the patient index helper does). */
async function handled(t: TestPlatform, subscriber: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const dead = await t.platform.kernel.bus.listDeadLetters(subscriber);
    if (dead.length) throw new Error(`${subscriber} failed: ${dead[0].lastError}`);
    if (!(await t.platform.kernel.bus.hasPending(subscriber))) return;
    t.platform.kernel.bus.poke();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${subscriber} did not settle`);
}

describe.each(factories)('recognition doctor-side interface on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let lead: string;
  let hexi: string;
  let doctor: string; // 东岭卫生院 (a third institution, not uploading anything)
  let otherPersonSource: string;
  const reports: Record<string, string> = {};
  const year = new Date().getUTCFullYear();
  const decisionCount = async () => Number((await t.platform.kernel.db.query<{ n: string | number }>('select count(*) as n from recognition_decision')).rows[0].n);

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
    for (const [org, level] of [['lead-hospital', '二级甲等'], ['thc-hexi', '一级']]) {
      expect((await call(t, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level })).status).toBe(200);
    }
    await createUploader(t, 'lead.upload', 'lead-hospital');
    await createUploader(t, 'hexi.upload', 'thc-hexi');
    await t.platform.kernel.auth.createUser({ username: 'hexi.admin', password: UPLOAD_PASSWORD, roles: [{ role: 'institution-admin', institution: 'thc-hexi' }] });
    await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['WBC', '白细胞', 'WBC'], ['HGB', '血红蛋白', 'HGB'], ['PLT', '血小板', 'PLT']], [['CT001', '胸部CT平扫', 'CT-CHEST']]);
    await mapLocalItems(t, await t.login('hexi.admin', UPLOAD_PASSWORD), [['X01', '血常规检查', 'CBC'], ['X02', '白细胞数', 'WBC']], []);
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year })).status).toBe(201);
    await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: ['CBC', 'WBC', 'HGB', 'PLT', 'UA', 'CT-CHEST'].map((code) => ({ code })) });
    const entries = [...['CBC', 'WBC', 'HGB', 'PLT', 'CT-CHEST'].map((item) => ({ item, institution: 'lead-hospital', allowed: true })), ...['CBC', 'WBC'].map((item) => ({ item, institution: 'thc-hexi', allowed: true }))];
    expect((await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries })).status).toBe(200);
    const token = async (username: string) => (await call<{ access_token: string }>(t, 'POST', `${V1}/token`, undefined, { username, password: UPLOAD_PASSWORD })).body.access_token;
    lead = await token('lead.upload');
    hexi = await token('hexi.upload');

    const upload = async (tok: string, path: string, body: unknown) => {
      const res = await call<Upload>(t, 'POST', `${V1}/${path}`, tok, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.ids;
    };
    await upload(lead, 'patients', { mrn: 'L0001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
    otherPersonSource = (await upload(lead, 'patients', { mrn: 'L0002', name: '李四', gender: '2', birthDate: '1980-02-02', idCard: OTHER_CARD })).patient as string;
    await upload(hexi, 'patients', { mrn: 'H-77', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: ID_CARD });
    const lab = { specimenType: '01', collectedAt: hoursAgo(30), reportedAt: hoursAgo(28), itemCode: 'XCG', itemName: '血常规' };
    reports.leadLab = (
      await upload(lead, 'lab-reports', {
        ...lab,
        reportNo: 'JY001',
        patientMrn: 'L0001',
        results: [
          { itemCode: 'WBC', itemName: '白细胞计数', value: '11.2', unit: '×10^9/L', referenceLow: 3.5, referenceHigh: 9.5, flag: 'H' },
          { itemCode: 'HGB', itemName: '血红蛋白', value: '135', unit: 'g/L', referenceLow: 130, referenceHigh: 175, flag: 'N' },
          { itemCode: 'PLT', itemName: '血小板计数', value: '210', unit: '×10^9/L' },
        ],
      })
    ).report as string;
    await upload(lead, 'lab-reports/JY001/pdf', { content: minimalPdf('JY001').toString('base64') });
    reports.hexiLab = (
      await upload(hexi, 'lab-reports', { ...lab, itemCode: 'X01', itemName: '血常规检查', reportNo: 'HX-1', patientMrn: 'H-77', collectedAt: hoursAgo(10), reportedAt: hoursAgo(9), results: [{ itemCode: 'X02', itemName: '白细胞数', value: '6.1', unit: '×10^9/L' }] })
    ).report as string;
    reports.leadExam = (
      await upload(lead, 'exam-reports', {
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
        findings: '双肺纹理清晰。',
        conclusion: '胸部CT平扫未见明显异常。',
      })
    ).report as string;
    reports.otherLab = (await upload(lead, 'lab-reports', { ...lab, reportNo: 'JY002', patientMrn: 'L0002', results: [{ itemCode: 'WBC', itemName: '白细胞计数', value: '5.0' }] })).report as string;

    // The third institution's doctor registers the patient at their own centre: the patient is now in their care.
    doctor = await t.login('dongling.doctor');
    const registered = await call<Patient>(t, 'POST', '/fhir/R4/Patient', doctor, {
      resourceType: 'Patient',
      identifier: [
        { system: 'https://medunion.org/fhir/sid/mrn/thc-dongling', value: 'D-1' },
        { system: 'urn:oid:2.16.156.10011.1.3', value: ID_CARD },
      ],
      name: [{ text: '张三丰', family: '张', given: ['三丰'] }],
      gender: 'male',
      birthDate: '1956-03-12',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await indexSettled(t);
  });
  afterAll(async () => t?.close());

  it('lists every recognisable result of a patient in care, found by own MRN or ID card, and audits the view', async () => {
    const byMrn = await call<Listed>(t, 'GET', `${V1}/recognizable?mrn=D-1`, doctor);
    expect(byMrn.status, JSON.stringify(byMrn.body)).toBe(200);
    expect(byMrn.body.results.map((r) => `${r.institution}:${r.itemCode}`).sort()).toEqual(['lead-hospital:CBC', 'lead-hospital:CT-CHEST', 'lead-hospital:HGB', 'lead-hospital:PLT', 'lead-hospital:WBC', 'thc-hexi:CBC', 'thc-hexi:WBC']);
    expect([byMrn.body.count, byMrn.body.reportCount, byMrn.body.url]).toEqual([7, 3, `/embed/recognition?patient=${byMrn.body.patientId}`]);
    expect(byMrn.body.results.find((r) => r.itemCode === 'WBC' && r.institution === 'lead-hospital')).toMatchObject({ value: '11.2', unit: '×10^9/L', flag: 'H', referenceRange: '3.5–9.5' });
    expect(byMrn.body.results.find((r) => r.itemCode === 'CT-CHEST')?.conclusion).toBe('胸部CT平扫未见明显异常。');
    const byCard = await call<Listed>(t, 'GET', `${V1}/recognizable?idCard=${ID_CARD}`, doctor);
    expect(byCard.body.count).toBe(7);
    const audit = await t.platform.kernel.audit.search({ patientId: byMrn.body.patientId, action: 'search' });
    expect(audit.entries.some((e) => e.outcomeDesc === 'recognition listRecognizable: 7 results' && JSON.stringify(e.agent).includes('dongling'))).toBe(true);
  });

  it('shows the same values for reports uploaded before the summary projection existed (read from the FHIR resources)', async () => {
    const projected = await call<Listed>(t, 'GET', `${V1}/recognizable?mrn=D-1`, doctor);
    await t.platform.kernel.db.query('update recognition_report set summarized = false');
    try {
      const fromFhir = await call<Listed>(t, 'GET', `${V1}/recognizable?mrn=D-1`, doctor);
      const view = (l: Listed) => l.results.map((r) => JSON.stringify([r.institution, r.itemCode, r.value, r.unit, r.flag, r.referenceRange, r.conclusion])).sort();
      expect(view(fromFhir.body)).toEqual(view(projected.body));
    } finally {
      await t.platform.kernel.db.query('update recognition_report set summarized = true');
    }
  });

  it('finds results precisely by item, institution and date range', async () => {
    const hexiWbc = await call<Listed>(t, 'POST', `${V1}/recognizable/query`, doctor, { mrn: 'D-1', items: ['WBC'], institution: 'QS101' });
    expect(hexiWbc.body.results.map((r) => [r.institution, r.reportNo, r.value])).toEqual([['thc-hexi', 'HX-1', '6.1']]);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect((await call<Listed>(t, 'POST', `${V1}/recognizable/query`, doctor, { mrn: 'D-1', from: tomorrow })).body.count).toBe(0);
    const unknown = await call(t, 'POST', `${V1}/recognizable/query`, doctor, { mrn: 'D-1', items: ['WBC', 'NOPE'], institution: 'nowhere' });
    expect([unknown.status, expressions(unknown.body)]).toEqual([400, ['items[1].code']]);
  });

  it('checks an order: a duplicate needs a decision and shows the newest result, a new item is clear', async () => {
    const check = await call<{ decisionRequired: boolean; duplicates: { index: number; itemCode: string; result: Offered; results: Offered[]; decisionRequired: boolean }[]; clear: { index: number; itemCode: string }[] }>(
      t,
      'POST',
      `${V1}/orders/check`,
      doctor,
      { mrn: 'D-1', orderNo: 'DL-CF-1', items: [{ code: 'CBC' }, { code: 'UA' }] },
    );
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expect(check.body.decisionRequired).toBe(true);
    expect(check.body.duplicates.map((d) => [d.index, d.itemCode, d.result.reportNo, d.results.length, d.decisionRequired])).toEqual([[0, 'CBC', 'HX-1', 2, true]]);
    expect(check.body.clear).toEqual([{ index: 1, itemCode: 'UA', itemName: '尿常规' }]);
  });

  it('records recognise and refuse decisions idempotently, revokes a refusal, and lists them', async () => {
    const recognise = { mrn: 'D-1', clientKey: 'DL-CF-1-0', kind: 'recognize', reportId: reports.hexiLab, itemCode: 'CBC', orderNo: 'DL-CF-1', department: 'qk' };
    const first = await call<{ outcome: string; decision: Decision }>(t, 'POST', `${V1}/decisions`, doctor, recognise);
    expect([first.status, first.body.outcome, first.body.decision.institution, first.body.decision.practitioner], JSON.stringify(first.body)).toEqual([201, 'created', 'thc-dongling', expect.stringMatching(/^Practitioner\//)]);
    const again = await call<{ outcome: string; decision: Decision }>(t, 'POST', `${V1}/decisions`, doctor, recognise);
    expect([again.status, again.body.outcome, again.body.decision.id]).toEqual([200, 'unchanged', first.body.decision.id]);
    const refuse = await call<{ decision: Decision }>(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'DL-CF-1-1', kind: 'refuse', reportId: reports.leadExam, itemCode: 'CT-CHEST', reasonCode: 'condition-changed' });
    expect(refuse.status, JSON.stringify(refuse.body)).toBe(201);
    const quote = await call(t, 'POST', `${V1}/decisions`, doctor, { clientKey: 'DL-CF-1-2', kind: 'quote', reportId: reports.leadLab, itemCode: 'WBC' }); // patient taken from the report
    expect(quote.status, JSON.stringify(quote.body)).toBe(201);
    const withdrawn = await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'DL-CF-1-3', kind: 'revoke-refusal', reportId: reports.leadExam, revokes: refuse.body.decision.id });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(201);
    const listed = (await call<{ decisions: Decision[] }>(t, 'GET', `${V1}/decisions?mrn=D-1`, doctor)).body.decisions;
    expect(listed.map((d) => d.kind).sort()).toEqual(['quote', 'recognize', 'refuse', 'revoke-refusal']);
    expect(listed.find((d) => d.kind === 'refuse')).toMatchObject({ reasonCode: 'condition-changed', revokedAt: expect.any(String) });
    const reasons = await call<{ reasons: { code: string }[] }>(t, 'GET', `${V1}/refusal-reasons`, doctor);
    expect(reasons.body.reasons.map((r) => r.code)).toContain('other');
  });

  it('downloads a report as structured data with FHIR resources, as its PDF, and an exam with its image link', async () => {
    const lab = await call<{ report: { reportNo: string }; results: { itemCode: string; value: string }[]; pdf: { download: string }; resources: { resourceType: string }[] }>(t, 'GET', `${V1}/reports/${reports.leadLab}?mrn=D-1`, doctor);
    expect(lab.status, JSON.stringify(lab.body)).toBe(200);
    expect(lab.body.results.map((r) => [r.itemCode, r.value])).toEqual([['WBC', '11.2'], ['HGB', '135'], ['PLT', '210']]);
    expect(lab.body.resources.map((r) => r.resourceType)).toEqual(['DiagnosticReport', 'Observation', 'Observation', 'Observation', 'DocumentReference']);
    const pdf = await t.request('GET', lab.body.pdf.download, { token: doctor });
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await pdf.arrayBuffer()).equals(minimalPdf('JY001'))).toBe(true);
    const exam = await call<{ report: { imageUrl: string; conclusion: string; findings: string; modality: string } }>(t, 'GET', `${V1}/reports/${reports.leadExam}`, doctor);
    expect(exam.body.report).toMatchObject({ imageUrl: 'https://pacs.example.org/viewer?study=1.2.840.113619.2.55.3.1', conclusion: '胸部CT平扫未见明显异常。', findings: '双肺纹理清晰。', modality: 'CT' });
    const audit = await t.platform.kernel.audit.search({ resourceId: reports.leadLab, action: 'read' });
    expect(audit.entries.filter((e) => e.outcomeDesc === 'recognition downloadReport JY001').length).toBeGreaterThanOrEqual(2);
    const trend = await call<{ points: { value: number; institution: string }[] }>(t, 'GET', `${V1}/trend?mrn=D-1&item=WBC`, doctor);
    expect(trend.body.points.map((p) => [p.institution, p.value])).toEqual([['lead-hospital', 11.2], ['thc-hexi', 6.1]]);
  });

  it('rejects bad input naming the field, and a patient outside the doctor’s care with 403 — nothing stored', async () => {
    const before = await decisionCount();
    const noPatient = await call(t, 'GET', `${V1}/recognizable`, doctor);
    expect([noPatient.status, expressions(noPatient.body)]).toEqual([400, ['patient']]);
    const unknownMrn = await call(t, 'GET', `${V1}/recognizable?mrn=NOBODY`, doctor);
    expect([unknownMrn.status, expressions(unknownMrn.body)]).toEqual([404, ['mrn']]);
    const unknownItem = await call(t, 'POST', `${V1}/orders/check`, doctor, { mrn: 'D-1', items: [{ code: 'CBC' }, { code: 'NOPE' }] });
    expect([unknownItem.status, expressions(unknownItem.body)]).toEqual([400, ['items[1].code']]);
    const noReason = await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'BAD-1', kind: 'refuse', reportId: reports.hexiLab, itemCode: 'CBC' });
    expect([noReason.status, expressions(noReason.body)]).toEqual([400, ['reasonCode']]);
    const otherWithoutText = await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'BAD-2', kind: 'refuse', reportId: reports.hexiLab, reasonCode: 'other', reasonText: ' ' });
    expect([otherWithoutText.status, expressions(otherWithoutText.body)]).toEqual([400, ['reasonText']]);
    const wrongItem = await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', clientKey: 'BAD-3', kind: 'recognize', reportId: reports.hexiLab, itemCode: 'HGB' });
    expect([wrongItem.status, expressions(wrongItem.body)]).toEqual([400, ['itemCode']]);
    const missing = await call(t, 'POST', `${V1}/decisions`, doctor, { mrn: 'D-1', kind: 'recognize' });
    expect([missing.status, expressions(missing.body)]).toEqual([400, ['clientKey', 'reportId']]);

    // 李四 is known only to the county hospital: the township doctor may not see them, by id, report or decision.
    const notInCare = await call(t, 'GET', `${V1}/recognizable?patient=${otherPersonSource}`, doctor);
    expect([notInCare.status, expressions(notInCare.body)]).toEqual([403, ['patient']]);
    expect((await call(t, 'GET', `${V1}/reports/${reports.otherLab}`, doctor)).status).toBe(403);
    expect((await call(t, 'POST', `${V1}/decisions`, doctor, { clientKey: 'BAD-4', kind: 'recognize', reportId: reports.otherLab })).status).toBe(403);
    const denied = await t.platform.kernel.audit.search({ patientId: otherPersonSource, outcome: '8' });
    expect(denied.total).toBeGreaterThanOrEqual(1);
    // A report of another patient named with this patient's MRN is not found.
    expect((await call(t, 'GET', `${V1}/reports/${reports.otherLab}?mrn=D-1`, doctor)).status).toBe(404);
    // An encounter of another institution does not put the patient in care.
    const leadDoctor = await t.login('lead.doctor');
    const encounter = await call<{ id: string }>(t, 'POST', '/fhir/R4/Encounter', leadDoctor, { resourceType: 'Encounter', status: 'in-progress', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject: { reference: `Patient/${otherPersonSource}` } });
    expect(encounter.status, JSON.stringify(encounter.body)).toBe(201);
    const foreign = await call(t, 'GET', `${V1}/recognizable?patient=${otherPersonSource}&encounter=${encounter.body.id}`, doctor);
    expect([foreign.status, expressions(foreign.body)]).toEqual([403, ['encounter']]);
    // …while the hospital's own encounter does (its doctor holds the record anyway; the encounter path is checked too).
    expect((await call<Listed>(t, 'GET', `${V1}/recognizable?patient=${otherPersonSource}&encounter=${encounter.body.id}`, leadDoctor)).body.count).toBe(2); // JY002: the panel and its WBC
    // Without recognition.query (a nurse) nothing is offered.
    expect((await call(t, 'GET', `${V1}/recognizable?mrn=L0001`, await t.login('lead.nurse'))).status).toBe(403);
    expect(await decisionCount()).toBe(before);
  });

  it('a revoke removes the offer, blocks the download, marks decisions affected and notifies the doctors shown it', async () => {
    expect((await call(t, 'POST', `${V1}/lab-reports/JY001/revoke`, lead, { reason: '标本溶血' })).status).toBe(200);
    const listed = await call<Listed>(t, 'GET', `${V1}/recognizable?mrn=D-1`, doctor);
    expect(listed.body.results.map((r) => `${r.institution}:${r.itemCode}`).sort()).toEqual(['lead-hospital:CT-CHEST', 'thc-hexi:CBC', 'thc-hexi:WBC']);
    const gone = await call(t, 'GET', `${V1}/reports/${reports.leadLab}?mrn=D-1`, doctor);
    expect([gone.status, expressions(gone.body)]).toEqual([410, ['reportId']]);

    await handled(t, 'module:recognition:DiagnosticReport:entered-in-error');
    const decisions = (await call<{ decisions: Decision[] }>(t, 'GET', `${V1}/decisions?mrn=D-1`, doctor)).body.decisions;
    expect(decisions.filter((d) => d.affectedAt).map((d) => d.kind)).toEqual(['quote']);
    const notices = (await call<Bundle<Communication>>(t, 'GET', `/fhir/R4/Communication?identifier=https://medunion.org/fhir/sid/recognition-revoke-notice|${reports.leadLab}/thc-dongling`, admin)).body;
    expect(notices.entry?.length).toBe(1);
    const notice = notices.entry![0].resource!;
    expect([notice.topic?.text, notice.recipient?.[0].reference, notice.about?.[0].reference]).toEqual([expect.stringContaining('JY001'), expect.stringMatching(/^Practitioner\//), `DiagnosticReport/${reports.leadLab}`]);
    await handled(t, 'module:notice:Communication:create');
    expect((await call<{ unread: number }>(t, 'GET', '/api/notice/unread', doctor)).body.unread).toBeGreaterThanOrEqual(1);
  });
});
