import type { Observation } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { ingestObservation } from '../src/qc/ingest.ts';
import type { InstrumentSummary, QcAlarm, QcPoint } from '../src/qc/queries.ts';
import type { ItemQcSettings } from '../src/qc/settings.ts';
import type { RecognitionServices } from '../src/services.ts';
import { call, createUploader, expressions, mapLocalItems, UPLOAD_PASSWORD } from './setup.ts';

const factories = await testDbFactories();

const SHIFTED = 'Mindray BC-6800';
const STEADY = 'Sysmex XN-1000';
// A steady patient stream around 140 g/L (the laboratory's own baseline, set below): no five in a row drift far.
const NORMAL = [134, 143, 138, 145, 140, 136, 142, 144, 137, 141];
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');

describe.each(factories)('PBRTQC on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let lead: string;
  let patientId: string;
  let recognition: RecognitionServices;
  let reportNo = 0;
  const year = new Date().getUTCFullYear();

  const uploadHgb = async (value: number, instrument: string) => {
    reportNo += 1;
    const res = await call(t, 'POST', '/api/recognition/v1/lab-reports', lead, {
      reportNo: `QC${reportNo}`,
      patientMrn: 'QC-1',
      itemCode: 'XCG',
      itemName: '血常规',
      specimenType: '01',
      collectedAt: hoursAgo(20),
      reportedAt: hoursAgo(19),
      instrument,
      results: [{ itemCode: 'HGB', itemName: '血红蛋白', value: String(value), unit: 'g/L', referenceLow: 115, referenceHigh: 175 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  /** Waits until the module has handled every Observation created so far. */
  const settled = async () => {
    const subscriber = 'module:recognition:Observation:create';
    for (let i = 0; i < 1200; i++) {
      const dead = await t.platform.kernel.bus.listDeadLetters(subscriber);
      if (dead.length) throw new Error(`PBRTQC handler failed: ${dead[0].lastError}`);
      if (!(await t.platform.kernel.bus.hasPending(subscriber))) return;
      t.platform.kernel.bus.poke();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('PBRTQC did not settle');
  };
  const alarms = async (query = '') => (await call<{ alarms: QcAlarm[] }>(t, 'GET', `/api/recognition/qc/alarms?institution=lead-hospital${query}`, admin)).body.alarms;
  const offeredHgb = async () => (await recognition.recognizableFor(patientId, ['HGB'], new Date())).length;

  beforeAll(async () => {
    t = await startTestPlatform(factory, { MEDUNION_MODULES: '-mpi' });
    admin = await t.login('admin');
    expect((await call(t, 'PUT', '/api/recognition/admin/institutions/lead-hospital', admin, { level: '二级甲等' })).status).toBe(200);
    await createUploader(t, 'lead.upload', 'lead-hospital');
    await mapLocalItems(t, await t.login('lead.admin'), [['XCG', '血常规', 'CBC'], ['HGB', '血红蛋白', 'HGB']], []);
    expect((await call(t, 'POST', '/api/recognition/admin/years', admin, { year })).status).toBe(201);
    await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: [{ code: 'CBC' }, { code: 'HGB' }] });
    await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries: ['CBC', 'HGB'].map((item) => ({ item, institution: 'lead-hospital', allowed: true })) });
    lead = (await call<{ access_token: string }>(t, 'POST', '/api/recognition/v1/token', undefined, { username: 'lead.upload', password: UPLOAD_PASSWORD })).body.access_token;
    const patient = await call<{ ids: { patient: string } }>(t, 'POST', '/api/recognition/v1/patients', lead, { mrn: 'QC-1', name: '质控甲', gender: '2', birthDate: '1970-05-01' });
    patientId = patient.body.ids.patient;
    recognition = t.platform.runtime.contexts.get('recognition')!.service<RecognitionServices>('recognition');
  });
  afterAll(async () => t?.close());

  it('derives default settings from the reference interval and refuses bad settings naming the field', async () => {
    const defaults = (await call<ItemQcSettings>(t, 'GET', '/api/recognition/qc/settings/HGB', admin)).body;
    expect(defaults).toMatchObject({ item: 'HGB', source: 'reference-interval', referenceInterval: [115, 175], settings: { targetMean: 145, sd: 15, blockSize: 20, lambda: 0.1, truncationLow: 85, truncationHigh: 205 } });
    expect(defaults.settings!.maHigh).toBeCloseTo(145 + (3 * 15) / Math.sqrt(20), 3);

    for (const [body, fields] of [
      [{ blockSize: 1, lambda: 'x' }, ['blockSize', 'lambda']],
      [{ lambda: 2, sd: -1 }, ['sd', 'lambda']],
      [{ targetMean: 140, sd: 8, maLow: 150 }, ['maLow']],
      [{ trunc: 1 }, ['trunc']],
    ] as const) {
      const bad = await call(t, 'PUT', '/api/recognition/qc/settings/HGB', admin, body);
      expect([bad.status, expressions(bad.body)], JSON.stringify(body)).toEqual([400, fields]);
    }
    expect((await call(t, 'PUT', '/api/recognition/qc/settings/CBC', admin, { sd: 1 })).status).toBe(404); // a panel has no value to average
    expect((await call(t, 'PUT', '/api/recognition/qc/settings/HGB', await t.login('lead.doctor'), { sd: 1 })).status).toBe(403);

    const saved = await call<ItemQcSettings>(t, 'PUT', '/api/recognition/qc/settings/HGB', admin, { targetMean: 140, sd: 8, blockSize: 5, lambda: 0.3 });
    expect([saved.status, saved.body.source, saved.body.settings?.blockSize]).toEqual([200, 'override', 5]);
    expect(saved.body.settings!.maHigh).toBeCloseTo(140 + (3 * 8) / Math.sqrt(5), 3);
  });

  it('raises an explained alarm for a shifted instrument only, withdraws the item from recognition, and clears it with a note', async () => {
    for (const v of NORMAL) {
      await uploadHgb(v, SHIFTED);
      await uploadHgb(v + 1, STEADY);
    }
    await settled();
    expect(await alarms()).toEqual([]);
    expect(await offeredHgb()).toBe(NORMAL.length * 2);

    // A +15 % calibration bias on one analyser; the other keeps measuring the same population.
    for (const v of NORMAL.slice(0, 6)) {
      await uploadHgb(Math.round(v * 1.15), SHIFTED);
      await uploadHgb(v, STEADY);
    }
    await settled();
    const open = await alarms('&open=true');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ institution: 'lead-hospital', item: 'HGB', itemName: '血红蛋白', instrument: SHIFTED, rule: expect.stringMatching(/^(MA|EWMA)$/) });
    expect(open[0].reason).toMatch(new RegExp(`^${SHIFTED}：(MA|EWMA).*高于上限.* / ${SHIFTED}: .*above the upper limit`));
    expect(open[0].details).toMatchObject({ settings: { targetMean: 140, blockSize: 5, lambda: 0.3 } });

    // The institution's HGB results are not offered while the alarm is open; its other items (the CBC panel) still are.
    expect(await offeredHgb()).toBe(0);
    expect((await recognition.recognizableFor(patientId, ['CBC'], new Date())).length).toBe(NORMAL.length * 2 + 12);

    const steady = (await call<{ points: QcPoint[] }>(t, 'GET', `/api/recognition/qc/series?institution=lead-hospital&item=HGB&instrument=${encodeURIComponent(STEADY)}`, admin)).body.points;
    expect([steady.length, steady.filter((p) => p.rule).length, steady.at(-1)!.maHigh]).toEqual([16, 0, expect.closeTo(150.733, 2)]);
    const shifted = (await call<{ points: QcPoint[] }>(t, 'GET', `/api/recognition/qc/series?institution=lead-hospital&item=HGB&instrument=${encodeURIComponent(SHIFTED)}`, admin)).body.points;
    expect(shifted.find((p) => p.rule)!.id).toBe(open[0].details!.pointId);

    const comparison = (await call<{ instruments: InstrumentSummary[] }>(t, 'GET', '/api/recognition/qc/comparison?institution=lead-hospital&item=HGB', admin)).body.instruments;
    const bias = Object.fromEntries(comparison.map((i) => [i.instrument, i]));
    expect([bias[SHIFTED].openAlarm, bias[STEADY].openAlarm, bias[SHIFTED].biasPercent! > bias[STEADY].biasPercent! + 5]).toEqual([true, false, true]);

    const noNote = await call(t, 'POST', `/api/recognition/qc/alarms/${open[0].id}/clear`, admin, { note: '' });
    expect([noNote.status, expressions(noNote.body)]).toEqual([400, ['note']]);
    const cleared = await call<QcAlarm>(t, 'POST', `/api/recognition/qc/alarms/${open[0].id}/clear`, admin, { note: '更换试剂批号后重新定标，质控在控' });
    expect([cleared.status, cleared.body.clearNote, cleared.body.clearedBy]).toEqual([200, '更换试剂批号后重新定标，质控在控', expect.stringMatching(/^user\//)]);
    expect((await call(t, 'POST', `/api/recognition/qc/alarms/${open[0].id}/clear`, admin, { note: 'again' })).status).toBe(409);
    expect(await offeredHgb()).toBe(NORMAL.length * 2 + 12);
    const audited = await t.platform.kernel.db.query<{ n: string | number }>(`select count(*) as n from audit_log where event::text like $1`, [`%recognition qc alarm ${open[0].id} cleared%`]);
    expect(Number(audited.rows[0].n)).toBe(1);

    // After the clear the statistics restart: results back on target raise nothing.
    for (const v of NORMAL.slice(0, 5)) await uploadHgb(v, SHIFTED);
    await settled();
    expect(await alarms('&open=true')).toEqual([]);
  });

  it('records each result once, however often its event is delivered', async () => {
    const ctx = t.platform.runtime.contexts.get('recognition')!;
    const { rows } = await t.platform.kernel.db.query<{ observation_id: string; n: string | number }>('select observation_id, (select count(*) from recognition_qc_point) as n from recognition_qc_point order by id limit 1');
    const observation = (await call<Observation>(t, 'GET', `/fhir/R4/Observation/${rows[0].observation_id}`, admin)).body;
    await ingestObservation(ctx, { id: 0, topic: 'Observation:create', resourceType: 'Observation', resourceId: observation.id!, action: 'create', payload: observation });
    const after = await t.platform.kernel.db.query<{ n: string | number }>('select count(*) as n from recognition_qc_point');
    expect(Number(after.rows[0].n)).toBe(Number(rows[0].n));
  });
});
