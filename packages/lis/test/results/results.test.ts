import type { Bundle, Communication, DiagnosticReport, Observation, ServiceRequest, Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';
import type { PoolResult } from '../../src/contracts/specimens.ts';
import type { CriticalValueItem, PatientResults, ReportSummary, ResultHistoryEntry, ResultRow, ReviewOutcome, SpecimenResults, TrendSeries } from '../../src/contracts/results.ts';
import { COMMUNICATION_CATEGORY_SYSTEM } from '../../src/results/codes.ts';
import { recordResults } from '../../src/results/record.ts';
import { EXT } from '../../src/urls.ts';
import { call, createDevice, enter, expectStatus, expressions, fhir, LAB, lisContext, orderAndReceive, outcomeText, qcInControl, reportOf, startLisPlatform, SYSTEM } from './helpers.ts';

const factories = await testDbFactories();

const row = (rows: ResultRow[], code: string): ResultRow => rows.find((r) => r.testCode === code)!;

describe.each(factories)('LIS results and review on $name', (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let tech: string;
  let head: string;
  let other: string;
  let elec: { barcode: string; specimenId: string };
  let elecReport: string;
  let kObservation: string;

  const view = async (barcode: string) => {
    const r = await call<SpecimenResults>(t, 'GET', `/api/lis/results/specimens/${barcode}`, tech);
    expectStatus(r, 200);
    return r.body;
  };

  beforeAll(async () => {
    t = await startLisPlatform(factory);
    [doctor, tech, head] = await Promise.all(['lead.doctor', 'lead.lab', 'lead.labhead'].map((u) => t.login(u)));
    // A second reviewer: a technician who may also withdraw reviews (a role the administrator adds), with a Practitioner.
    await t.platform.kernel.store.update(SYSTEM, { resourceType: 'Practitioner', id: 'test-lab-other', name: [{ text: '周立', family: '周', given: ['立'] }] }, { institution: LAB });
    await t.platform.kernel.auth.upsertRole({ id: 'lis-unreviewer', nameZh: '取消审核', nameEn: 'Withdraw reviews', permissions: ['lis.result.unreview'] });
    await t.platform.kernel.auth.createUser({ username: 'lab.other', password: 'Other@2026x', displayName: '周立', profile: 'Practitioner/test-lab-other', roles: [{ role: 'lab-technician', institution: LAB }, { role: 'lis-unreviewer', institution: LAB }] });
    other = await t.login('lab.other', 'Other@2026x');
  });
  afterAll(async () => t?.close());

  it('flags manual results against the patient’s range, computes calculated tests and raises a critical value at once', async () => {
    [elec] = await orderAndReceive(t, doctor, tech, 'demo-p7', ['ELEC']);
    const entered = await enter(t, tech, elec.barcode, { NA: '140.0', K: '6.80', CL: '100.0', CA: '2.30', HCO3: '25.0' });
    const k = row(entered.observations, 'K');
    expect(k).toMatchObject({ flag: 'HH', symbol: '↑↑', critical: true, source: 'manual', status: 'preliminary', unit: 'mmol/L' });
    expect(k.referenceRange).toMatch(/3\.5.*5\.3/);
    expect(row(entered.observations, 'NA')).toMatchObject({ flag: 'N', symbol: '' });
    // 阴离子间隙 AG = NA − (CL + HCO3), computed when its inputs arrived, from them.
    const ag = row(entered.observations, 'AG');
    expect([ag.source, Number(ag.value)]).toEqual(['calculated', 15]);
    const agObs = await fhir<Observation>(t, tech, `Observation/${ag.observationId}`);
    expect(agObs.derivedFrom?.map((d) => d.reference).sort()).toEqual(['CL', 'HCO3', 'NA'].map((c) => `Observation/${row(entered.observations, c).observationId}`).sort());
    // Complete, so auto-verified — and held: the results were typed by a person (and K is critical).
    expect(k.autoverification?.decision).toBe('hold');
    expect(k.autoverification?.reasons.join(' ')).toContain('手工录入');
    expect(k.autoverification?.reasons.join(' ')).toMatch(/危急|critical/);
    expect(entered.reports[0]).toMatchObject({ status: 'preliminary', reportNo: `${elec.barcode}-biochemistry`, patientName: '周建军', department: '内科' });
    kObservation = k.observationId;
    elecReport = entered.reports[0].reportId;

    const open = await call<CriticalValueItem[]>(t, 'GET', '/api/lis/results/critical-values', tech);
    const item = open.body.find((c) => c.observationId === k.observationId)!;
    expect(item).toMatchObject({ status: 'open', patientName: '周建军', testCode: 'K', value: '6.8', flag: 'HH' });
    expect(item.message).toContain('危急值');
    const tasks = await fhir<Bundle>(t, doctor, `Task?focus=Observation/${k.observationId}`);
    expect((tasks.entry ?? []).map((e) => [(e.resource as Task).status, (e.resource as Task).owner?.reference])).toEqual([['requested', 'Organization/lead-hospital-nk']]);
    const notices = await fhir<Bundle<Communication>>(t, doctor, `Communication?subject=Patient/demo-p7&category=${COMMUNICATION_CATEGORY_SYSTEM}|critical-value`);
    expect(notices.entry?.map((e) => [e.resource?.about?.[0].reference, e.resource?.recipient?.map((r) => r.reference)])).toEqual([[`Observation/${k.observationId}`, ['Organization/lead-hospital-nk', 'Practitioner/demo-lead-doctor']]]);
    // The same value recorded again raises nothing new.
    await enter(t, tech, elec.barcode, { K: '6.80' });
    expect((await fhir<Bundle>(t, doctor, `Task?focus=Observation/${k.observationId}`)).entry).toHaveLength(1);

    const ack = await call<CriticalValueItem>(t, 'POST', `/api/lis/results/critical-values/${item.taskId}/acknowledge`, doctor, { note: '已复述，已通知值班医生' });
    expectStatus(ack, 200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: '李明', note: '已复述，已通知值班医生' });
    const twice = await call(t, 'POST', `/api/lis/results/critical-values/${item.taskId}/acknowledge`, doctor, {});
    expect([twice.status, expressions(twice.body)]).toEqual([409, ['taskId']]);
    expect((await call<CriticalValueItem[]>(t, 'GET', '/api/lis/results/critical-values', tech)).body.some((c) => c.taskId === item.taskId)).toBe(false);
  });

  it('refuses bad entries naming the field, and flags impossible values and holds them from review', async () => {
    const [fbg] = await orderAndReceive(t, doctor, tech, 'demo-p8', ['FBG']);
    const unknown = await call(t, 'POST', `/api/lis/results/specimens/${fbg.barcode}`, tech, { results: [{ testCode: 'NOPE', value: '1' }, { testCode: 'K', value: '4' }] });
    expect([unknown.status, expressions(unknown.body)]).toEqual([422, ['results[0].testCode', 'results[1].testCode']]);
    const empty = await call(t, 'POST', `/api/lis/results/specimens/${fbg.barcode}`, tech, { results: [{ testCode: 'GLU', value: '' }] });
    expect([empty.status, expressions(empty.body)]).toEqual([400, ['results[0].value']]);
    const calculated = await call(t, 'POST', `/api/lis/results/specimens/${elec.barcode}`, tech, { results: [{ testCode: 'AG', value: '12' }] });
    expect([calculated.status, expressions(calculated.body)]).toEqual([422, ['results[0].testCode']]);
    const nurse = await call(t, 'POST', `/api/lis/results/specimens/${fbg.barcode}`, await t.login('lead.nurse'), { results: [{ testCode: 'GLU', value: '5' }] });
    expect([nurse.status, expressions(nurse.body)]).toEqual([403, ['permission']]);

    const impossible = await enter(t, tech, fbg.barcode, { GLU: '-2.1' });
    expect(row(impossible.observations, 'GLU')).toMatchObject({ flag: 'implausible', symbol: '?' });
    const report = await reportOf(t, tech, fbg.barcode);
    const refused = await call(t, 'POST', `/api/lis/reports/${report.reportId}/review`, tech);
    expect([refused.status, expressions(refused.body)]).toEqual([409, ['results[0]']]);
    expect(outcomeText(refused.body)).toContain('不可信');
    const corrected = await enter(t, tech, fbg.barcode, { GLU: '5.60' });
    expect(row(corrected.observations, 'GLU')).toMatchObject({ flag: 'N', value: '5.6' });
  });

  it('releases on review, locks the results (also against FHIR writes) and refuses a second review', async () => {
    const reviewed = await call<ReportSummary & { results: ResultRow[] }>(t, 'POST', `/api/lis/reports/${elecReport}/review`, tech);
    expectStatus(reviewed, 200);
    expect(reviewed.body).toMatchObject({ status: 'final', reviewer: '孙伟' });
    expect(reviewed.body.results.every((r) => r.status === 'final')).toBe(true);
    const stored = await fhir<DiagnosticReport>(t, doctor, `DiagnosticReport/${elecReport}`);
    expect(stored.resultsInterpreter?.[0].reference).toBe('Practitioner/demo-lead-lab');
    expect(stored.extension?.find((e) => e.url === EXT.verifyCode)?.valueString).toMatch(/^[0-9A-Z]{16}$/);
    expect((await view(elec.barcode)).status).toBe('reviewed');
    // The order line is complete once its report is final (and active again if the release is withdrawn).
    expect((await fhir<ServiceRequest>(t, doctor, stored.basedOn![0].reference!)).status).toBe('completed');

    const locked = await call(t, 'POST', `/api/lis/results/specimens/${elec.barcode}`, tech, { results: [{ testCode: 'K', value: '5.0' }] });
    expect([locked.status, expressions(locked.body)]).toEqual([409, ['results[0].testCode']]);
    const observation = await fhir<Observation>(t, tech, `Observation/${kObservation}`);
    const viaFhir = await call(t, 'PUT', `/fhir/R4/Observation/${kObservation}`, tech, { ...observation, valueQuantity: { value: 5, unit: 'mmol/L' } }, { 'content-type': 'application/fhir+json' });
    expect([viaFhir.status, expressions(viaFhir.body)]).toEqual([400, ['Observation.identifier']]);
    const again = await call(t, 'POST', `/api/lis/reports/${elecReport}/review`, tech);
    expect([again.status, expressions(again.body)]).toEqual([409, ['reportId']]);
  });

  it('delta-checks a result against the patient’s previous released result of the test', async () => {
    const [second] = await orderAndReceive(t, doctor, tech, 'demo-p7', ['ELEC']);
    const entered = await enter(t, tech, second.barcode, { NA: '141.0', K: '4.00', CL: '101.0', CA: '2.30', HCO3: '24.0' });
    expect(row(entered.observations, 'K').delta).toMatchObject({ status: 'fail', previousValue: 6.8 });
    expect(row(entered.observations, 'K').delta?.reason).toMatch(/2\.8/);
    expect(row(entered.observations, 'NA').delta).toMatchObject({ status: 'pass', previousValue: 140 });
    expect(row(entered.observations, 'K').autoverification?.reasons.join(' ')).toMatch(/Delta|delta|差值/);
  });

  it('lets only the reviewer or the supervisor withdraw a review; a corrected re-release is marked corrected', async () => {
    const noPermission = await call(t, 'POST', `/api/lis/reports/${elecReport}/unreview`, tech, { reason: '钾需复查' });
    expect([noPermission.status, expressions(noPermission.body)]).toEqual([403, ['permission']]);
    const notTheReviewer = await call(t, 'POST', `/api/lis/reports/${elecReport}/unreview`, other, { reason: '钾需复查' });
    expect([notTheReviewer.status, expressions(notTheReviewer.body)]).toEqual([403, ['reportId']]);
    const noReason = await call(t, 'POST', `/api/lis/reports/${elecReport}/unreview`, head, {});
    expect([noReason.status, expressions(noReason.body)]).toEqual([400, ['reason']]);
    const withdrawn = await call<ReportSummary & { results: ResultRow[] }>(t, 'POST', `/api/lis/reports/${elecReport}/unreview`, head, { reason: '钾需复查' });
    expectStatus(withdrawn, 200);
    expect([withdrawn.body.status, withdrawn.body.reviewer, withdrawn.body.results.map((r) => r.status)]).toEqual(['preliminary', undefined, Array(6).fill('preliminary')]);
    expect((await view(elec.barcode)).status).toBe('resulted');
    const report = await fhir<DiagnosticReport>(t, doctor, `DiagnosticReport/${elecReport}`);
    expect((await fhir<ServiceRequest>(t, doctor, report.basedOn![0].reference!)).status).toBe('active');

    await enter(t, tech, elec.barcode, { K: '5.10' });
    const rereviewed = await call<ReportSummary & { results: ResultRow[] }>(t, 'POST', `/api/lis/reports/${elecReport}/review`, other);
    expectStatus(rereviewed, 200);
    expect([rereviewed.body.status, rereviewed.body.reviewer, row(rereviewed.body.results, 'K').status, row(rereviewed.body.results, 'NA').status]).toEqual(['corrected', '周立', 'corrected', 'final']);
    // The reviewer may withdraw their own review.
    expectStatus(await call(t, 'POST', `/api/lis/reports/${elecReport}/unreview`, other, { reason: '再次核对' }), 200);
    expectStatus(await call(t, 'POST', `/api/lis/reports/${elecReport}/review`, tech), 200);
  });

  it('keeps the revision trail of every result', async () => {
    const history = await call<ResultHistoryEntry[]>(t, 'GET', `/api/lis/results/${kObservation}/history`, tech);
    expectStatus(history, 200);
    const versions = history.body;
    // Newest first: released again unchanged (final) after the corrected re-release was withdrawn once more.
    expect(versions[0]).toMatchObject({ value: '5.1', status: 'final', by: '孙伟' });
    expect(versions.at(-1)).toMatchObject({ version: 1, value: '6.8', status: 'preliminary', flag: 'HH' });
    expect(new Set(versions.map((v) => v.status))).toEqual(new Set(['preliminary', 'final', 'corrected']));
    expect(versions.map((v) => v.by)).toContain('周立');
    expect((await call(t, 'GET', '/api/lis/results/no-such-result/history', tech)).status).toBe(404);
  });

  it('auto-verifies analyzer results: releases a clean report with QC in control, holds with reasons otherwise', async () => {
    const lis = lisContext(t);
    const withQc = await createDevice(t, 'res-test-bs800', '生化分析仪 BS-800');
    const withoutQc = await createDevice(t, 'res-test-bs200', '生化分析仪 BS-200');
    await qcInControl(t, head, tech, withQc, 'GLU', 5.5);

    const [clean] = await orderAndReceive(t, doctor, tech, 'demo-p9', ['FBG']);
    const released = await recordResults(lis, SYSTEM, { institution: LAB, specimenId: clean.specimenId, instrumentId: withQc, source: 'instrument', results: [{ testCode: 'GLU', value: '5.20' }] });
    expect([released.report?.status, released.observations[0].status]).toEqual(['final', 'final']);
    expect(released.report?.resultsInterpreter?.[0].reference).toBe(`Organization/${LAB}`);
    const glu = row((await view(clean.barcode)).results, 'GLU');
    expect(glu.autoverification).toMatchObject({ decision: 'verify', reasons: [] });
    expect((await view(clean.barcode)).status).toBe('reviewed');

    const [noQc] = await orderAndReceive(t, doctor, tech, 'demo-p10', ['FBG']);
    const held = await recordResults(lis, SYSTEM, { institution: LAB, specimenId: noQc.specimenId, instrumentId: withoutQc, source: 'instrument', results: [{ testCode: 'GLU', value: '5.30' }] });
    expect(held.report?.status).toBe('preliminary');
    expect(row((await view(noQc.barcode)).results, 'GLU').autoverification?.reasons.join(' ')).toMatch(/质控|QC/);

    const [flagged] = await orderAndReceive(t, doctor, tech, 'demo-p12', ['FBG']);
    await recordResults(lis, SYSTEM, { institution: LAB, specimenId: flagged.specimenId, instrumentId: withQc, source: 'instrument', results: [{ testCode: 'GLU', value: '5.10', instrumentFlags: ['Clot'] }] });
    const flaggedRow = row((await view(flagged.barcode)).results, 'GLU');
    expect([flaggedRow.instrumentFlags, flaggedRow.autoverification?.decision]).toEqual([['Clot'], 'hold']);
    expect(flaggedRow.autoverification?.reasons.join(' ')).toContain('Clot');

    // Incomplete: no decision yet, the report stays partial (漏项 listed).
    const [partial] = await orderAndReceive(t, doctor, tech, 'demo-p11', ['ELEC']);
    const one = await recordResults(lis, SYSTEM, { institution: LAB, specimenId: partial.specimenId, instrumentId: withQc, source: 'instrument', results: [{ testCode: 'NA', value: '139' }] });
    expect(one.report?.status).toBe('partial');
    const partialView = await view(partial.barcode);
    expect([partialView.missing.sort(), row(partialView.results, 'NA').autoverification]).toEqual([['AG', 'CA', 'CL', 'HCO3', 'K'], undefined]);

    // A second released glucose for the trend.
    const [later] = await orderAndReceive(t, doctor, tech, 'demo-p9', ['FBG']);
    await recordResults(lis, SYSTEM, { institution: LAB, specimenId: later.specimenId, instrumentId: withQc, source: 'instrument', results: [{ testCode: 'GLU', value: '5.90' }] });
    const laterGlu = row((await view(later.barcode)).results, 'GLU');
    expect([laterGlu.status, laterGlu.autoverification?.reasons]).toEqual(['final', []]);
  });

  it('reviews in batches, each report reviewed or refused with its reason', async () => {
    const reports = await call<{ reports: ReportSummary[] }>(t, 'GET', '/api/lis/reports?status=pending&patient=demo-p11', tech);
    const partial = reports.body.reports[0].reportId;
    const fbg = (await call<{ reports: ReportSummary[] }>(t, 'GET', '/api/lis/reports?status=pending&patient=demo-p8', tech)).body.reports[0].reportId;
    const batch = await call<ReviewOutcome[]>(t, 'POST', '/api/lis/reports/review', tech, { reports: [fbg, partial] });
    expectStatus(batch, 200);
    expect(batch.body.map((o) => [o.reportId, o.outcome, o.status])).toEqual([
      [fbg, 'reviewed', undefined],
      [partial, 'refused', 409],
    ]);
    expect(batch.body[1].reasons?.join(' ')).toContain('未出结果');
  });

  it('recalls a released report with its reason: withdrawn everywhere, reissued for correction; supervisor only', async () => {
    const denied = await call(t, 'POST', `/api/lis/reports/${elecReport}/recall`, tech, { reason: '结果录入错误' });
    expect([denied.status, expressions(denied.body)]).toEqual([403, ['permission']]);
    const recalled = await call<{ recalled: ReportSummary & { results: ResultRow[] }; reissue: ReportSummary & { results: ResultRow[] } }>(t, 'POST', `/api/lis/reports/${elecReport}/recall`, head, { reason: '结果录入错误' });
    expectStatus(recalled, 200);
    expect(recalled.body.recalled.status).toBe('entered-in-error');
    expect(recalled.body.recalled.results.every((r) => r.status === 'entered-in-error')).toBe(true);
    expect(recalled.body.reissue).toMatchObject({ status: 'preliminary', reportNo: `${elec.barcode}-biochemistry-R1` });
    expect(row(recalled.body.reissue.results, 'K')).toMatchObject({ value: '5.1', status: 'preliminary' });
    const stored = await fhir<DiagnosticReport>(t, doctor, `DiagnosticReport/${elecReport}`);
    expect(stored.extension?.find((e) => e.url === EXT.recallReason)?.valueString).toBe('结果录入错误');
    const specimen = await view(elec.barcode);
    expect([specimen.status, specimen.reports.map((r) => r.status).sort()]).toEqual(['resulted', ['entered-in-error', 'preliminary']]);
    const twice = await call(t, 'POST', `/api/lis/reports/${elecReport}/recall`, head, { reason: '再次' });
    expect([twice.status, expressions(twice.body)]).toEqual([409, ['reportId']]);
    // The reissue is reviewed like any report.
    expectStatus(await call(t, 'POST', `/api/lis/reports/${recalled.body.reissue.reportId}/review`, tech), 200);
  });

  it('publishes released results to clinicians through FHIR and as trends per test', async () => {
    const released = await fhir<Bundle>(t, doctor, 'DiagnosticReport?subject=Patient/demo-p9&status=final,corrected');
    expect(released.entry).toHaveLength(2);
    const trend = await call<TrendSeries[]>(t, 'GET', '/api/lis/results/patients/demo-p9/trend?tests=GLU', doctor);
    expectStatus(trend, 200);
    expect(trend.body.map((s) => [s.testCode, s.unit, s.points.map((p) => p.value)])).toEqual([['GLU', 'mmol/L', [5.2, 5.9]]]);
    expect(trend.body[0].points[0]).toMatchObject({ flag: 'N', referenceLow: 3.9, referenceHigh: 6.1 });
    expect(trend.body[0].points[0].reportId).toBeTruthy();
    const results = await call<PatientResults>(t, 'GET', '/api/lis/results/patients/demo-p9', doctor);
    expectStatus(results, 200);
    expect(results.body.reports.map((r) => r.results.map((x) => x.value))).toEqual([['5.9'], ['5.2']]);
    // Held results are not published.
    expect((await call<PatientResults>(t, 'GET', '/api/lis/results/patients/demo-p10', doctor)).body.reports).toEqual([]);
  });

  it('offers common results as a picklist, and hands a positive pool (混检) to the specimens area for recall', async () => {
    const picklist = await call<{ testCode: string; values: string[] }>(t, 'GET', '/api/lis/results/tests/U-PRO/common-results', tech);
    expect(picklist.body.values).toEqual(expect.arrayContaining(['阴性', '1+', '2+']));
    expect((await call(t, 'GET', '/api/lis/results/tests/NOPE/common-results', tech)).status).toBe(404);

    const swabs: string[] = [];
    for (const patient of ['demo-p10', 'demo-p12', 'demo-p13']) swabs.push((await orderAndReceive(t, doctor, tech, patient, ['COV-POOL'], { patientType: '4' }))[0].barcode);
    const pool = await call<PoolResult>(t, 'POST', '/api/lis/specimens/pools', tech, { members: swabs });
    expectStatus(pool, 201);
    const entered = await enter(t, tech, pool.body.pool.barcode, { 'SARS2-RNA': '阳性' });
    expect(row(entered.observations, 'SARS2-RNA')).toMatchObject({ flag: 'A', symbol: '*' });
    expect(entered.reports[0].patientName).toBe('混检');
    const deadline = Date.now() + 20_000;
    let members: PoolResult['members'] = [];
    for (;;) {
      t.platform.kernel.bus.poke();
      const read = await call<PoolResult>(t, 'GET', `/api/lis/specimens/pools/${pool.body.pool.barcode}`, tech);
      if (read.body.pool?.positive) {
        members = read.body.members;
        break;
      }
      if (Date.now() > deadline) throw new Error(`pool not marked positive: ${JSON.stringify(read.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(members.map((m) => m.patient.id)).toEqual(['demo-p10', 'demo-p12', 'demo-p13']);
    const positive = await call<PoolResult>(t, 'POST', `/api/lis/specimens/pools/${pool.body.pool.barcode}/positive`, tech, {});
    expect(positive.body.members.every((m) => typeof m.recallTaskId === 'string')).toBe(true);
  });
});
