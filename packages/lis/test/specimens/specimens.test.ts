import type { AuditEvent, Bundle, ServiceRequest, Specimen, Task } from '@medplum/fhirtypes';
import { FhirError } from '@medunion/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';
import type { AccessionedSpecimen, PoolResult, ReceiveOutcome, SpecimenList, SpecimenSummary, SpecimenTimeline, WardRejection } from '../../src/contracts/specimens.ts';
import { findSpecimen } from '../../src/specimens/find.ts';
import { setSpecimenStatus } from '../../src/specimens/status.ts';
import { call, expectStatus, expressions, issueText, lisContext, luhnValid, order, sendBytes, startLisPlatform } from './helpers.ts';
import { pdfTexts } from './pdf.ts';

const factories = await testDbFactories();
const LAB = 'lead-hospital';

describe.each(factories)('LIS specimens on $name', (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let nurse: string;
  let lab: string;
  let registrar: string;
  let admin: string;
  /** The tubes of 周建军's admission work-up, by tube code. */
  const tube: Record<string, AccessionedSpecimen> = {};

  beforeAll(async () => {
    t = await startLisPlatform(factory, { demos: false });
    [doctor, nurse, lab, registrar, admin] = await Promise.all(['lead.doctor', 'lead.nurse', 'lead.lab', 'lead.registrar', 'admin'].map((u) => t.login(u)));
  });
  afterAll(async () => t?.close());

  const post = <T>(path: string, token: string, body: unknown = {}) => call<T>(t, 'POST', path, token, body);
  const timeline = async (barcode: string) => (await call<SpecimenTimeline>(t, 'GET', `/api/lis/specimens/${barcode}/timeline`, lab)).body;
  /** A valid barcode (right check digit) that was never issued. */
  const unknownBarcode = () => {
    const body = '99123199999';
    for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
    throw new Error('unreachable');
  };

  it('accessions a requisition into one tube per specimen definition, with check-digit barcodes', async () => {
    const placed = await order(t, doctor, { patient: { id: 'demo-p7' }, requisition: 'R-ADM-7', panels: ['CBC', 'HBA1C', 'LFT', 'RFT', 'FBG', 'COAG'], department: 'nk', ward: '内科一病区', bed: '08', patientType: '3' });
    const accessioned = await post<AccessionedSpecimen[]>('/api/lis/specimens/accession', nurse, { requisition: placed.requisition });
    expectStatus(accessioned, 201);
    for (const s of accessioned.body) tube[s.tube.code] = s;
    expect(Object.keys(tube).sort()).toEqual(['CIT', 'EDTA', 'NAF', 'SST']);
    expect(tube.EDTA.panels.map((p) => p.code)).toEqual(['CBC', 'HBA1C']);
    expect(tube.SST.panels.map((p) => p.code)).toEqual(['LFT', 'RFT']);
    expect([tube.EDTA.tube.capColourName, tube.CIT.tube.capColourName, tube.NAF.tube.capColourName]).toEqual(['紫色', '蓝色', '灰色']);
    const barcodes = accessioned.body.map((s) => s.barcode);
    expect(new Set(barcodes).size).toBe(4);
    for (const b of barcodes) expect([/^\d{12}$/.test(b), luhnValid(b)]).toEqual([true, true]);

    const specimen = await call<Specimen>(t, 'GET', `/fhir/R4/Specimen/${tube.EDTA.id}`, lab);
    expect(specimen.body).toMatchObject({ subject: { reference: 'Patient/demo-p7' }, type: { text: '全血' }, identifier: [{ system: `https://medunion.org/fhir/lis/sid/barcode/${LAB}`, value: tube.EDTA.barcode }] });
    expect(specimen.body.request).toHaveLength(2);
    expect(JSON.stringify(specimen.body.extension)).toContain('"registered"');
    const line = await call<ServiceRequest>(t, 'GET', `/fhir/R4/ServiceRequest/${placed.orders[0].id}`, lab);
    expect(line.body.specimen?.[0]).toEqual({ reference: `Specimen/${tube.EDTA.id}`, display: tube.EDTA.barcode });

    const again = await post<AccessionedSpecimen[]>('/api/lis/specimens/accession', nurse, { requisition: placed.requisition });
    expect([again.status, again.body]).toEqual([201, []]);
    const unknown = await post('/api/lis/specimens/accession', nurse, { orders: ['no-such-order'] });
    expect([unknown.status, expressions(unknown.body)]).toEqual([404, ['orders[0]']]);
    expect((await post('/api/lis/specimens/accession', registrar, { requisition: placed.requisition })).status).toBe(403);

    // The port other areas use: tests of the tube's panels expanded, calculated ones included, in report order.
    const work = await findSpecimen(lisContext(t), LAB, tube.SST.barcode);
    expect(work).toMatchObject({ barcode: tube.SST.barcode, patientId: 'demo-p7', status: 'registered' });
    expect(work!.orders.map((o) => o.code?.coding?.[0]?.code)).toEqual(['LFT', 'RFT']);
    expect(work!.tests).toEqual(expect.arrayContaining(['ALT', 'TBIL', 'IBIL', 'GLB', 'A/G', 'CREA', 'EGFR']));
    expect(work!.tests.indexOf('ALT')).toBeLessThan(work!.tests.indexOf('CREA'));
    expect(await findSpecimen(lisContext(t), LAB, unknownBarcode())).toBeUndefined();
    expect(await findSpecimen(lisContext(t), 'thc-hexi', tube.SST.barcode)).toBeUndefined();
  });

  it('prints A4 label sheets and single labels with the barcode, patient and cap colour, logging re-prints', async () => {
    const barcodes = Object.values(tube).map((s) => s.barcode);
    const sheet = await sendBytes(t, '/api/lis/specimens/labels', nurse, JSON.stringify({ barcodes, layout: 'sheet' }), 'application/json');
    expect([sheet.status, sheet.type]).toEqual([200, 'application/pdf']);
    expect(sheet.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfTexts(sheet.bytes).join('\n');
    for (const b of barcodes) expect(text).toContain(b);
    for (const word of ['周建军', '男', '紫色', '蓝色', '血常规', '采集时间', '住院']) expect(text).toContain(word);
    expect(text).not.toContain('补');

    const single = await sendBytes(t, '/api/lis/specimens/labels', nurse, JSON.stringify({ barcodes: [tube.EDTA.barcode, tube.SST.barcode], layout: 'single' }), 'application/json');
    expect(single.status).toBe(200);
    const pages = pdfTexts(single.bytes);
    expect(pages).toHaveLength(2);
    expect([pages[0].includes(tube.EDTA.barcode), pages[1].includes(tube.SST.barcode), pages[0].includes('补')]).toEqual([true, true, true]);

    const history = await timeline(tube.EDTA.barcode);
    expect(history.labels.map((l) => [l.layout, l.reprint, l.actorName])).toEqual([
      ['sheet', false, '赵丽'],
      ['single', true, '赵丽'],
    ]);
    const audit = await call<{ entries: AuditEvent[] }>(t, 'GET', '/api/audit?action=print&resourceType=Specimen', admin);
    expect(audit.body.entries.some((e) => JSON.stringify(e).includes(`${tube.EDTA.barcode} 补打`))).toBe(true);

    const misread = await post('/api/lis/specimens/labels', nurse, { barcodes: [`${tube.EDTA.barcode.slice(0, 11)}${(Number(tube.EDTA.barcode[11]) + 1) % 10}`] });
    expect([misread.status, expressions(misread.body)]).toEqual([400, ['barcodes[0]']]);
    expect(issueText(misread.body)).toContain('校验位');
    expect((await post('/api/lis/specimens/labels', nurse, { barcodes: [unknownBarcode()] })).status).toBe(404);
    expect((await post('/api/lis/specimens/labels', doctor, { barcodes })).status).toBe(403);
  });

  it('records collection, receives by scan singly and in batches, and keeps every transition in the ledger', async () => {
    const collectedAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const collected = await post<SpecimenSummary>(`/api/lis/specimens/${tube.EDTA.barcode}/collect`, nurse, { collectedAt });
    expectStatus(collected, 200);
    expect([collected.body.status, collected.body.collectedAt]).toEqual(['collected', collectedAt]);
    expect((await post(`/api/lis/specimens/${tube.EDTA.barcode}/collect`, nurse, {})).status).toBe(409);
    const future = await post(`/api/lis/specimens/${tube.CIT.barcode}/collect`, nurse, { collectedAt: new Date(Date.now() + 3600_000).toISOString() });
    expect([future.status, expressions(future.body)]).toEqual([400, ['collectedAt']]);
    expectStatus(await post(`/api/lis/specimens/${tube.CIT.barcode}/collect`, nurse, {}), 200);

    const single = await post<ReceiveOutcome>(`/api/lis/specimens/${tube.EDTA.barcode}/receive`, lab);
    expectStatus(single, 200);
    expect(single.body).toMatchObject({ outcome: 'received', status: 'received' });
    expect((await post(`/api/lis/specimens/${tube.EDTA.barcode}/receive`, nurse)).status).toBe(403);

    const misread = `${tube.SST.barcode.slice(0, 11)}${(Number(tube.SST.barcode[11]) + 3) % 10}`;
    const batch = await post<ReceiveOutcome[]>('/api/lis/specimens/receive', lab, { barcodes: [tube.SST.barcode, tube.EDTA.barcode, unknownBarcode(), misread, tube.SST.barcode, tube.CIT.barcode] });
    expectStatus(batch, 200);
    expect(batch.body.map((o) => o.outcome)).toEqual(['received', 'already-received', 'not-found', 'refused', 'received']);

    const edta = await timeline(tube.EDTA.barcode);
    expect(edta.status).toBe('received');
    expect(edta.events.map((e) => [e.status, e.previousStatus, e.actorName])).toEqual([
      ['registered', null, '赵丽'],
      ['collected', 'registered', '赵丽'],
      ['received', 'collected', '孙伟'],
    ]);
    const sst = await timeline(tube.SST.barcode);
    expect(sst.events.map((e) => e.status)).toEqual(['registered', 'received']);
    expect(sst.events[1].note).toContain('未登记采集');
    const fhir = await call<Specimen>(t, 'GET', `/fhir/R4/Specimen/${tube.SST.id}`, lab);
    expect([fhir.body.status, typeof fhir.body.receivedTime]).toEqual(['available', 'string']);
  });

  it('rejects before results with a reason the ward sees, refuses once resulted, and allows concessions', async () => {
    const badReason = await post(`/api/lis/specimens/${tube.NAF.barcode}/reject`, lab, { reason: 'bored' });
    expect([badReason.status, expressions(badReason.body)]).toEqual([400, ['reason']]);
    expect((await post(`/api/lis/specimens/${tube.NAF.barcode}/reject`, doctor, { reason: 'hemolysed' })).status).toBe(403);
    const rejected = await post<SpecimenSummary & { taskId: string }>(`/api/lis/specimens/${tube.NAF.barcode}/reject`, lab, { reason: 'hemolysed', note: '重度溶血' });
    expectStatus(rejected, 200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: 'hemolysed', reasonName: '溶血', note: '重度溶血' } });
    const task = await call<Task>(t, 'GET', `/fhir/R4/Task/${rejected.body.taskId}`, lab);
    expect(task.body).toMatchObject({ status: 'requested', code: { coding: [{ code: 'recollect' }] }, owner: { reference: 'Organization/lead-hospital-nk' }, focus: { reference: `Specimen/${tube.NAF.id}` } });

    // The ordering ward (李明 works in 内科) sees the rejection and why; scanning it at the lab says it was rejected.
    const ward = await call<WardRejection[]>(t, 'GET', '/api/lis/specimens/rejections', doctor);
    expectStatus(ward, 200);
    expect(ward.body.map((r) => [r.barcode, r.reasonName, r.note, r.patient?.id])).toEqual([[tube.NAF.barcode, '溶血', '重度溶血', 'demo-p7']]);
    const scanned = await post<ReceiveOutcome[]>('/api/lis/specimens/receive', lab, { barcodes: [tube.NAF.barcode] });
    expect(scanned.body[0]).toMatchObject({ outcome: 'rejected' });
    expect(scanned.body[0].message).toContain('溶血');
    expect((await post(`/api/lis/specimens/${tube.NAF.barcode}/reject`, lab, { reason: 'clotted' })).status).toBe(409);

    // 让步检验 of the rejected tube (no second sample can be drawn): received again, the ward's task cancelled.
    const noProblem = await post(`/api/lis/specimens/${tube.NAF.barcode}/concession`, lab, { kind: 'quality', reason: '患者已转院' });
    expect([noProblem.status, expressions(noProblem.body)]).toEqual([400, ['problem']]);
    const conceded = await post<SpecimenSummary>(`/api/lis/specimens/${tube.NAF.barcode}/concession`, lab, { kind: 'quality', problem: 'hemolysed', reason: '患者已出院无法重采，临床同意' });
    expectStatus(conceded, 200);
    expect(conceded.body).toMatchObject({ status: 'received', concession: { kind: 'quality' } });
    expect((await call<WardRejection[]>(t, 'GET', '/api/lis/specimens/rejections', doctor)).body).toEqual([]);
    const all = await call<WardRejection[]>(t, 'GET', '/api/lis/specimens/rejections?department=lead-hospital-nk&status=all', doctor);
    expect(all.body.map((r) => r.taskStatus)).toEqual(['cancelled']);
    expect((await timeline(tube.NAF.barcode)).events.map((e) => e.status)).toEqual(['registered', 'rejected', 'received']);

    // A received tube that has reported results cannot be rejected any more.
    const ctx = lisContext(t);
    await ctx.store.inUnit(ctx.systemContext, async (unit) => {
      await setSpecimenStatus(ctx, unit, ctx.systemContext, tube.EDTA.id, 'in-test');
      await setSpecimenStatus(ctx, unit, ctx.systemContext, tube.EDTA.id, 'resulted', { note: '仪器结果' });
    });
    const late = await post(`/api/lis/specimens/${tube.EDTA.barcode}/reject`, lab, { reason: 'clotted' });
    expect([late.status, expressions(late.body)]).toEqual([409, ['status']]);
    expect(issueText(late.body)).toContain('已出结果');
    expect((await post(`/api/lis/specimens/${tube.EDTA.barcode}/concession`, lab, { kind: 'green-channel', reason: '急' })).status).toBe(409);

    // Green channel: an emergency tube enters the lab ahead of collection paperwork, as stat.
    const er = await order(t, doctor, { patient: { id: 'demo-p8' }, panels: ['ELEC'], patientType: '2', department: 'nk', accession: true });
    const green = await post<SpecimenSummary>(`/api/lis/specimens/${er.specimens![0].barcode}/concession`, lab, { kind: 'green-channel', reason: '急诊绿色通道' });
    expectStatus(green, 200);
    expect(green.body).toMatchObject({ status: 'received', priority: 'stat', concession: { kind: 'green-channel', reason: '急诊绿色通道' } });
  });

  it('moves statuses through the port forward only and assigns sample numbers per instrument', async () => {
    const ctx = lisContext(t);
    const move = (status: 'received' | 'in-test' | 'resulted', allowBackwards = false) =>
      ctx.store.inUnit(ctx.systemContext, (unit) => setSpecimenStatus(ctx, unit, ctx.systemContext, tube.SST.id, status, { allowBackwards, note: 'port' }));
    await move('in-test');
    const backwards = await move('received').then(() => undefined, (err: unknown) => err);
    expect(backwards).toBeInstanceOf(FhirError);
    expect((backwards as FhirError).status).toBe(409);
    const before = (await timeline(tube.SST.barcode)).events.length;
    await move('in-test'); // the status it has: nothing to record
    expect((await timeline(tube.SST.barcode)).events.length).toBe(before);
    await move('received', true); // un-doing, as recall and un-review do
    expect((await timeline(tube.SST.barcode)).events.slice(-1)[0]).toMatchObject({ status: 'received', previousStatus: 'in-test', note: 'port' });

    const device = await call(t, 'POST', '/fhir/R4/Device', lab, { resourceType: 'Device', identifier: [{ system: `https://medunion.org/fhir/lis/sid/instrument/${LAB}`, value: 'T-AN1' }], deviceName: [{ name: '测试生化分析仪', type: 'user-friendly-name' }] }, { 'content-type': 'application/fhir+json' });
    expectStatus(device, 201);
    const first = await post<{ sampleNumber: string }>(`/api/lis/specimens/${tube.SST.barcode}/sample-number`, lab, { instrument: 'T-AN1' });
    expectStatus(first, 200);
    expect(first.body.sampleNumber).toMatch(/^\d{8}-T-AN1-0001$/);
    expect((await post<{ sampleNumber: string }>(`/api/lis/specimens/${tube.SST.barcode}/sample-number`, lab, { instrument: 'T-AN1' })).body.sampleNumber).toBe(first.body.sampleNumber);
    expect((await post<{ sampleNumber: string }>(`/api/lis/specimens/${tube.NAF.barcode}/sample-number`, lab, { instrument: 'T-AN1' })).body.sampleNumber).toMatch(/-0002$/);
    const unknown = await post(`/api/lis/specimens/${tube.CIT.barcode}/sample-number`, lab, { instrument: 'NOPE' });
    expect([unknown.status, expressions(unknown.body)]).toEqual([422, ['instrument']]);
    const work = await findSpecimen(ctx, LAB, first.body.sampleNumber);
    expect([work?.barcode, work?.status]).toEqual([tube.SST.barcode, 'received']);
  });

  it('lists specimens by status, department and registration day, with paging', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const received = await call<SpecimenList>(t, 'GET', `/api/lis/specimens?status=received&department=lead-hospital-nk&from=${today}&to=${today}`, lab);
    expectStatus(received, 200);
    const barcodes = received.body.items.map((s) => s.barcode);
    expect(barcodes).toEqual(expect.arrayContaining([tube.SST.barcode, tube.NAF.barcode, tube.CIT.barcode]));
    expect(received.body.items.every((s) => s.status === 'received' && s.department === 'lead-hospital-nk')).toBe(true);
    const sst = received.body.items.find((s) => s.barcode === tube.SST.barcode)!;
    expect(sst).toMatchObject({ patient: { id: 'demo-p7' }, tube: 'SST', panels: ['肝功能', '肾功能'], specimenType: '血清' });
    const all = await call<SpecimenList>(t, 'GET', '/api/lis/specimens?status=received', lab);
    const page = await call<SpecimenList>(t, 'GET', '/api/lis/specimens?status=received&_count=1&_offset=1', lab);
    expect([page.body.items.length, page.body.total, page.body.items[0].barcode]).toEqual([1, all.body.total, all.body.items[1].barcode]);
    expect(all.body.items.some((s) => s.priority === 'stat' && s.concession?.kind === 'green-channel')).toBe(true);
    expect((await call<SpecimenList>(t, 'GET', '/api/lis/specimens?status=resulted', lab)).body.items.map((s) => s.barcode)).toContain(tube.EDTA.barcode);
    expect((await call<SpecimenList>(t, 'GET', '/api/lis/specimens?from=2020-01-01&to=2020-01-02', lab)).body.total).toBe(0);
    const backwards = await call(t, 'GET', '/api/lis/specimens?from=2026-02-02&to=2026-02-01', lab);
    expect([backwards.status, expressions(backwards.body)]).toEqual([400, ['to']]);
    expect((await call(t, 'GET', '/api/lis/specimens?status=lost', lab)).status).toBe(400);
    expect((await call(t, 'GET', '/api/lis/specimens', registrar)).status).toBe(403);
  });

  it('pools up to ten specimens (混检), refuses an eleventh, and lists the people of a positive pool for recall', async () => {
    const eleven = Array.from({ length: 11 }, () => unknownBarcode());
    const tooMany = await post('/api/lis/specimens/pools', nurse, { members: eleven });
    expect([tooMany.status, expressions(tooMany.body)]).toEqual([400, ['members']]);

    const swabs: string[] = [];
    for (const patient of ['demo-p11', 'demo-p12', 'demo-p13']) {
      const placed = await order(t, doctor, { patient: { id: patient }, panels: ['COV-POOL'], patientType: '4', department: 'nk', accession: true });
      swabs.push(placed.specimens![0].barcode);
    }
    const mixed = await post('/api/lis/specimens/pools', nurse, { members: [swabs[0], tube.CIT.barcode] });
    expect([mixed.status, expressions(mixed.body)]).toEqual([409, ['members[1]']]);
    const created = await post<PoolResult>('/api/lis/specimens/pools', nurse, { members: swabs });
    expectStatus(created, 201);
    expect(created.body.members.map((m) => m.barcode)).toEqual(swabs);
    const poolBarcode = created.body.pool.barcode;
    expect(luhnValid(poolBarcode)).toBe(true);
    const again = await post('/api/lis/specimens/pools', nurse, { members: [swabs[0], swabs[1]] });
    expect(again.status).toBe(409);

    const work = await findSpecimen(lisContext(t), LAB, poolBarcode);
    expect([work?.patientId, work?.tests, work?.orders.length]).toEqual(['', ['SARS2-RNA'], 3]);
    const pool = await call<Bundle>(t, 'GET', `/fhir/R4/Specimen?identifier=${encodeURIComponent(`https://medunion.org/fhir/lis/sid/barcode/${LAB}|${poolBarcode}`)}`, lab);
    expect(JSON.stringify(pool.body)).toContain('https://medunion.org/fhir/lis/StructureDefinition/pooled-from');

    expect((await post(`/api/lis/specimens/pools/${poolBarcode}/positive`, nurse, {})).status).toBe(403);
    expect((await post(`/api/lis/specimens/pools/${tube.SST.barcode}/positive`, lab, {})).status).toBe(409);
    const positive = await post<PoolResult>(`/api/lis/specimens/pools/${poolBarcode}/positive`, lab, { note: 'ORF1ab Ct 28' });
    expectStatus(positive, 200);
    expect(positive.body.pool.positive).toBe(true);
    expect(positive.body.members.every((m) => typeof m.recallTaskId === 'string' && !!m.patient.name && !!m.patient.phone && !!m.patient.mrn)).toBe(true);
    expect(positive.body.members.map((m) => m.patient.id)).toEqual(['demo-p11', 'demo-p12', 'demo-p13']);
    expect(positive.body.members[1].patient).toMatchObject({ name: '褚雅琴', phone: '18757610012' });
    const repeat = await post<PoolResult>(`/api/lis/specimens/pools/${poolBarcode}/positive`, lab, {});
    expect(repeat.body.members.map((m) => m.recallTaskId)).toEqual(positive.body.members.map((m) => m.recallTaskId));
    const read = await call<PoolResult>(t, 'GET', `/api/lis/specimens/pools/${poolBarcode}`, lab);
    expect([read.body.pool.positive, read.body.members.length]).toEqual([true, 3]);
    const recall = await call<Task>(t, 'GET', `/fhir/R4/Task/${positive.body.members[0].recallTaskId}`, lab);
    expect(recall.body).toMatchObject({ code: { coding: [{ code: 'recall' }] }, for: { reference: 'Patient/demo-p11' }, owner: { reference: 'Organization/lead-hospital-nk' } });
  });
});
