import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { bootstrap } from '../../src/bootstrap/bootstrap.ts';
import { DEMO_PATIENTS, RESIDENT_ID_CARD } from '../../src/bootstrap/demo-region.ts';
import { defineModule } from '@medunion/kernel';
import { demoOrder, demoStateKey, runModuleDemos } from '../../src/bootstrap/module-demos.ts';
import { getState } from '../../src/bootstrap/state.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { MPI_SUBSCRIBERS, subscribersSettled } from './helpers.ts';

// PGlite always; PostgreSQL too when reachable (the demo is what `npm start` shows on either).
const factories = await testDbFactories();

const LEAD_LAB_DICTIONARY = 'https://medunion.org/fhir/CodeSystem/dictionary/lead-hospital/lab-items';
const HEXI_LAB_DICTIONARY = 'https://medunion.org/fhir/CodeSystem/dictionary/thc-hexi/lab-items';
const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';

describe.each(factories)('module demo data on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};

  const get = async <T>(user: string, path: string): Promise<T> => {
    const res = await t.request('GET', path, { token: tokens[user] });
    expect(res.status, `${user} GET ${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };

  /** The patient index works from Patient events: wait until it has handled every one the demos wrote. */
  const indexSettled = () => subscribersSettled(t, MPI_SUBSCRIBERS);


  beforeAll(async () => {
    t = await startTestPlatform(factory, { SEED_MODULE_DEMOS: 'true' });
    for (const user of ['admin', 'lead.admin', 'hexi.doctor', 'lead.doctor']) tokens[user] = await t.login(user);
    await indexSettled();
  });
  afterAll(async () => t?.close());

  it('records each module demo as seeded', async () => {
    for (const mod of ['terminology', 'mpi', 'recognition']) expect(await getState(t.platform.kernel.db, demoStateKey(mod)), mod).toBeTruthy();
  });

  it('gives the institutions item dictionaries mapped to the recognition catalogue, a few items left unmapped', async () => {
    type Report = { counts: { total: number; mapped: number; unmatched: number; unmapped: number }; items: { code: string }[] };
    const lead = await get<Report>('lead.admin', `/api/terminology/mapping/unmapped?dictionary=${encodeURIComponent(LEAD_LAB_DICTIONARY)}&target=${encodeURIComponent(LAB_CATALOGUE)}&suggest=false`);
    expect(lead.counts).toEqual({ total: 19, mapped: 16, unmatched: 0, unmapped: 3 });
    expect(lead.items.map((i) => i.code).sort()).toEqual(['LIS021', 'LIS022', 'LIS023']);
    const hexi = await get<Report>('admin', `/api/terminology/mapping/unmapped?dictionary=${encodeURIComponent(HEXI_LAB_DICTIONARY)}&target=${encodeURIComponent(LAB_CATALOGUE)}&suggest=false`);
    expect(hexi.counts).toMatchObject({ total: 15, mapped: 13, unmapped: 2 });
  });

  it('resolves 张三丰, registered at the county hospital and at 河西, to one golden record', async () => {
    const zhang = DEMO_PATIENTS.find((p) => p.id === 'demo-p1')!;
    const resolved = await get<{ empi: string; sources: { patientId: string; institution: string }[] }>(
      'lead.doctor',
      `/api/mpi/resolve?identifier=${encodeURIComponent(`${RESIDENT_ID_CARD}|${zhang.idCard}`)}`,
    );
    expect(resolved.empi).toMatch(/^E\d+$/);
    expect(resolved.sources.map((s) => [s.patientId, s.institution]).sort()).toEqual([
      ['demo-p1', 'lead-hospital'],
      ['demo-p1-hexi', 'thc-hexi'],
    ]);
  });

  it('puts the near-duplicate 赵秀岚 / 赵秀兰 pair in the review queue', async () => {
    const review = await get<{ items: { record: { patientId: string; name: string }; candidate: { patientId: string; name: string }; decision: string; status: string }[] }>('admin', '/api/mpi/review?status=open');
    const pair = review.items.find((i) => [i.record.patientId, i.candidate.patientId].sort().join() === 'demo-p4,demo-p4-lead');
    expect(pair, JSON.stringify(review.items)).toMatchObject({ decision: 'review', status: 'open' });
    expect([pair!.record.name, pair!.candidate.name].sort()).toEqual(['赵秀兰', '赵秀岚'].sort());
  });

  it("offers 河西's doctor the county hospital's reports of 张三丰, with their PDFs", async () => {
    type Offered = { count: number; reportCount: number; results: { reportId: string; reportNo: string; itemCode: string; institution: string }[] };
    const offered = await get<Offered>('hexi.doctor', '/api/recognition/v1/recognizable?patient=demo-p1-hexi');
    expect(offered.reportCount).toBe(3);
    expect(new Set(offered.results.map((r) => r.reportNo))).toEqual(new Set(['JY20260001', 'JY20260002', 'CT20260001']));
    expect(offered.results.map((r) => r.itemCode)).toEqual(expect.arrayContaining(['CBC', 'LFT', 'CT-CHEST', 'WBC', 'ALT']));
    expect(offered.count).toBe(offered.results.length);
    const ct = offered.results.find((r) => r.reportNo === 'CT20260001')!;
    const pdf = await t.request('GET', `/api/recognition/v1/reports/${ct.reportId}?format=pdf&patient=demo-p1-hexi`, { token: tokens['hexi.doctor'] });
    expect(pdf.status, await pdf.clone().text()).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('shows the recognition and the refusal in the statistics', async () => {
    const summary = await get<{ uploads: number; recognized: number; refused: number; rate: number }>('admin', '/api/recognition/stats/summary');
    expect(summary).toMatchObject({ uploads: 3, recognized: 1, refused: 1, rate: 0.5 });
    const reasons = await get<{ rows: { key: string; refused: number }[] }>('admin', '/api/recognition/stats/breakdown?by=reason');
    expect(reasons.rows).toEqual([expect.objectContaining({ key: 'condition-changed', refused: 1 })]);
  });

  it('logs a failing demo and goes on, skipping the demos built on it, and tries them again next time', async () => {
    const broken = defineModule({ id: 'broken-demo', title: { 'zh-CN': '坏演示', en: 'Broken demo' }, demo: () => Promise.reject(new Error('demo exploded')) });
    const after = defineModule({ id: 'after-broken', title: { 'zh-CN': '依赖', en: 'Dependent' }, demo: () => Promise.resolve(), demoAfter: ['broken-demo'] });
    const fine = defineModule({ id: 'fine-demo', title: { 'zh-CN': '正常', en: 'Fine' }, demo: () => Promise.resolve() });
    const base = t.platform.runtime.contexts.get('terminology')!;
    const contexts = new Map([after, broken, fine].map((m) => [m.id, { ...base, moduleId: m.id }]));
    expect(demoOrder([after, broken, fine]).map((m) => m.id)).toEqual(['broken-demo', 'after-broken', 'fine-demo']);
    const report = await runModuleDemos(t.platform.kernel, { modules: [after, broken, fine], contexts });
    expect(report.seeded).toEqual(['fine-demo']);
    expect(report.failed).toEqual([
      { module: 'broken-demo', error: 'demo exploded' },
      { module: 'after-broken', error: 'skipped: the demo of broken-demo failed' },
    ]);
    expect(await getState(t.platform.kernel.db, demoStateKey('broken-demo'))).toBeUndefined();
    expect(await getState(t.platform.kernel.db, demoStateKey('after-broken'))).toBeUndefined();
  });

  it('seeds nothing twice when bootstrap runs again', async () => {
    const counts = async () => {
      const db = t.platform.kernel.db;
      const one = async (sql: string) => Number((await db.query<{ n: string | number }>(sql)).rows[0].n);
      return {
        decisions: await one('select count(*) as n from recognition_decision'),
        reports: await one('select count(*) as n from recognition_report'),
        patients: await one('select count(*) as n from mpi_record'),
        dictionaryVersions: (await get<{ total?: number; entry?: unknown[] }>('admin', `/fhir/R4/CodeSystem?url=${encodeURIComponent(LEAD_LAB_DICTIONARY)}&_summary=count`)).total,
        mapVersion: (await get<{ entry?: { resource: { version: string } }[] }>('admin', `/fhir/R4/ConceptMap?url=${encodeURIComponent(LEAD_LAB_DICTIONARY.replace('/CodeSystem/', '/ConceptMap/'))}`)).entry?.[0]?.resource.version,
      };
    };
    const before = await counts();
    expect(before).toMatchObject({ decisions: 2, reports: 3, dictionaryVersions: 1, mapVersion: '1' });
    const again = await bootstrap(t.platform.kernel, { modules: { modules: t.platform.modules.modules, contexts: t.platform.runtime.contexts } });
    expect(again.moduleDemos).toEqual({ seeded: [], failed: [] });
    expect(again.demoUsers).toEqual([]);
    await indexSettled();
    expect(await counts()).toEqual(before);
  });
});
