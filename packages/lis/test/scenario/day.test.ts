import type net from 'node:net';
import type { DiagnosticReport, Specimen } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstmAnalyzer } from '@medunion/protocols';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { RecognitionServices } from '../../../recognition/src/services.ts';
import type { Instrument } from '../../src/contracts/instruments.ts';
import type { QcLot, QcMaterial } from '../../src/contracts/qc.ts';
import type { RecognitionPushStatus, ReportSummary } from '../../src/contracts/results.ts';
import type { LabOrderResult } from '../../src/contracts/specimens.ts';
import { seedDemoCatalogues } from '../../src/catalogue/demo/seed.ts';
import { EXT } from '../../src/urls.ts';
import { waitFor } from '../instruments/helpers.ts';
import { call, configure, connectTo, lisContext } from '../instruments/platform.ts';
import { pdfTexts } from '../specimens/pdf.ts';
import { setUpSamePlatformPush } from './recognition-setup.ts';

const factories = await testDbFactories();
const LAB = 'lead-hospital';
const PATIENT = 'demo-p12';
const QC_SAMPLE = 'QC-ELEC-1';
const LINK = { replyTimeoutMs: 2000, receiveTimeoutMs: 2000 };
/** The analyzer's channels for the electrolyte panel (电解质); AG is calculated by the LIS. */
const CHANNELS: [channel: string, test: string, qcTarget: number, qcSd: number, patient: string][] = [
  ['1', 'K', 4.0, 0.08, '4.12'],
  ['2', 'NA', 140, 1.5, '139.6'],
  ['3', 'CL', 102, 1.2, '103.1'],
  ['4', 'CA', 2.3, 0.04, '2.31'],
  ['5', 'HCO3', 25, 0.8, '24.7'],
];

/**
 * A laboratory's day end to end, each step through the platform's real interfaces (issue 6, "Tests and benchmarks"):
 * a doctor orders 电解质 → the tube is accessioned and its Code128 label printed → a nurse collects it → the lab
 * receives it by scanning → the chemistry analyzer (the ASTM simulator over TCP) runs its QC, asks for the
 * specimen's worklist and sends the results → auto-verification releases the report → its A4 PDF carries the
 * verification code the public page checks → the report is pushed to 互认 and offered there for the patient.
 */
describe.each(factories)("a laboratory's day, end to end, on $name", (factory) => {
  let t: TestPlatform;
  let doctor: string;
  let nurse: string;
  let tech: string;
  let head: string;
  let instrument: Instrument;
  let barcode: string;
  let report: ReportSummary;
  const sockets: net.Socket[] = [];
  let analyzer: AstmAnalyzer;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    await seedDemoCatalogues(lisContext(t));
    [doctor, nurse, tech, head] = await Promise.all(['lead.doctor', 'lead.nurse', 'lead.lab', 'lead.labhead'].map((u) => t.login(u)));
    await setUpSamePlatformPush(t, { panel: ['ELEC', '电解质'], tests: ['K', 'NA', 'CL', 'CA'], unmapped: ['HCO3', 'AG'] });

    // The analyzer and its QC: one control level whose vial the analyzer reports as QC-ELEC-1, with targets.
    const configured = await configure(t, head, {
      code: 'BS240',
      name: '生化分析仪',
      model: 'BS-240',
      section: 'biochemistry',
      connection: { protocol: 'astm', mode: 'server', port: 0, timeouts: { replyMs: 2000, receiveMs: 2000 } },
      channels: CHANNELS.map(([channel, test]) => ({ channel, test })),
    });
    instrument = configured.instrument;
    const material = await call<QcMaterial>(t, 'POST', '/api/lis/qc/materials', head, { name: '生化质控（电解质）', manufacturer: 'Bio-Rad' });
    expect(material.status, JSON.stringify(material.body)).toBe(201);
    const lot = await call<{ lot: QcLot }>(t, 'POST', '/api/lis/qc/lots', head, {
      materialId: material.body.id,
      lotNo: '26531',
      expiresOn: '2099-12-31',
      levels: [{ level: '1', samples: [{ sampleId: QC_SAMPLE, instrumentId: instrument.id }] }],
    });
    expect(lot.status, JSON.stringify(lot.body)).toBe(201);
    for (const [, test, mean, sd] of CHANNELS) {
      const target = await call(t, 'POST', '/api/lis/qc/targets', head, { testCode: test, instrumentId: instrument.id, levelId: lot.body.lot.levels[0].id, source: 'fixed', mean, sd, validFrom: '2026-01-01T00:00:00+08:00', reason: '说明书靶值' });
      expect(target.status, JSON.stringify(target.body)).toBe(201);
    }
    const socket = await connectTo(configured.status.listening!.port);
    sockets.push(socket);
    analyzer = new AstmAnalyzer({ stream: socket, instrumentId: 'BS-240', link: LINK });
  });
  afterAll(async () => {
    analyzer?.close();
    for (const s of sockets) s.destroy();
    await t?.close();
  });

  it('orders 电解质, accessions it into a serum tube and prints its Code128 label', async () => {
    const ordered = await call<LabOrderResult>(t, 'POST', '/api/lis/orders', doctor, { patient: { id: PATIENT }, panels: ['ELEC'], department: 'nk', ward: '内科一病区', bed: '12', patientType: '3', accession: true });
    expect(ordered.status, JSON.stringify(ordered.body)).toBe(201);
    expect(ordered.body.specimens).toHaveLength(1);
    barcode = ordered.body.specimens![0].barcode;
    const label = await t.request('POST', '/api/lis/specimens/labels', { token: nurse, body: { barcodes: [barcode], layout: 'single' }, headers: { 'content-type': 'application/json' } });
    expect(label.status).toBe(200);
    const pdf = Buffer.from(await label.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfTexts(pdf).join('\n')).toContain(barcode);
  });

  it('is collected on the ward and received in the lab by scanning', async () => {
    expect((await call(t, 'POST', `/api/lis/specimens/${barcode}/collect`, nurse, {})).status).toBe(200);
    const received = await call<{ status: string }>(t, 'POST', `/api/lis/specimens/${barcode}/receive`, tech, {});
    expect(received.status, JSON.stringify(received.body)).toBe(200);
  });

  it('runs QC on the analyzer first: the control is judged in control for every channel', async () => {
    await analyzer.sendResults({ specimenId: QC_SAMPLE, results: CHANNELS.map(([, test, mean]) => ({ code: channelOf(test), value: String(mean) })) });
    for (const [, test] of CHANNELS) {
      const status = await waitFor(async () => {
        const r = await call<{ statuses: { status: string }[] }>(t, 'GET', `/api/lis/qc/status?testCode=${test}&instrumentId=${instrument.id}`, tech);
        return r.body.statuses?.[0]?.status === 'in-control' && r.body.statuses[0];
      }, `QC of ${test} in control`, 15_000);
      expect(status.status).toBe('in-control');
    }
  });

  it("answers the analyzer's host query with the specimen's tests, stores its results and auto-verifies the report", async () => {
    const worklist = await analyzer.query(barcode);
    const asked = worklist.orders.flatMap((o) => o.tests.map((test) => test.code)).sort();
    expect(asked).toEqual(CHANNELS.map(([channel]) => channel).sort());
    await analyzer.sendResults({ specimenId: barcode, results: CHANNELS.map(([, test, , , value]) => ({ code: channelOf(test), value })) });
    report = await waitFor(async () => {
      const r = await call<{ reports: ReportSummary[] }>(t, 'GET', `/api/lis/results/specimens/${barcode}`, tech);
      return r.body.reports?.find((x) => x.status === 'final');
    }, 'the auto-verified report', 20_000);
    expect(report).toMatchObject({ barcode, panels: ['ELEC'], status: 'final' });
    const results = await call<{ results: { testCode: string; value: string; status: string }[] }>(t, 'GET', `/api/lis/results/specimens/${barcode}`, tech);
    const byTest = Object.fromEntries(results.body.results.map((r) => [r.testCode, r]));
    expect(byTest.K).toMatchObject({ value: '4.12', status: 'final' });
    // The calculated anion gap: Na − (Cl + HCO3) = 139.6 − (103.1 + 24.7) = 11.8.
    expect(Number(byTest.AG.value)).toBeCloseTo(11.8, 1);
    const specimen = (await lisContext(t).store.search(lisContext(t).systemContext, 'Specimen', [['identifier', `https://medunion.org/fhir/lis/sid/barcode/${LAB}|${barcode}`]])).resources[0] as Specimen;
    const timeline = await call<{ events: { status: string }[] }>(t, 'GET', `/api/lis/specimens/${barcode}/timeline`, tech);
    expect(timeline.body.events.map((e) => e.status)).toEqual(expect.arrayContaining(['registered', 'collected', 'received', 'resulted', 'reviewed']));
    expect(specimen.id).toBeTruthy();
  });

  it('renders the A4 report with the verification code the public page checks', async () => {
    const pdf = await t.request('GET', `/api/lis/reports/${report.reportId}/pdf?pageSize=A4`, { token: tech });
    expect(pdf.status).toBe(200);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const stored = (await lisContext(t).store.read(lisContext(t).systemContext, 'DiagnosticReport', report.reportId)) as DiagnosticReport;
    const code = stored.extension?.find((e) => e.url === EXT.verifyCode)?.valueString;
    expect(code).toBeTruthy();
    const verified = await call<{ found: boolean; reportNo: string; hashMatch?: boolean }>(t, 'GET', `/api/lis/reports/verify/${encodeURIComponent(code!)}`, undefined);
    expect(verified.body).toMatchObject({ found: true, reportNo: report.reportNo });
    expect((await call<{ found: boolean }>(t, 'GET', '/api/lis/reports/verify/ABCD-EFGH-JKMN-PQRS', undefined)).body.found).toBe(false);
  });

  it('pushes the released report to 互认, where it is offered for the patient (the unmapped anion gap left out)', async () => {
    const pushed = await waitFor(async () => {
      t.platform.kernel.bus.poke();
      const r = await call<RecognitionPushStatus>(t, 'GET', `/api/lis/reports/${report.reportId}/recognition`, tech);
      return r.status === 200 && r.body.status !== 'pending' && r.body;
    }, 'the 互认 push', 30_000);
    expect(pushed).toMatchObject({ status: 'uploaded', pushed: [report.reportNo] });
    expect(pushed.skipped.join(' ')).toContain('AG');
    const recognition = t.platform.runtime.contexts.get('recognition')!.service<RecognitionServices>('recognition');
    const offered = await recognition.recognizableFor(PATIENT, ['ELEC', 'K'], new Date());
    expect(offered.map((r) => [r.itemCode, r.reportNo])).toEqual(expect.arrayContaining([['ELEC', report.reportNo], ['K', report.reportNo]]));
  });
});

/** The simulator reports the analyzer's channel codes; the LIS maps them to tests. */
function channelOf(test: string): string {
  return CHANNELS.find(([, t]) => t === test)![0];
}
