import ExcelJS from 'exceljs';
import type { OperationOutcome, ServiceRequest } from '@medplum/fhirtypes';
import { buildOmlO21, buildOrmO01, decodeHl7, encodeHl7, readAck, Hl7Message } from '@medunion/protocols';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';
import { encodeGbk } from '../../../terminology/test/helpers/gbk.ts';
import type { LabOrderImportResult, LabOrderResult, LabOrderTemplate } from '../../src/contracts/specimens.ts';
import { call, expectStatus, expressions, identifiersOf, issueText, order, orderCount, sendBytes, startLisPlatform } from './helpers.ts';

const factories = await testDbFactories();
const HL7 = 'x-application/hl7-v2+er7';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检验申请');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(factories)('LIS orders on $name', (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let lab: string;
  let head: string;
  let nurse: string;
  let admin: string;
  let p8: { mrn: string; idCard: string; name: string };
  let p9: { mrn: string; idCard: string; name: string };
  let p10: { mrn: string; idCard: string; name: string };

  beforeAll(async () => {
    t = await startLisPlatform(factory, { demos: false });
    [doctor, lab, head, nurse, admin] = await Promise.all(['lead.doctor', 'lead.lab', 'lead.labhead', 'lead.nurse', 'admin'].map((u) => t.login(u)));
    [p8, p9, p10] = await Promise.all(['demo-p8', 'demo-p9', 'demo-p10'].map((id) => identifiersOf(t, admin, id)));
  });
  afterAll(async () => t?.close());

  it('takes a requisition with several panels from the doctor station, by MRN, idempotently', async () => {
    const input = { patient: { mrn: p8.mrn }, requisition: 'R-DOC-1', panels: ['CBC', 'LFT'], patientType: '3' as const, department: 'nk', ward: '内科一病区', bed: '12', priority: 'stat' as const, diagnosis: '社区获得性肺炎', diagnosisCode: 'J18.9' };
    const created = await order(t, doctor, input);
    expect(created).toMatchObject({ requisition: 'R-DOC-1', outcome: 'created', patient: { id: 'demo-p8', name: p8.name } });
    expect(created.orders.map((o) => [o.panel, o.status, o.priority])).toEqual([
      ['CBC', 'active', 'stat'],
      ['LFT', 'active', 'stat'],
    ]);
    const stored = await call<ServiceRequest>(t, 'GET', `/fhir/R4/ServiceRequest/${created.orders[0].id}`, doctor);
    expect(stored.body).toMatchObject({
      requisition: { value: 'R-DOC-1' },
      subject: { reference: 'Patient/demo-p8' },
      requester: { reference: 'Practitioner/demo-lead-doctor', display: '李明' },
      reasonCode: [{ text: '社区获得性肺炎', coding: [{ code: 'J18.9' }] }],
    });
    expect(JSON.stringify(stored.body.extension)).toContain('lead-hospital-nk');
    expect(JSON.stringify(stored.body.extension)).toContain('内科一病区');

    const again = await call<LabOrderResult>(t, 'POST', '/api/lis/orders', doctor, input);
    expect([again.status, again.body.outcome, again.body.orders.map((o) => o.id)]).toEqual([200, 'existing', created.orders.map((o) => o.id)]);
    const detail = await call<{ orders: unknown[] }>(t, 'GET', '/api/lis/orders/R-DOC-1', lab);
    expect(detail.body.orders).toHaveLength(2);
  });

  it('warns about duplicate orders until confirmed, and generates requisition numbers', async () => {
    const duplicate = await call<OperationOutcome>(t, 'POST', '/api/lis/orders', doctor, { patient: { idCard: p8.idCard }, panels: ['CBC', 'UA'] });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.issue?.map((i) => [i.severity, i.code, i.expression?.[0]])).toEqual([['warning', 'duplicate', 'panels']]);
    expect(issueText(duplicate.body)).toContain('R-DOC-1');
    const confirmed = await order(t, doctor, { patient: { idCard: p8.idCard }, panels: ['CBC', 'UA'], confirmDuplicates: true });
    expect(confirmed.requisition).toMatch(/^R\d{8}\d{5}$/);
    expect(confirmed.duplicates.map((d) => [d.panel, d.requisition])).toEqual([['CBC', 'R-DOC-1']]);
  });

  it('refuses unknown panels, patients, departments and a requisition number of another patient, naming the field', async () => {
    const panel = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { mrn: p9.mrn }, panels: ['CBC', 'NOPE'] });
    expect([panel.status, expressions(panel.body)]).toEqual([422, ['panels[1]']]);
    const patient = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { mrn: '999999999' }, panels: ['CBC'] });
    expect([patient.status, expressions(patient.body)]).toEqual([422, ['patient.mrn']]);
    const none = await call(t, 'POST', '/api/lis/orders', doctor, { patient: {}, panels: ['CBC'] });
    expect([none.status, expressions(none.body)]).toEqual([400, ['patient']]);
    const dept = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { mrn: p9.mrn }, panels: ['CBC'], department: 'no-such-dept' });
    expect([dept.status, expressions(dept.body)]).toEqual([422, ['department']]);
    const taken = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { mrn: p9.mrn }, panels: ['CBC'], requisition: 'R-DOC-1' });
    expect([taken.status, expressions(taken.body)]).toEqual([409, ['requisition']]);
    const schema = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { idCard: '123' }, panels: 'CBC', priority: 'now' });
    expect(expressions(schema.body)).toEqual(expect.arrayContaining(['patient.idCard', 'panels', 'priority']));
    expect((await call(t, 'POST', '/api/lis/orders', nurse, { patient: { mrn: p9.mrn }, panels: ['CBC'] })).status).toBe(403);
  });

  it('orders from templates per lab section (manual entry)', async () => {
    const bad = await call(t, 'POST', '/api/lis/orders/templates', head, { code: 'RY', name: '入院常规', section: 'clinical', panels: ['CBC', 'NOPE'] });
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['panels[1]']]);
    expect((await call(t, 'POST', '/api/lis/orders/templates', lab, { code: 'RY', name: '入院常规', section: 'clinical', panels: ['CBC'] })).status).toBe(403);
    const created = await call<LabOrderTemplate>(t, 'POST', '/api/lis/orders/templates', head, { code: 'RY', name: '入院常规', section: 'clinical', panels: ['CBC', 'UA', 'COAG', 'INF4'] });
    expectStatus(created, 201);
    const listed = await call<LabOrderTemplate[]>(t, 'GET', '/api/lis/orders/templates?q=rycg', doctor);
    expect(listed.body.map((x) => x.code)).toEqual(['RY']);
    const fromTemplate = await order(t, doctor, { patient: { mrn: p9.mrn }, template: 'RY', panels: ['FBG'] });
    expect(fromTemplate.orders.map((o) => o.panel)).toEqual(['FBG', 'CBC', 'UA', 'COAG', 'INF4']);
    const missing = await call(t, 'POST', '/api/lis/orders', doctor, { patient: { mrn: p9.mrn }, template: 'NONE' });
    expect([missing.status, expressions(missing.body)]).toEqual([422, ['template']]);
  });

  it('takes ServiceRequests through the FHIR API when they carry what accession needs', async () => {
    const base: ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/demo-p10' },
      code: { coding: [{ system: 'https://medunion.org/fhir/lis/CodeSystem/panels/lead-hospital', code: 'CRP', display: 'C-反应蛋白' }] },
    };
    const noRequisition = await call(t, 'POST', '/fhir/R4/ServiceRequest', doctor, base, { 'content-type': 'application/fhir+json' });
    expect([noRequisition.status, expressions(noRequisition.body)]).toEqual([400, ['ServiceRequest.requisition']]);
    const ok = await call<ServiceRequest>(t, 'POST', '/fhir/R4/ServiceRequest', doctor, { ...base, requisition: { system: 'https://medunion.org/fhir/lis/sid/requisition/lead-hospital', value: 'HIS-FHIR-1' } }, { 'content-type': 'application/fhir+json' });
    expectStatus(ok, 201);
    const accessioned = await call<{ barcode: string; panels: { code: string }[] }[]>(t, 'POST', '/api/lis/specimens/accession', lab, { requisition: 'HIS-FHIR-1' });
    expectStatus(accessioned, 201);
    expect(accessioned.body.map((s) => s.panels.map((p) => p.code))).toEqual([['CRP']]);
  });

  it('receives HL7 v2 OML^O21 and ORM^O01 orders and acknowledges AA, AE or AR with the segment and field', async () => {
    const send = async (message: Hl7Message | string) => {
      const r = await sendBytes(t, '/api/lis/orders/hl7', doctor, typeof message === 'string' ? message : encodeHl7(message), HL7);
      expect(r.status).toBe(200);
      expect(r.type).toContain('hl7-v2');
      return readAck(decodeHl7(r.bytes));
    };
    const oml = (panels: string[], mrn: string, requisition: string, charset?: string) => {
      const m = buildOmlO21({
        header: { sendingApplication: 'HIS', receivingApplication: 'LIS', controlId: `C-${requisition}`, ...(charset ? { charset } : {}) },
        patient: { identifiers: [{ id: mrn, type: 'MR' }], name: p10.name, sex: 'M' },
        orders: [{ placerOrderNumber: `${requisition}-1`, tests: panels.map((code) => ({ code, text: code })), priority: 'R' }],
      });
      m.addSegment('PV1', ['1', 'I', ['内科二病区', '203', '06']]);
      m.addSegment('DG1', ['1', '', ['E11.9', '2型糖尿病', 'I10']]);
      for (const orc of m.segmentsNamed('ORC')) {
        orc.setField(4, requisition);
        orc.setField(17, 'nk');
        orc.setField(12, ['D001', '李', '明']);
      }
      return m;
    };
    const ok = await send(oml(['FBG', 'HBA1C'], p10.mrn, 'HIS-0001', 'GB 18030-2000'));
    expect([ok.code, ok.controlId, ok.text]).toEqual(['AA', 'C-HIS-0001', 'HIS-0001']);
    const lines = await call<{ orders: { id: string; panel: string }[] }>(t, 'GET', '/api/lis/orders/HIS-0001', lab);
    expect(lines.body.orders.map((o) => o.panel)).toEqual(['FBG', 'HBA1C']);
    const stored = await call<ServiceRequest>(t, 'GET', `/fhir/R4/ServiceRequest/${lines.body.orders[0].id}`, lab);
    expect(stored.body.reasonCode?.[0]).toEqual({ coding: [{ system: 'urn:oid:2.16.156.10011.2.3.3.11', code: 'E11.9' }], text: '2型糖尿病' });
    expect(JSON.stringify(stored.body.extension)).toContain('内科二病区');
    expect(stored.body.subject?.reference).toBe('Patient/demo-p10');
    // Sent again (HIS retry): accepted, nothing new.
    expect((await send(oml(['FBG', 'HBA1C'], p10.mrn, 'HIS-0001'))).code).toBe('AA');
    expect((await call<{ orders: unknown[] }>(t, 'GET', '/api/lis/orders/HIS-0001', lab)).body.orders).toHaveLength(2);

    const unknownPanel = await send(oml(['CBC', 'NOPE'], p10.mrn, 'HIS-0002'));
    expect(unknownPanel.code).toBe('AE');
    expect(unknownPanel.errors.map((e) => [e.segment, e.sequence, e.field])).toEqual([['OBR', 2, 4]]);
    expect(unknownPanel.errors[0].text).toContain('NOPE');
    const unknownPatient = await send(oml(['CBC'], '000000000', 'HIS-0003'));
    expect([unknownPatient.code, unknownPatient.errors[0].segment, unknownPatient.errors[0].field]).toEqual(['AE', 'PID', 3]);
    expect((await call(t, 'GET', '/api/lis/orders/HIS-0002', lab)).status).toBe(404);
    const refusals = await call<{ entries: unknown[] }>(t, 'GET', '/api/audit?action=create&resourceType=ServiceRequest&outcome=4', admin);
    expect(JSON.stringify(refusals.body.entries)).toContain('LIS HL7 order AE');

    const garbage = await send('this is not HL7');
    expect(garbage.code).toBe('AR');
    const adt = Hl7Message.parse('MSH|^~\\&|HIS||LIS||20261201120000||ADT^A01|ADT1|P|2.3.1\rPID|1||123^^^^MR\r');
    const refused = await send(adt);
    expect([refused.code, refused.controlId, refused.errors[0].segment, refused.errors[0].field]).toEqual(['AR', 'ADT1', 'MSH', 9]);
    const noPid = await send('MSH|^~\\&|HIS||LIS||20261201120000||ORM^O01|NOPID|P|2.3.1\rORC|NW|X1\rOBR|1|X1||CBC\r');
    expect([noPid.code, noPid.errors[0].segment]).toEqual(['AE', 'PID']);

    const orm = buildOrmO01({ header: { controlId: 'ORM-1' }, patient: { identifiers: [{ id: p10.idCard, type: 'NI' }] }, orders: [{ placerOrderNumber: 'ORM-REQ-1', tests: [{ code: 'CRP' }], priority: 'S' }] });
    const ormAck = await send(orm);
    expect(ormAck.code).toBe('AA');
    expect((await call<{ orders: { priority: string }[] }>(t, 'GET', '/api/lis/orders/ORM-REQ-1', lab)).body.orders[0].priority).toBe('stat');
    // A duplicate of the unreported CRP orders above (FHIR and HL7) is accepted, with a warning per earlier order (ERR-4 W from v2.5).
    const dupe = buildOrmO01({ header: { controlId: 'ORM-2', version: '2.5.1' }, patient: { identifiers: [{ id: p10.mrn, type: 'MR' }] }, orders: [{ placerOrderNumber: 'ORM-REQ-2', tests: [{ code: 'CRP' }] }] });
    const dupeAck = await send(dupe);
    expect([dupeAck.code, dupeAck.errors.map((e) => [e.severity, e.segment, e.field])]).toEqual(['AA', [['W', 'OBR', 4], ['W', 'OBR', 4]]]);
    expect((await sendBytes(t, '/api/lis/orders/hl7', nurse, encodeHl7(orm), HL7)).status).toBe(403);
  });

  it('imports orders from Excel or CSV (UTF-8 or GBK), refusing the whole file with row errors', async () => {
    const before = await orderCount(t, admin);
    const wrong = await workbook([
      ['病历号', '姓名', '检验项目名称'],
      [p9.mrn, p9.name, '血常规'],
    ]);
    const header = await sendBytes(t, '/api/lis/orders/import', doctor, wrong, XLSX);
    expect(header.status).toBe(400);
    expect(expressions(header.json())).toEqual(expect.arrayContaining(['header[3]', 'header']));

    const gbk = encodeGbk(['申请单号,病历号,姓名,病人类型,科室,检验组合,优先级', `IMP-1,${p9.mrn},${p9.name},门诊,nk,血常规、尿常规,常规`, `IMP-2,${p10.mrn},张冠李戴,住院,nk,肝功能,急诊`, `IMP-3,${p10.mrn},${p10.name},病房,nk,血常规 血沉,马上`].join('\r\n'));
    const rows = await sendBytes(t, '/api/lis/orders/import', doctor, gbk, 'text/csv');
    expect(rows.status).toBe(422);
    expect(expressions(rows.json())).toEqual(expect.arrayContaining(['rows[3].name', 'rows[4].panels', 'rows[4].patientType', 'rows[4].priority']));
    expect(issueText(rows.json())).toContain('第 4 行「检验组合」');
    expect(await orderCount(t, admin)).toBe(before);

    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`申请单号,病历号,姓名,检验组合\nIMP-4,${p9.mrn},${p9.name},"CBC,UA"\n`)]);
    const dupes = await sendBytes(t, '/api/lis/orders/import', doctor, utf8, 'text/csv');
    expect(dupes.status).toBe(409); // p9 has CBC and UA from the template order
    expect(await orderCount(t, admin)).toBe(before);

    const sheet = await workbook([
      ['申请单号', '病历号', '姓名', '病人类型', '科室', '病区', '床号', '开单医生', '优先级', '临床诊断', '检验组合'],
      ['IMP-5', p9.mrn, p9.name, '体检', 'nk', '', '', '李明', '常规', '健康体检', '血脂四项,肾功能'],
      ['IMP-6', p8.mrn, p8.name, '住院', 'nk', '内科一病区', '12', 'demo-lead-doctor', '急诊', '肺炎', 'CRP'],
    ]);
    const imported = await sendBytes(t, '/api/lis/orders/import?accession=true', doctor, sheet, XLSX);
    expect(imported.status, imported.bytes.toString()).toBe(201);
    const result = imported.json() as LabOrderImportResult;
    expect(result.rows).toBe(2);
    expect(result.requisitions.map((r) => [r.requisition, r.orders.map((o) => o.panel), r.specimens?.length])).toEqual([
      ['IMP-5', ['LIPID', 'RFT'], 1],
      ['IMP-6', ['CRP'], 1],
    ]);
    expect(await orderCount(t, admin)).toBe(before + 3);
    const confirmed = await sendBytes(t, '/api/lis/orders/import?confirmDuplicates=true', doctor, utf8, 'text/csv');
    expect(confirmed.status).toBe(201);
    expect((await sendBytes(t, '/api/lis/orders/import', doctor, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), XLSX)).status).toBe(400);
  });

  it('cancels order lines before collection and refuses once the tube is collected', async () => {
    const placed = await order(t, doctor, { patient: { mrn: p10.mrn }, requisition: 'R-CANCEL', panels: ['TFT', 'HBV5'], accession: false, confirmDuplicates: true });
    const [tube] = (await call<{ barcode: string }[]>(t, 'POST', '/api/lis/specimens/accession', lab, { requisition: 'R-CANCEL' })).body;
    const partial = await call<{ panel: string; status: string }[]>(t, 'POST', '/api/lis/orders/R-CANCEL/cancel', doctor, { reason: '医生取消', panels: ['TFT'] });
    expectStatus(partial, 200);
    expect(partial.body.map((o) => [o.panel, o.status])).toEqual([
      ['TFT', 'revoked'],
      ['HBV5', 'active'],
    ]);
    expect(placed.orders).toHaveLength(2);
    expectStatus(await call(t, 'POST', `/api/lis/specimens/${tube.barcode}/collect`, nurse, {}), 200);
    const late = await call(t, 'POST', '/api/lis/orders/R-CANCEL/cancel', doctor, { reason: '取消' });
    expect(late.status).toBe(409);
    expect(issueText(late.body)).toContain('拒收');
  });
});
