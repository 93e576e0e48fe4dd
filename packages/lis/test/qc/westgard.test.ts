import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { pdfPageTexts } from '../../../print/test/pdf-page-text.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { LeveyJenningsResponse, MonthlyQcReport, QcEvent, QcMaterial, QcRecordOutcome, QcResultEntry, QcTarget } from '../../src/contracts/qc.ts';
import { isQcSample, recordQcResult } from '../../src/qc/record.ts';
import { qcStatusAt } from '../../src/qc/status.ts';
import { auditEntry, call, createDevice, expressions, importCatalogue, inflatePdf, LAB, SYSTEM } from './helpers.ts';

const factories = await testDbFactories();

/** China time on a November 2026 day: `at(4, '09:30')`. */
const at = (day: number, time: string) => `2026-11-${String(day).padStart(2, '0')}T${time}:00+08:00`;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

describe.each(factories)('internal QC with Westgard rules on $name', (factory) => {
  let t: TestPlatform;
  let lis: ModuleContext;
  let admin: string;
  let tech: string;
  let head: string;
  let material: QcMaterial;
  let level1: string;
  let level2: string;
  const A1 = 'qc-test-a1';
  const values: Record<string, number[]> = { '1': [], '2': [] };

  /** Manual entry of one control result by the technician. */
  const enter = async (levelId: string, value: number, measuredAt: string) => {
    const res = await call<QcRecordOutcome>(t, 'POST', '/api/lis/qc/results', tech, { instrumentId: A1, testCode: 'GLU', levelId, value, measuredAt });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    values[levelId === level1 ? '1' : '2'].push(value);
    return res.body;
  };
  const runOf = async (l1: number, l2: number, day: number, time: string) => {
    await enter(level1, l1, at(day, time));
    return enter(level2, l2, at(day, time.replace(/:(\d)\d$/, ':$15')));
  };
  const status = async (when: string) => (await call<{ statuses: { status: string; reason: string }[] }>(t, 'GET', `/api/lis/qc/status?testCode=GLU&instrumentId=${A1}&at=${encodeURIComponent(when)}`, tech)).body.statuses[0];

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    lis = t.platform.runtime.contexts.get('lis')!;
    admin = await t.login('admin');
    tech = await t.login('lead.lab');
    head = await t.login('lead.labhead');
    await importCatalogue(t, admin);
    await createDevice(t, A1, '生化分析仪 BS-800');
  });
  afterAll(async () => t?.close());

  it('keeps materials, lots and levels with the sample ids analyzers report; only lis.qc.manage may change them', async () => {
    const denied = await call(t, 'POST', '/api/lis/qc/materials', tech, { name: '生化质控品' });
    expect([denied.status, expressions(denied.body)]).toEqual([403, ['permission']]);
    const bad = await call(t, 'POST', '/api/lis/qc/materials', head, { manufacturer: 'Bio-Rad', colour: 'red' });
    expect([bad.status, expressions(bad.body).sort()]).toEqual([400, ['colour', 'name']]);
    const created = await call<QcMaterial>(t, 'POST', '/api/lis/qc/materials', head, { name: 'Lyphochek 生化质控', manufacturer: 'Bio-Rad', matrix: '人血清' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    material = created.body;
    const again = await call(t, 'POST', '/api/lis/qc/materials', head, { name: 'Lyphochek 生化质控' });
    expect([again.status, expressions(again.body)]).toEqual([409, ['name']]);

    const dupLevel = await call(t, 'POST', '/api/lis/qc/lots', head, { materialId: material.id, lotNo: '26531', expiresOn: '2027-06-30', levels: [{ level: '1' }, { level: '1' }] });
    expect([dupLevel.status, expressions(dupLevel.body)]).toEqual([400, ['levels[1].level']]);
    const badInstrument = await call(t, 'POST', '/api/lis/qc/lots', head, { materialId: material.id, lotNo: '26531', expiresOn: '2027-06-30', levels: [{ level: '1', samples: [{ sampleId: 'QC1', instrumentId: 'nope' }] }] });
    expect([badInstrument.status, expressions(badInstrument.body)]).toEqual([422, ['levels[0].samples[0].instrumentId']]);
    const lot = await call<{ lot: { id: string; levels: { id: string; level: string; samples: { sampleId: string }[] }[] } }>(t, 'POST', '/api/lis/qc/lots', head, {
      materialId: material.id,
      lotNo: '26531',
      expiresOn: '2027-06-30',
      levels: [
        { level: '1', name: '水平1', samples: [{ sampleId: 'QC1' }] },
        { level: '2', name: '水平2', samples: [{ sampleId: 'QC2', instrumentId: A1 }] },
      ],
    });
    expect(lot.status, JSON.stringify(lot.body)).toBe(201);
    level1 = lot.body.lot.levels.find((l) => l.level === '1')!.id;
    level2 = lot.body.lot.levels.find((l) => l.level === '2')!.id;

    const list = await call<{ materials: QcMaterial[] }>(t, 'GET', '/api/lis/qc/materials', tech);
    expect(list.body.materials[0].lots[0]).toMatchObject({ lotNo: '26531', expiresOn: '2027-06-30', expired: false });
    // What the instruments area asks before routing an analyzer's sample to QC.
    expect(await isQcSample(lis, LAB, A1, 'QC1')).toBe(true);
    expect(await isQcSample(lis, LAB, A1, ' QC2 ')).toBe(true);
    expect(await isQcSample(lis, LAB, 'other-analyzer', 'QC2')).toBe(false);
    expect(await isQcSample(lis, LAB, A1, '20261102-0001')).toBe(false);
    expect(await isQcSample(lis, 'thc-hexi', A1, 'QC1')).toBe(false);
  });

  it('lets only lis.qc.manage set targets (质控靶值更改权限), names every bad field and keeps the history', async () => {
    const body = { testCode: 'GLU', instrumentId: A1, levelId: level1, source: 'fixed', mean: 5.0, sd: 0.1, validFrom: at(1, '00:00'), reason: '说明书靶值' };
    const denied = await call(t, 'POST', '/api/lis/qc/targets', tech, body);
    expect([denied.status, expressions(denied.body)]).toEqual([403, ['permission']]);
    const noSd = await call(t, 'POST', '/api/lis/qc/targets', head, { ...body, sd: undefined });
    expect([noSd.status, expressions(noSd.body)]).toEqual([400, ['sd']]);
    const unknownTest = await call(t, 'POST', '/api/lis/qc/targets', head, { ...body, testCode: 'NOPE' });
    expect([unknownTest.status, expressions(unknownTest.body)]).toEqual([422, ['testCode']]);
    const badSource = await call(t, 'POST', '/api/lis/qc/targets', head, { ...body, source: 'guess', sd: -1 });
    expect([badSource.status, expressions(badSource.body).sort()]).toEqual([400, ['sd', 'source']]);
    const set = await call<QcTarget>(t, 'POST', '/api/lis/qc/targets', head, body);
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    expect(set.body).toMatchObject({ mean: 5, sd: 0.1, cv: 2, source: 'fixed', validTo: null, setByName: '钱立新' });
    // Level 2 by CV: SD = 10 × 2 % = 0.2.
    const byCv = await call<QcTarget>(t, 'POST', '/api/lis/qc/targets', head, { ...body, levelId: level2, mean: 10, sd: undefined, cv: 2 });
    expect(byCv.body).toMatchObject({ mean: 10, sd: 0.2 });
    const earlier = await call(t, 'POST', '/api/lis/qc/targets', head, { ...body, validFrom: '2026-10-01T00:00:00+08:00' });
    expect([earlier.status, expressions(earlier.body)]).toEqual([409, ['validFrom']]);
    const audit = await t.platform.kernel.audit.search({ resourceType: 'Basic', action: 'create' });
    expect(audit.entries.some((e) => e.outcomeDesc?.includes('qc target GLU') && e.outcomeDesc.includes('none -> mean 5 sd 0.1'))).toBe(true);
  });

  it('judges runs with the multirules: 1-2s warns, 2-2s across runs rejects and opens an out-of-control event', async () => {
    const r1 = await runOf(5.05, 10.1, 2, '08:00');
    expect(r1.run.status).toBe('accept');
    expect(r1.run.results).toHaveLength(2);
    const r2 = await runOf(5.25, 10.0, 3, '08:00');
    expect([r2.run.status, r2.run.violations.map((v) => v.rule)]).toEqual(['warning', ['1-2s']]);
    const first = await enter(level1, 5.22, at(4, '08:00'));
    expect(first.run.status).toBe('reject');
    expect(first.result.violations.map((v) => [v.rule, v.scope])).toContainEqual(['2-2s', 'across-runs-within-level']);
    expect(first.event).toMatchObject({ status: 'open', rules: ['2-2s'] });
    // The second level joins the same run (within the run window) and shares its verdict.
    const second = await enter(level2, 10.04, at(4, '08:05'));
    expect([second.run.id, second.run.status, second.result.runStatus, second.result.status]).toEqual([first.run.id, 'reject', 'reject', 'accept']);
    expect(await status(at(4, '09:00'))).toMatchObject({ status: 'out-of-control' });
    expect((await qcStatusAt(lis, LAB, A1, 'GLU', at(3, '12:00'))).status).toBe('warning');
  });

  it('stays out of control until a corrective action closes the event and an accepted run follows', async () => {
    const rerun = await runOf(5.02, 10.02, 4, '09:30');
    expect(rerun.run.status).toBe('accept');
    expect(await status(at(4, '09:45'))).toMatchObject({ status: 'out-of-control' });
    const events = await call<{ events: QcEvent[] }>(t, 'GET', '/api/lis/qc/events', tech);
    expect(events.body.events).toHaveLength(1);
    const event = events.body.events[0];
    const bad = await call(t, 'POST', `/api/lis/qc/events/${event.id}/actions`, tech, { causeCategory: 'luck', cause: '', action: '复测' });
    expect([bad.status, expressions(bad.body).sort()]).toEqual([400, ['cause', 'causeCategory']]);
    const closed = await call<QcEvent>(t, 'POST', `/api/lis/qc/events/${event.id}/actions`, tech, {
      causeCategory: 'calibration',
      cause: '更换试剂批号后未重新定标',
      action: '重新定标，复测两个水平质控在控',
      rerunRunId: rerun.run.id,
      close: true,
      performedAt: at(4, '10:00'),
    });
    expect(closed.status, JSON.stringify(closed.body)).toBe(201);
    expect(closed.body).toMatchObject({ status: 'closed', closedByName: '孙伟', actions: [{ causeCategory: 'calibration', rerunRunId: rerun.run.id }] });
    expect(await status(at(4, '09:59'))).toMatchObject({ status: 'out-of-control' });
    expect(await status(at(4, '10:05'))).toMatchObject({ status: 'in-control' });
    const twice = await call(t, 'POST', `/api/lis/qc/events/${event.id}/actions`, tech, { causeCategory: 'other', cause: 'x', action: 'y' });
    expect([twice.status, expressions(twice.body)]).toEqual([409, ['id']]);
  });

  it('rejects on 1-3s from one control alone, and on R-4s within a run', async () => {
    const single = await enter(level1, 5.35, at(5, '08:00'));
    // 3.5 SD is beyond 2 SD as well: 1-2s (warning) and 1-3s (reject) both name it.
    expect([single.run.status, single.result.violations.map((v) => `${v.rule}:${v.severity}`)]).toEqual(['reject', ['1-2s:warning', '1-3s:reject']]);
    await enter(level2, 9.98, at(5, '08:05'));
    const rerun = await runOf(4.98, 10.06, 5, '09:00');
    expect(rerun.run.status).toBe('accept');
    await call(t, 'POST', `/api/lis/qc/events/${single.event!.id}/actions`, tech, { causeCategory: 'random', cause: '随机误差', action: '复测在控', rerunRunId: rerun.run.id, close: true, performedAt: at(5, '09:30') });

    await enter(level1, 5.25, at(6, '08:00'));
    const range = await enter(level2, 9.5, at(6, '08:05'));
    expect(range.run.status).toBe('reject');
    expect(range.run.violations.find((v) => v.rule === 'R-4s')).toMatchObject({ scope: 'within-run', side: 'both' });
    expect(range.run.results.map((r) => r.status)).toEqual(['reject', 'reject']);
    const rerun2 = await runOf(5.01, 9.97, 6, '09:00');
    await call(t, 'POST', `/api/lis/qc/events/${range.event!.id}/actions`, tech, { causeCategory: 'control-material', cause: '质控品复溶不当', action: '重新复溶后复测', rerunRunId: rerun2.run.id, close: true, performedAt: at(6, '09:20') });
    expect(await status(at(6, '10:00'))).toMatchObject({ status: 'in-control' });
    const rejected = await call<{ results: QcResultEntry[] }>(t, 'GET', '/api/lis/qc/results?testCode=GLU&status=reject&from=2026-11-01&to=2026-11-30', tech);
    expect(rejected.body.results).toHaveLength(6);
  });

  it('takes results from an analyzer through the port the instruments area calls, idempotently', async () => {
    const sent = { institution: LAB, instrumentId: A1, qcSampleId: 'QC1', testCode: 'GLU', value: 5.04, at: at(7, '07:50'), source: 'instrument' as const };
    expect(await recordQcResult(lis, SYSTEM, sent)).toEqual({ accepted: true, status: 'accept' });
    expect(await recordQcResult(lis, SYSTEM, { ...sent, qcSampleId: 'QC2', value: 10.02, at: at(7, '07:52') })).toEqual({ accepted: true, status: 'accept' });
    expect(await recordQcResult(lis, SYSTEM, sent)).toEqual({ accepted: true, status: 'accept' });
    expect(await recordQcResult(lis, SYSTEM, { ...sent, qcSampleId: 'PATIENT-1' })).toEqual({ accepted: false, status: 'reject' });
    values['1'].push(5.04);
    values['2'].push(10.02);
    const listed = await call<{ results: QcResultEntry[] }>(t, 'GET', `/api/lis/qc/results?testCode=GLU&from=2026-11-07&to=2026-11-07`, tech);
    expect(listed.body.results.map((r) => [r.source, r.level, r.value])).toEqual([
      ['instrument', '1', 5.04],
      ['instrument', '2', 10.02],
    ]);
    // A manual entry needs lis.qc.enter even through the port.
    const doctor = { principal: { ...SYSTEM.principal, kind: 'user' as const, id: 'd', permissions: ['lis.read'] } };
    await expect(recordQcResult(lis, doctor, { ...sent, source: 'manual', at: at(7, '08:30') })).rejects.toMatchObject({ status: 403 });
  });

  it('draws the Levey-Jennings chart with both levels and a target change as a new segment', async () => {
    const changed = await call<QcTarget>(t, 'POST', '/api/lis/qc/targets', head, { testCode: 'GLU', instrumentId: A1, levelId: level1, source: 'fixed', mean: 5.1, sd: 0.1, validFrom: at(8, '00:00'), reason: '新定标后重新设定' });
    expect(changed.status).toBe(201);
    await runOf(5.12, 10.0, 8, '08:00');
    const history = await call<{ targets: QcTarget[] }>(t, 'GET', `/api/lis/qc/targets?levelId=${level1}&history=true`, tech);
    expect(history.body.targets.map((x) => [x.mean, x.validTo === null])).toEqual([
      [5.1, true],
      [5, false],
    ]);
    const lj = await call<LeveyJenningsResponse>(t, 'GET', `/api/lis/qc/levey-jennings?testCode=GLU&instrumentId=${A1}&from=2026-11-01&to=2026-11-30`, tech);
    expect(lj.status, JSON.stringify(lj.body)).toBe(200);
    expect(lj.body).toMatchObject({ testName: '葡萄糖', instrumentName: '生化分析仪 BS-800' });
    expect(lj.body.chart.zLines.map((z) => z.z)).toEqual([3, 2, 1, 0, -1, -2, -3]);
    expect(lj.body.chart.levels).toHaveLength(2);
    const l1 = lj.body.chart.levels.find((l) => l.level.endsWith(':1'))!;
    expect(l1.points).toHaveLength(values['1'].length);
    expect(l1.segments.map((s) => [s.mean, s.sd, s.lines.find((x) => x.z === 2)!.value])).toEqual([
      [5, 0.1, 5.2],
      [5.1, 0.1, 5.3],
    ]);
    expect(l1.points.find((p) => p.value === 5.35)).toMatchObject({ status: 'reject', rules: ['1-2s', '1-3s'], z: 3.5 });
    expect(lj.body.series.map((s) => s.label)).toEqual(['Lyphochek 生化质控 水平1', 'Lyphochek 生化质控 水平2']);
    const stats = lj.body.statistics.find((s) => s.key === l1.level)!;
    expect(stats.count).toBe(values['1'].length);
    expect(stats.mean).toBeCloseTo(mean(values['1']), 10);
    expect(stats.sd).toBeCloseTo(sd(values['1']), 10);
    expect(lj.body.events).toHaveLength(3);
  });

  it('produces the monthly report as JSON, a real PDF and an Excel workbook with the same figures', async () => {
    const json = await call<MonthlyQcReport>(t, 'GET', '/api/lis/qc/reports/monthly?month=2026-11', head);
    expect(json.status, JSON.stringify(json.body)).toBe(200);
    const row1 = json.body.rows.find((r) => r.label.endsWith('水平1'))!;
    expect(row1).toMatchObject({ testCode: 'GLU', instrumentName: '生化分析仪 BS-800', lotNos: ['26531'], count: values['1'].length, targetMean: 5.1, targetSd: 0.1 });
    expect(row1.mean).toBeCloseTo(mean(values['1']), 10);
    expect(row1.cv).toBeCloseTo((sd(values['1']) / mean(values['1'])) * 100, 8);
    // Results that took part in a rejection: level 1 at 2-2s (one of the pair is in the rejected run), 1-3s, R-4s.
    expect(row1.rules).toMatchObject({ '1-3s': 1, 'R-4s': 1 });
    expect(json.body.events).toHaveLength(3);
    expect(json.body.events.every((e) => e.status === 'closed' && e.actions.length === 1)).toBe(true);
    expect(json.body.runs).toMatchObject({ rejected: 3, warnings: 1 });

    const pdf = await t.request('GET', '/api/lis/qc/reports/monthly?month=2026-11&format=pdf', { token: head });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfPageTexts(inflatePdf(bytes)).join('\n');
    for (const expected of ['室内质控月报', '葡萄糖', '生化分析仪 BS-800', '26531', row1.mean!.toFixed(2), '更换试剂批号后未重新定标', '审核人']) expect(text).toContain(expected);

    const xlsx = await t.request('GET', '/api/lis/qc/reports/monthly?month=2026-11&format=xlsx', { token: head });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['月度质控统计', '失控事件']);
    const rows = (workbook.worksheets[0].getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const excel1 = rows.find((r) => String(r[3]).endsWith('水平1'))!;
    expect([excel1[0], excel1[8], excel1[9]]).toEqual(['GLU', values['1'].length, Number(mean(values['1']).toFixed(2))]);
    const events = (workbook.worksheets[1].getSheetValues() as unknown[][]).filter(Boolean);
    expect(events).toHaveLength(2 + 3);
    expect(await auditEntry(t, 'export', 'qc monthly report lead-hospital 2026-11')).toBe(true);
  });

  it('sets rule sets per test (labcore checks them) and judges with them', async () => {
    const denied = await call(t, 'PUT', '/api/lis/qc/rules/GLU', tech, { rules: ['1-3s'] });
    expect(denied.status).toBe(403);
    const bad = await call(t, 'PUT', '/api/lis/qc/rules/GLU', head, { rules: ['1-3s', { rule: '2-2s', severity: 'fatal' }, '5x'] });
    expect([bad.status, expressions(bad.body)]).toEqual([400, ['rules[1].severity']]);
    const unknown = await call(t, 'PUT', '/api/lis/qc/rules/GLU', head, { rules: ['1-3s', '5x'] });
    expect([unknown.status, expressions(unknown.body)]).toEqual([400, ['rules[1]']]);
    const set = await call<{ rules: unknown[]; isDefault: boolean }>(t, 'PUT', '/api/lis/qc/rules/GLU', head, { rules: ['1-3s', { rule: '1-2s', severity: 'warning' }] });
    expect(set.body).toMatchObject({ isDefault: false, rules: ['1-3s', { rule: '1-2s', severity: 'warning' }] });
    // Without 2-2s, a second result beyond +2 SD only warns.
    await runOf(5.33, 10.0, 9, '08:00');
    const next = await runOf(5.32, 10.0, 10, '08:00');
    expect(next.run.status).toBe('warning');
  });

  it('computes a cumulative target from a period of results, leaving out rejected runs', async () => {
    const body = { testCode: 'GLU', instrumentId: A1, levelId: level2, source: 'cumulative', from: '2026-11-02', to: '2026-11-13', minResults: 10, validFrom: at(14, '00:00') };
    const few = await call(t, 'POST', '/api/lis/qc/targets', head, body);
    expect([few.status, expressions(few.body)]).toEqual([422, ['from']]);
    for (const day of [11, 12, 13]) await runOf(5.12, 10.03 + day / 1000, day, '08:00');
    const listed = await call<{ results: QcResultEntry[] }>(t, 'GET', `/api/lis/qc/results?levelId=${level2}&from=2026-11-02&to=2026-11-13`, tech);
    const usable = listed.body.results.filter((r) => r.runStatus !== 'reject').map((r) => r.value);
    expect(listed.body.results.length - usable.length).toBe(3);
    const set = await call<QcTarget>(t, 'POST', '/api/lis/qc/targets', head, body);
    expect(set.status, JSON.stringify(set.body)).toBe(201);
    expect(set.body).toMatchObject({ source: 'cumulative', basis: { from: '2026-11-02', to: '2026-11-13', count: usable.length } });
    expect(set.body.mean).toBeCloseTo(mean(usable), 10);
    expect(set.body.sd).toBeCloseTo(sd(usable), 10);
  });
});
