import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirError, INSTITUTION_EXTENSION, type ModuleContext } from '@medunion/kernel';
import { createRandom } from '@medunion/labcore';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { PbrtqcAlarm, PbrtqcStream, QcMaterial } from '../../src/contracts/qc.ts';
import type { SimulationResponse } from '../../src/qc/pbrtqc/simulate.ts';
import { recordQcResult } from '../../src/qc/record.ts';
import { qcStatusAt } from '../../src/qc/status.ts';
import { CS } from '../../src/urls.ts';
import { call, createDevice, expressions, importCatalogue, LAB, settled, SYSTEM } from './helpers.ts';

const factories = await testDbFactories();
const ANALYZER = 'pb-a1';

/** Sodium results of the analyzer, as the results area writes them (preliminary, numeric, with the device). */
async function writeResults(t: TestPlatform, prefix: string, values: number[], start: number, stepMs: number): Promise<void> {
  const inputs = values.map((value, i) => {
    const id = `${prefix}-${i}`;
    const resource: Observation = {
      resourceType: 'Observation',
      id,
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${LAB}` } }] },
      status: 'preliminary',
      code: { coding: [{ system: CS.tests(LAB), code: 'NA' }] },
      subject: { reference: 'Patient/demo-p1' },
      issued: new Date(start + i * stepMs).toISOString(),
      valueQuantity: { value, unit: 'mmol/L' },
      device: { reference: `Device/${ANALYZER}` },
    };
    return { resource, id };
  });
  const store = t.platform.kernel.store;
  for (let i = 0; i < inputs.length; i += 200) {
    await store.inUnit(SYSTEM, (unit) => store.createManyIn(unit, SYSTEM, inputs.slice(i, i + 200), (_index, err: FhirError) => err));
  }
  await settled(t);
}

describe.each(factories)('patient-based real-time QC on $name', (factory) => {
  let t: TestPlatform;
  let lis: ModuleContext;
  let tech: string;
  let head: string;
  const random = createRandom(20261207);
  const sodium = (n: number, mean = 140) => Array.from({ length: n }, () => Math.round(random.normal(mean, 2) * 10) / 10);
  const now = Date.now();
  let recommended: SimulationResponse['recommended'] = null;
  // 400 results hold too few extremes for a 0.1 % false-alarm rate: ask for 1 %.
  const simulation = { testCode: 'NA', instrumentId: ANALYZER, from: '2026-01-01', falseAlarmRate: 0.01, biasesPercent: [-4, 4], statistics: ['moving-average', 'ewma'], blockSizes: [5, 40], lambdas: [0.3], truncate: false, trialsPerBias: 25, seed: 3 };

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    lis = t.platform.runtime.contexts.get('lis')!;
    const admin = await t.login('admin');
    tech = await t.login('lead.lab');
    head = await t.login('lead.labhead');
    await importCatalogue(t, admin);
    await createDevice(t, ANALYZER, '电解质分析仪');
    // Three weeks of in-control history, before any PBRTQC is set up.
    await writeResults(t, 'hist', sodium(400), now - 21 * 86_400_000, 4_000_000);
  });
  afterAll(async () => t?.close());

  it('ranks candidate settings by simulated bias detection on the analyzer\'s own history (AI-PBRTQC)', async () => {
    const res = await call<SimulationResponse>(t, 'POST', '/api/lis/qc/pbrtqc/simulate', tech, simulation);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.history.count).toBe(400);
    const ranked = res.body.report.ranked;
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
    const qualified = ranked.filter((r) => r.qualified);
    expect(qualified.length).toBeGreaterThan(0);
    for (let i = 1; i < qualified.length; i++) expect(qualified[i].meanAnped).toBeGreaterThanOrEqual(qualified[i - 1].meanAnped);
    expect(res.body.recommended).toEqual(ranked[0].settings);
    expect(res.body.recommended!.limits).toBeDefined();
    recommended = res.body.recommended;
    // A 4 % shift of sodium is large (2.8 SD): a window of 5 finds it in fewer patient results than one of 40.
    const anped = (n: number) => ranked.find((r) => r.settings.statistic === 'moving-average' && r.settings.blockSize === n)!.meanAnped;
    expect(anped(5)).toBeLessThan(anped(40));
    const again = await call<SimulationResponse>(t, 'POST', '/api/lis/qc/pbrtqc/simulate', tech, simulation);
    expect(again.body.report.ranked.map((r) => [r.name, r.meanAnped])).toEqual(ranked.map((r) => [r.name, r.meanAnped]));
    const thin = await call(t, 'POST', '/api/lis/qc/pbrtqc/simulate', tech, { ...simulation, testCode: 'K' });
    expect([thin.status, expressions(thin.body)]).toEqual([422, ['from']]);
    const bad = await call(t, 'POST', '/api/lis/qc/pbrtqc/simulate', tech, { ...simulation, lambdas: [2], trialsPerBias: 1 });
    expect([bad.status, expressions(bad.body).sort()]).toEqual([400, ['lambdas[0]', 'trialsPerBias']]);
  });

  it('lets lis.qc.manage set the settings, checked by labcore', async () => {
    const settings = { statistic: 'moving-average', blockSize: 10, target: 140, truncation: { low: 128, high: 152 }, limits: { low: 138, high: 142 } };
    expect((await call(t, 'PUT', '/api/lis/qc/pbrtqc/settings', tech, { testCode: 'NA', instrumentId: ANALYZER, settings })).status).toBe(403);
    const noN = await call(t, 'PUT', '/api/lis/qc/pbrtqc/settings', head, { testCode: 'NA', instrumentId: ANALYZER, settings: { ...settings, blockSize: undefined } });
    expect([noN.status, expressions(noN.body)]).toEqual([400, ['settings.blockSize']]);
    const upside = await call(t, 'PUT', '/api/lis/qc/pbrtqc/settings', head, { testCode: 'NA', instrumentId: ANALYZER, settings: { ...settings, limits: { low: 142, high: 138 } } });
    expect([upside.status, expressions(upside.body)]).toEqual([400, ['settings.limits']]);
    // The simulation's recommendation is a valid body as it stands…
    const applied = await call<{ settings: { settings: unknown }[] }>(t, 'PUT', '/api/lis/qc/pbrtqc/settings', head, { testCode: 'NA', instrumentId: ANALYZER, settings: recommended });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.settings[0].settings).toEqual(recommended);
    // …and the alarm scenario below runs with round numbers: MA of 10, limits ±2 mmol/L (≈ 3.2 standard errors).
    const set = await call(t, 'PUT', '/api/lis/qc/pbrtqc/settings', head, { testCode: 'NA', instrumentId: ANALYZER, settings });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const audit = await t.platform.kernel.audit.search({ action: 'update', resourceType: 'Basic' });
    expect(audit.entries.some((e) => e.outcomeDesc?.includes('pbrtqc settings NA') && e.outcomeDesc.includes('-> MA(N=10'))).toBe(true);
  });

  it('alarms on a shifted stream, makes the QC status a warning, and clears with a note', async () => {
    // Internal QC in control an hour ago, so the QC status speaks for PBRTQC alone.
    const material = await call<QcMaterial>(t, 'POST', '/api/lis/qc/materials', head, { name: '电解质质控' });
    const lot = await call<{ lot: { levels: { id: string }[] } }>(t, 'POST', '/api/lis/qc/lots', head, { materialId: material.body.id, lotNo: 'E1', expiresOn: '2099-12-31', levels: [{ level: '1', samples: [{ sampleId: 'NAQC1' }] }] });
    await call(t, 'POST', '/api/lis/qc/targets', head, { testCode: 'NA', instrumentId: ANALYZER, levelId: lot.body.lot.levels[0].id, source: 'fixed', mean: 140, sd: 1.5, validFrom: new Date(now - 86_400_000).toISOString() });
    expect(await recordQcResult(lis, SYSTEM, { institution: LAB, instrumentId: ANALYZER, qcSampleId: 'NAQC1', testCode: 'NA', value: 140.5, at: new Date(now - 3 * 3_600_000).toISOString(), source: 'instrument' })).toEqual({ accepted: true, status: 'accept' });
    const at = new Date(now).toISOString();
    expect((await qcStatusAt(lis, LAB, ANALYZER, 'NA', at)).status).toBe('in-control');

    await writeResults(t, 'live', sodium(30), now - 150 * 60_000, 60_000);
    let status = (await call<{ streams: PbrtqcStream[] }>(t, 'GET', '/api/lis/qc/pbrtqc?testCode=NA', tech)).body.streams[0];
    expect([status.points.length, status.openAlarm]).toEqual([30, null]);
    expect(status.points.filter((p) => p.statistic !== null)).toHaveLength(21);

    // A calibration shift of +5 %: the moving average leaves its upper limit within a window.
    await writeResults(t, 'shift', sodium(15, 147), now - 100 * 60_000, 60_000);
    status = (await call<{ streams: PbrtqcStream[] }>(t, 'GET', '/api/lis/qc/pbrtqc?testCode=NA', tech)).body.streams[0];
    expect(status).toMatchObject({ testName: '钠', instrumentName: '电解质分析仪', label: { en: 'MA(N=10, truncation 128–152)' } });
    const alarm = status.openAlarm!;
    expect(alarm).toMatchObject({ direction: 'high' });
    expect(alarm.statistic).toBeGreaterThan(142);
    expect(alarm.reason['zh-CN']).toContain('142');
    const firstAlarm = status.points.findIndex((p) => p.alarm === 'high');
    expect(firstAlarm).toBeGreaterThanOrEqual(30);
    expect(firstAlarm).toBeLessThan(40);
    expect(status.alarms).toHaveLength(1);
    const qc = await qcStatusAt(lis, LAB, ANALYZER, 'NA', at);
    expect(qc.status).toBe('warning');
    expect(qc.reason).toContain('PBRTQC');

    const noNote = await call(t, 'POST', `/api/lis/qc/pbrtqc/alarms/${alarm.id}/clear`, tech, { note: ' ' });
    expect([noNote.status, expressions(noNote.body)]).toEqual([400, ['note']]);
    const cleared = await call<PbrtqcAlarm>(t, 'POST', `/api/lis/qc/pbrtqc/alarms/${alarm.id}/clear`, tech, { note: '重新定标后质控在控' });
    expect(cleared.body).toMatchObject({ clearedByName: '孙伟', clearNote: '重新定标后质控在控' });
    expect((await call(t, 'POST', `/api/lis/qc/pbrtqc/alarms/${alarm.id}/clear`, tech, { note: 'again' })).status).toBe(409);
    expect((await qcStatusAt(lis, LAB, ANALYZER, 'NA', new Date().toISOString())).status).toBe('in-control');
    // The stream starts again: a window of 10 must fill before anything is judged.
    await writeResults(t, 'after', sodium(5, 147), now - 30 * 60_000, 60_000);
    status = (await call<{ streams: PbrtqcStream[] }>(t, 'GET', '/api/lis/qc/pbrtqc?testCode=NA&points=5', tech)).body.streams[0];
    expect(status.points.map((p) => p.statistic)).toEqual([null, null, null, null, null]);
    expect(status.openAlarm).toBeNull();
  });
});
