import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { LeveyJenningsResponse, QcEvent, QcMaterial, QcStatusReport } from '../../src/contracts/qc.ts';
import { latestMorningRun } from '../../src/qc/demo/seed-qc-demo.ts';
import { call } from './helpers.ts';

// The demo is seeded once per database; PGlite is enough to show it holds together (the code paths are the suites').
const [pglite] = await testDbFactories();

describe('QC demo of the lead hospital', () => {
  let t: TestPlatform;
  let tech: string;

  beforeAll(async () => {
    t = await startTestPlatform(pglite, { SEED_MODULE_DEMOS: 'true', MEDUNION_MODULES: 'terminology,mpi,lis' });
    tech = await t.login('lead.lab');
  });
  afterAll(async () => t?.close());

  it('seeds controls for the demo analyzers and 30 days of QC with one closed out-of-control episode', async () => {
    const materials = await call<{ materials: QcMaterial[] }>(t, 'GET', '/api/lis/qc/materials', tech);
    expect(materials.body.materials.map((m) => [m.name, m.lots[0].levels.length])).toEqual([
      ['BC-5D 血液质控（迈瑞）', 3],
      ['Lyphochek 生化质控（Bio-Rad）', 2],
    ]);
    const events = await call<{ events: QcEvent[] }>(t, 'GET', '/api/lis/qc/events?status=all', tech);
    expect(events.body.events.map((e) => [e.testCode, e.rules, e.status, e.actions.length])).toEqual([['GLU', ['2-2s'], 'closed', 1]]);
    const status = await call<{ statuses: QcStatusReport[] }>(t, 'GET', '/api/lis/qc/status', tech);
    expect(status.body.statuses.length).toBeGreaterThanOrEqual(5);
    expect(status.body.statuses.every((s) => s.status === 'in-control'), JSON.stringify(status.body.statuses)).toBe(true);
    const glu = status.body.statuses.find((s) => s.testCode === 'GLU')!;
    const from = new Date(Date.now() + 8 * 3_600_000 - 40 * 86_400_000).toISOString().slice(0, 10);
    const lj = await call<LeveyJenningsResponse>(t, 'GET', `/api/lis/qc/levey-jennings?testCode=GLU&instrumentId=${glu.instrumentId}&from=${from}`, tech);
    // 30 mornings and the re-run after the recalibration, per level.
    expect(lj.body.chart.levels.map((l) => l.points.length)).toEqual([31, 31]);
    expect(lj.body.chart.levels[0].points.filter((p) => p.status === 'reject').map((p) => p.rules)).toEqual([['1-2s', '2-2s']]);
  });
});

describe('the demo QC schedule', () => {
  const at = (china: string) => Date.parse(`${china}+08:00`);
  it('ends with the latest morning run, never more than 24 hours before the start', () => {
    expect(new Date(latestMorningRun(at('2026-12-08T14:30:00'))).toISOString()).toBe('2026-12-08T00:00:00.000Z');
    expect(new Date(latestMorningRun(at('2026-12-08T07:59:00'))).toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(new Date(latestMorningRun(at('2026-12-08T08:02:00'))).toISOString()).toBe('2026-12-07T23:57:00.000Z');
    for (const time of ['00:00:00', '07:59:59', '08:00:00', '08:04:59', '08:05:00', '23:59:59']) {
      const now = at(`2026-12-08T${time}`);
      expect(now - latestMorningRun(now)).toBeLessThan(24 * 3_600_000);
      expect(latestMorningRun(now) + 4 * 60_000).toBeLessThanOrEqual(now); // the third level runs 4 minutes after the first
    }
  });
});
