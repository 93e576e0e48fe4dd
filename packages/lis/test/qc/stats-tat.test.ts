import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { AbnormalRateRow, IncomeRow, LabResultRow, TatAlert, TatGroupRow, TatStageStatistics, TestStatisticsResponse, VolumeRow, WallScreenData, WorkloadResponse } from '../../src/contracts/qc.ts';
import { raiseOverdueAlerts } from '../../src/tat/overdue.ts';
import { wallScreen } from '../../src/tat/wall-screen.ts';
import { EXT } from '../../src/urls.ts';
import { auditEntry, call, createDevice, expressions, importCatalogue, JSON_HEADERS, LAB, put, settled } from './helpers.ts';
import { barcodeOf, CASES, nov, writeScenario, type ScenarioCase } from './lab-scenario.ts';

const factories = await testDbFactories();

const PRICES: Record<string, number> = { FBG: 5, ELEC: 24, CBC: 20, HBV: 15 };
const TARGETS: Record<string, number> = { FBG: 120, ELEC: 60, CBC: 30, HBV: 240 };
const minutes = (from?: string, to?: string) => (from && to ? (Date.parse(to) - Date.parse(from)) / 60_000 : null);
const firstResult = (c: ScenarioCase) => (c.results?.length ? c.results.map((r) => r.at).sort()[0] : undefined);
const onDay = (at: string | undefined, day: number) => !!at && at >= nov(day, '00:00') && at < nov(day + 1, '00:00');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) / 2;
  return (s[Math.floor(h)] + s[Math.ceil(h)]) / 2;
};

async function sheetRows(res: Response): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await res.arrayBuffer());
  return (workbook.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
}

describe.each(factories)('laboratory statistics and TAT on $name', (factory) => {
  let t: TestPlatform;
  let lis: ModuleContext;
  let stats: string;
  const DAY = 'from=2026-11-10&to=2026-11-10';
  const valid = CASES.filter((c) => c.orderStatus !== 'revoked');
  const day10 = valid.filter((c) => onDay(c.ordered, 10));

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    lis = t.platform.runtime.contexts.get('lis')!;
    const admin = await t.login('admin');
    stats = await t.login('lead.lab');
    await importCatalogue(t, admin);
    await createDevice(t, 'sc-analyzer', '全自动生化分析仪');
    await writeScenario(t);
    await settled(t);
  });
  afterAll(async () => t?.close());

  it('counts the workload per day, section and instrument from the measured results', async () => {
    const byDay = await call<WorkloadResponse>(t, 'GET', '/api/lis/stats/workload?by=day&from=2026-11-09&to=2026-11-10', stats);
    expect(byDay.status, JSON.stringify(byDay.body)).toBe(200);
    for (const day of [9, 10]) {
      const cases = valid.filter((c) => c.results?.some((r) => onDay(r.at, day)));
      const row = byDay.body.rows.find((r) => r.key === `2026-11-${String(day).padStart(2, '0')}`)!;
      expect([row.tests, row.specimens]).toEqual([cases.flatMap((c) => c.results!).length, cases.length]);
    }
    const bySection = await call<WorkloadResponse>(t, 'GET', `/api/lis/stats/workload?by=section&${DAY}`, stats);
    expect(bySection.body.rows.map((r) => [r.label, r.tests])).toEqual([
      ['生化', 3],
      ['临检', 1],
      ['免疫', 1],
    ]);
    const byInstrument = await call<WorkloadResponse>(t, 'GET', `/api/lis/stats/workload?by=instrument&${DAY}`, stats);
    expect(byInstrument.body.rows).toEqual([{ key: 'sc-analyzer', label: '全自动生化分析仪', specimens: 4, tests: 5 }]);
    const denied = await call(t, 'GET', `/api/lis/stats/workload?${DAY}`, await t.login('lead.doctor'));
    expect([denied.status, expressions(denied.body)]).toEqual([403, ['permission']]);
    const bad = await call(t, 'GET', '/api/lis/stats/workload?by=colour', stats);
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['by']]);
    const badDay = await call(t, 'GET', '/api/lis/stats/workload?from=2026-02-30', stats);
    expect([badDay.status, expressions(badDay.body)]).toEqual([400, ['from']]);
  });

  it('gives abnormal and positive rates per test', async () => {
    const res = await call<{ rows: AbnormalRateRow[] }>(t, 'GET', '/api/lis/stats/abnormal?from=2026-11-09&to=2026-11-10', stats);
    const results = valid.flatMap((c) => c.results ?? []);
    for (const test of ['GLU', 'NA', 'K', 'WBC', 'HBSAG']) {
      const own = results.filter((r) => r.test === test);
      const abnormal = own.filter((r) => r.flag && r.flag !== 'N').length;
      const qualitative = own.filter((r) => typeof r.value === 'string');
      expect(res.body.rows.find((r) => r.testCode === test)).toMatchObject({
        results: own.length,
        abnormal,
        high: own.filter((r) => r.flag === 'H').length,
        abnormalRate: abnormal / own.length,
        positiveRate: qualitative.length ? qualitative.filter((r) => r.flag === 'A').length / qualitative.length : null,
      });
    }
  });

  it('breaks orders down by department and doctor, and income into tested and untested amounts', async () => {
    const volume = await call<{ rows: VolumeRow[] }>(t, 'GET', `/api/lis/stats/volume?by=department&${DAY}`, stats);
    for (const name of ['内科', '外科', '门诊部']) {
      const cases = day10.filter((c) => c.department[1] === name);
      expect(volume.body.rows.find((r) => r.label === name)).toMatchObject({
        orders: cases.length,
        specimens: cases.length,
        tests: cases.flatMap((c) => c.results ?? []).length,
        amount: cases.reduce((a, c) => a + PRICES[c.panel], 0),
      });
    }
    const doctors = await call<{ rows: VolumeRow[] }>(t, 'GET', `/api/lis/stats/volume?by=doctor&${DAY}`, stats);
    expect(doctors.body.rows.map((r) => [r.label, r.orders]).sort()).toEqual(
      ['李明', '王刚'].map((name) => [name, day10.filter((c) => c.doctor[1] === name).length]).sort(),
    );
    const income = await call<{ rows: IncomeRow[]; total: { amount: number; amountTested: number; amountUntested: number } }>(t, 'GET', `/api/lis/stats/income?by=panel&${DAY}`, stats);
    for (const panel of Object.keys(PRICES)) {
      const cases = day10.filter((c) => c.panel === panel);
      const tested = cases.filter((c) => c.results?.length);
      expect(income.body.rows.find((r) => r.key === panel)).toMatchObject({ orders: cases.length, tested: tested.length, amount: cases.length * PRICES[panel], amountTested: tested.length * PRICES[panel] });
    }
    const total = day10.reduce((a, c) => a + PRICES[c.panel], 0);
    const testedTotal = day10.filter((c) => c.results?.length).reduce((a, c) => a + PRICES[c.panel], 0);
    expect(income.body.total).toMatchObject({ amount: total, amountTested: testedTotal, amountUntested: total - testedTotal });
  });

  it('summarises a test over a period with its distribution and daily trend', async () => {
    const res = await call<TestStatisticsResponse>(t, 'GET', '/api/lis/stats/tests/GLU?from=2026-11-08&to=2026-11-10&bins=4', stats);
    const values = valid.flatMap((c) => (c.results ?? []).filter((r) => r.test === 'GLU').map((r) => r.value as number));
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    const s = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
    expect(res.body).toMatchObject({ testName: '葡萄糖', unit: 'mmol/L', count: values.length, min: Math.min(...values), max: Math.max(...values) });
    expect(res.body.mean).toBeCloseTo(m, 10);
    expect(res.body.sd).toBeCloseTo(s, 10);
    expect(res.body.cv).toBeCloseTo((s / m) * 100, 10);
    expect(res.body.histogram.map((b) => b.count)).toEqual([1, 0, 0, 1]);
    expect(res.body.trend.map((d) => [d.day, d.count])).toEqual([
      ['2026-11-08', 0],
      ['2026-11-09', 1],
      ['2026-11-10', 1],
    ]);
    expect((await call(t, 'GET', '/api/lis/stats/tests/NOPE', stats)).status).toBe(422);
  });

  it('finds results by a character of the name, barcode or instrument, as the caller may see them', async () => {
    const byName = await call<{ rows: LabResultRow[] }>(t, 'GET', `/api/lis/stats/results?name=${encodeURIComponent('三')}&from=2026-11-01&to=2026-11-30`, stats);
    expect(byName.status, JSON.stringify(byName.body)).toBe(200);
    expect(byName.body.rows.map((r) => [r.patientName, r.testCode, r.value, r.barcode, r.requester])).toEqual([['张三丰', 'GLU', '5.2', barcodeOf(CASES[0]), '李明']]);
    const byBarcode = await call<{ rows: LabResultRow[] }>(t, 'GET', `/api/lis/stats/results?barcode=${barcodeOf(CASES[1])}&from=2026-11-01&to=2026-11-30`, stats);
    expect(byBarcode.body.rows.map((r) => r.testCode).sort()).toEqual(['K', 'NA']);
    const byInstrument = await call<{ rows: LabResultRow[] }>(t, 'GET', '/api/lis/stats/results?instrumentId=sc-analyzer&from=2026-11-01&to=2026-11-30', stats);
    expect(byInstrument.body.rows).toHaveLength(valid.flatMap((c) => c.results ?? []).length);
    // Another institution's technician sees none of these patients.
    const other = await call<{ rows: LabResultRow[] }>(t, 'GET', '/api/lis/stats/results?instrumentId=sc-analyzer&from=2026-11-01&to=2026-11-30', await t.login('hexi.lab'));
    expect(other.body.rows).toEqual([]);
  });

  it('exports statistics to Excel workbooks that hold the same figures, audited as exports', async () => {
    const res = await t.request('POST', '/api/lis/stats/export', { token: stats, body: { report: 'income', by: 'panel', from: '2026-11-10', to: '2026-11-10' }, headers: JSON_HEADERS });
    expect(res.status, res.status === 200 ? '' : await res.text()).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await sheetRows(res);
    expect(String(rows[0][0])).toContain('青山县人民医院 收入统计');
    expect(rows[1]).toEqual(['分组', '申请数', '已检', '未检', '已检金额(元)', '未检金额(元)', '合计(元)']);
    expect(rows.find((r) => r[0] === '血常规')).toEqual(['血常规', 3, 1, 2, 20, 40, 60]);
    const tat = await t.request('POST', '/api/lis/stats/export', { token: stats, body: { report: 'tat', by: 'panel', from: '2026-11-10', to: '2026-11-10' }, headers: JSON_HEADERS });
    const tatRows = await sheetRows(tat);
    expect(tatRows.find((r) => r[0] === '血常规' && r[1] === '签收→报告')?.slice(2, 5)).toEqual([1, 25, 25]);
    const bad = await call(t, 'POST', '/api/lis/stats/export', stats, { report: 'everything' });
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['report']]);
    expect(await auditEntry(t, 'export', 'stats export income by panel lead-hospital 2026-11-10..2026-11-10')).toBe(true);
  });

  it('computes turnaround per stage and per panel against the targets', async () => {
    const res = await call<{ specimens: number; stages: TatStageStatistics[] }>(t, 'GET', `/api/lis/tat/overview?${DAY}`, stats);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const cohort = day10.filter((c) => onDay(c.received, 10) && c.status !== 'rejected');
    expect(res.body.specimens).toBe(cohort.length);
    const stage = (name: string) => res.body.stages.find((s) => s.stage === name)!;
    const receiptReport = cohort.map((c) => ({ c, m: minutes(c.received, c.reported) })).filter((x) => x.m !== null) as { c: ScenarioCase; m: number }[];
    expect(stage('receipt-report')).toMatchObject({
      count: receiptReport.length,
      median: median(receiptReport.map((x) => x.m)),
      max: Math.max(...receiptReport.map((x) => x.m)),
      withinTarget: receiptReport.filter((x) => x.m <= TARGETS[x.c.panel]).length / receiptReport.length,
    });
    const receiptResult = cohort.map((c) => minutes(c.received, firstResult(c))).filter((m): m is number => m !== null);
    expect(stage('receipt-result')).toMatchObject({ count: receiptResult.length, median: median(receiptResult) });
    const collection = cohort.map((c) => minutes(c.collected, c.received)).filter((m): m is number => m !== null);
    // Minutes are reported to one decimal.
    expect(stage('collection-receipt')).toMatchObject({ count: collection.length, mean: Math.round((collection.reduce((a, b) => a + b, 0) / collection.length) * 10) / 10 });
    const orderReport = cohort.map((c) => minutes(c.ordered, c.reported)).filter((m): m is number => m !== null);
    expect(stage('order-report')).toMatchObject({ count: orderReport.length, max: Math.max(...orderReport) });

    const byPanel = await call<{ rows: TatGroupRow[] }>(t, 'GET', `/api/lis/tat/statistics?by=panel&${DAY}`, stats);
    const elec = byPanel.body.rows.find((r) => r.key === 'ELEC')!;
    expect(elec.specimens).toBe(cohort.filter((c) => c.panel === 'ELEC').length);
    expect(elec.stages.find((s) => s.stage === 'receipt-report')).toMatchObject({ count: 1, median: 80, withinTarget: 0 });
    const byDepartment = await call<{ rows: TatGroupRow[] }>(t, 'GET', `/api/lis/tat/statistics?by=department&${DAY}`, stats);
    expect(byDepartment.body.rows.map((r) => [r.label, r.specimens]).sort()).toEqual(
      [...new Set(cohort.map((c) => c.department[1]))].map((name) => [name, cohort.filter((c) => c.department[1] === name).length]).sort(),
    );
  });

  it('raises overdue alerts (not received, not registered, not reviewed) and resolves them as specimens move on', async () => {
    const now = new Date(nov(10, '15:00'));
    const first = await raiseOverdueAlerts(lis, now);
    const listed = await call<{ alerts: TatAlert[] }>(t, 'GET', '/api/lis/tat/overdue', stats);
    const byBarcode = (n: number) => listed.body.alerts.filter((a) => a.barcode === barcodeOf(CASES[n - 1])).map((a) => [a.kind, a.overdueMinutes >= 0]);
    expect(byBarcode(5)).toEqual([['not-received', true]]); // collected 11:30, limit 120 min
    expect(byBarcode(6)).toEqual([['not-registered', true]]); // received 14:20, limit 30 min
    expect(byBarcode(7)).toEqual([['not-reviewed', true]]); // received 13:30, ELEC target 60 min
    expect(byBarcode(4)).toEqual([['not-reviewed', true]]); // received 10:00, no panel target: routine 240 min
    expect([byBarcode(1), byBarcode(8), byBarcode(9)]).toEqual([[], [], []]);
    expect(first.raised).toBe(4);
    const alert5 = listed.body.alerts.find((a) => a.barcode === barcodeOf(CASES[4]))!;
    expect(alert5).toMatchObject({ since: nov(10, '11:30'), dueAt: nov(10, '13:30'), panels: ['血常规'], department: '内科', resolvedAt: null });

    // 6 goes on the analyzer: its alert resolves at the next run, nothing is raised twice.
    await put(t, { resourceType: 'Specimen', id: 'sc-sp-6', status: 'available', identifier: [{ system: `https://medunion.org/fhir/lis/sid/barcode/${LAB}`, value: barcodeOf(CASES[5]) }], subject: { reference: 'Patient/demo-p9' }, request: [{ reference: 'ServiceRequest/sc-sr-6' }], collection: { collectedDateTime: CASES[5].collected }, receivedTime: CASES[5].received, extension: [{ url: EXT.specimenStatus, valueCode: 'in-test' }] });
    await settled(t);
    const second = await raiseOverdueAlerts(lis, new Date(nov(10, '15:05')));
    expect(second).toEqual({ raised: 0, resolved: 1 });
    const resolved = await call<{ alerts: TatAlert[] }>(t, 'GET', '/api/lis/tat/overdue?state=resolved', stats);
    expect(resolved.body.alerts.map((a) => [a.barcode, a.kind])).toEqual([[barcodeOf(CASES[5]), 'not-registered']]);
  });

  it('feeds the wall screen with counts by status, the overdue list and today\'s TAT', async () => {
    const screen: WallScreenData = await wallScreen(lis, LAB, new Date(nov(10, '15:10')));
    // Today's specimens (received today) and those still on their way, by their current status (6 went on the analyzer).
    const statusNow = (c: ScenarioCase) => (c.n === 6 ? 'in-test' : c.status);
    const shown = CASES.filter((c) => onDay(c.received, 10) || !['reviewed', 'rejected'].includes(c.status));
    const expected: Record<string, number> = {};
    for (const c of shown) expected[statusNow(c)] = (expected[statusNow(c)] ?? 0) + 1;
    expect(screen.counts).toEqual(expected);
    expect(screen.overdue.map((o) => [o.barcode, o.kind]).sort()).toEqual(
      [
        [barcodeOf(CASES[3]), 'not-reviewed'],
        [barcodeOf(CASES[4]), 'not-received'],
        [barcodeOf(CASES[6]), 'not-reviewed'],
      ].sort(),
    );
    const reportedToday = CASES.filter((c) => onDay(c.reported, 10));
    expect(screen.today.reported).toBe(reportedToday.length);
    expect(screen.today.receiptToReport.median).toBe(median(reportedToday.map((c) => minutes(c.received, c.reported)!)));
    expect(screen.hourly[9]).toEqual({ hour: 9, received: 1, reported: 2 });
    const http = await call<WallScreenData>(t, 'GET', '/api/lis/tat/wall-screen', stats);
    expect(http.status).toBe(200);
    expect(Object.keys(http.body)).toEqual(['institution', 'at', 'counts', 'overdue', 'today', 'hourly']);
  });
});
