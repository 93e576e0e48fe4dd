import type { AuditEvent, Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import { MRN_SYSTEM_PREFIX } from '../src/identifiers/systems.ts';
import type { LinkEvent } from '../src/index-store/link-events.ts';
import { idCard, indexSettled, register, resolve, JSON_HEADERS } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('merge, unmerge, link and unlink on $name', (factory) => {
  let t: TestPlatform;
  let lead: string;
  let hexi: string;
  let admin: string;
  const run = Date.now() % 100_000;
  const mrn = (n: number) => `L${run}-${n}`;
  const golden = async (institution: string, n: number) => (await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/${institution}`, mrn(n))).golden;
  const post = async (path: string, body: unknown, token = admin) => t.request('POST', `/api/mpi/${path}`, { token, body, headers: JSON_HEADERS });
  const history = async (query: string) => ((await (await t.request('GET', `/api/mpi/history?${query}`, { token: admin })).json()) as { events: LinkEvent[] }).events;

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    [lead, hexi, admin] = await Promise.all([t.login('lead.doctor'), t.login('hexi.doctor'), t.login('admin')]);
  });
  afterAll(async () => t?.close());

  it('merges two golden records, unmerges them, and keeps every step in the history', async () => {
    // Two records of one person the matcher cannot join (no shared identifier, name and date both off).
    const a = await register(t, lead, { name: '冯雅琴', gender: 'female', birthDate: '1961-12-05', institution: 'lead-hospital', mrn: mrn(1), phone: '18757619901' });
    const b = await register(t, hexi, { name: '冯亚琴', gender: 'female', birthDate: '1961-05-21', institution: 'thc-hexi', mrn: mrn(2) });
    await indexSettled(t);
    const [ga, gb] = [await golden('lead-hospital', 1), await golden('thc-hexi', 2)];
    expect(ga.id).not.toBe(gb.id);

    expect((await post('merge', { source: gb.id, target: ga.id, reason: '同一人' }, lead)).status).toBe(403);
    const merged = await post('merge', { source: gb.id, target: ga.id, reason: '患者持身份证到院核实为同一人' });
    expect(merged.status).toBe(200);
    const { operationId, goldens } = (await merged.json()) as { operationId: string; goldens: Patient[] };
    expect(goldens.find((g) => g.id === gb.id)).toMatchObject({ active: false, link: [{ other: { reference: `Patient/${ga.id}` }, type: 'replaced-by' }] });
    const target = goldens.find((g) => g.id === ga.id)!;
    expect(target.link?.map((l) => `${l.type} ${l.other.reference}`).sort()).toEqual([`replaces Patient/${gb.id}`, `seealso Patient/${a}`, `seealso Patient/${b}`].sort());
    await indexSettled(t);
    expect((await golden('thc-hexi', 2)).id).toBe(ga.id);

    // The retired golden record's person number still resolves, to the survivor.
    const retiredEmpi = gb.identifier!.find((i) => i.system?.endsWith('/empi'))!.value!;
    expect((await resolve(t, admin, 'https://medunion.org/fhir/sid/empi', retiredEmpi)).golden.id).toBe(ga.id);

    const undone = await post('unmerge', { operationId, reason: '核实有误' });
    expect(undone.status).toBe(200);
    await indexSettled(t);
    expect((await golden('thc-hexi', 2)).id).toBe(gb.id);
    const restored = (await (await t.request('GET', `/fhir/R4/Patient/${gb.id}`, { token: admin })).json()) as Patient;
    expect(restored).toMatchObject({ active: true, link: [{ other: { reference: `Patient/${b}` }, type: 'seealso' }] });
    expect((await post('unmerge', { operationId, reason: 'again' })).status).toBe(409);

    expect((await history(`patient=${b}`)).map((e) => [e.action, e.fromGolden, e.toGolden, e.actor.split('/')[0]])).toEqual([
      ['link', null, gb.id, 'system'],
      ['merge', gb.id, ga.id, 'user'],
      ['unmerge', ga.id, gb.id, 'user'],
    ]);
    expect((await history(`golden=${gb.id}`)).map((e) => e.action)).toEqual(['link', 'merge', 'retire', 'restore', 'unmerge']);

    const audited = async (subtype: string) => ((await (await t.request('GET', `/fhir/R4/AuditEvent?subtype=${subtype}`, { token: admin })).json()) as Bundle<AuditEvent>).entry!.map((e) => e.resource!);
    expect((await audited('mpi.unmerge')).map((e) => [e.outcome, e.outcomeDesc])).toEqual([
      ['4', expect.stringContaining('Nothing left to undo')],
      ['0', `unmerge ${operationId}: 核实有误`],
    ]);
    expect((await audited('mpi.merge')).some((e) => e.outcome === '4' && e.agent?.[0]?.who?.display?.includes('李明'))).toBe(true); // the refused doctor
  });

  it('refuses merges that make no sense', async () => {
    await register(t, lead, { name: '尤思远', gender: 'female', birthDate: '2013-06-15', institution: 'lead-hospital', mrn: mrn(10) });
    await indexSettled(t);
    const g = await golden('lead-hospital', 10);
    expect((await post('merge', { source: g.id, target: g.id, reason: 'x' })).status).toBe(400);
    expect((await post('merge', { source: g.id, target: 'no-such-golden', reason: 'x' })).status).toBe(404);
    expect((await post('merge', { source: g.id, reason: 'x' })).status).toBe(400);
    expect((await post('unmerge', { operationId: 'not-an-operation', reason: 'x' })).status).toBe(404);
  });

  it('splits a wrongly linked record off and links it back by hand', async () => {
    const card = idCard('1990-01-01', 'male', 41);
    const a = await register(t, lead, { name: '陈子昂', gender: 'male', birthDate: '1990-01-01', institution: 'lead-hospital', mrn: mrn(20), idCard: card });
    const b = await register(t, hexi, { name: '陈子昂', gender: 'male', birthDate: '1990-01-01', institution: 'thc-hexi', mrn: mrn(21), idCard: card });
    await indexSettled(t);
    const g = await golden('lead-hospital', 20);
    expect((await resolve(t, admin, `${MRN_SYSTEM_PREFIX}/thc-hexi`, mrn(21))).golden.id).toBe(g.id);

    const split = await post('unlink', { patient: b, reason: '身份证号被他人冒用' });
    expect(split.status).toBe(200);
    await indexSettled(t);
    const own = await golden('thc-hexi', 21);
    expect(own.id).not.toBe(g.id);
    expect((await post('unlink', { patient: b, reason: 'again' })).status).toBe(409);
    // Now the ID card belongs to two persons: resolving it is ambiguous until someone decides.
    const ambiguous = await t.request('GET', `/api/mpi/resolve?identifier=${encodeURIComponent(`urn:oid:2.16.156.10011.1.3|${card}`)}`, { token: admin });
    expect(ambiguous.status).toBe(409);

    expect((await post('link', { patient: b, golden: g.id, reason: '复核后确认同一人' })).status).toBe(200);
    await indexSettled(t);
    expect((await golden('thc-hexi', 21)).id).toBe(g.id);
    expect((await post('link', { patient: b, golden: g.id, reason: 'again' })).status).toBe(409);
    expect((await history(`patient=${b}`)).map((e) => e.action)).toEqual(['link', 'unlink', 'link']);
    expect((await history(`patient=${a}`)).map((e) => e.action)).toEqual(['link']);
  });

  it('writes a golden record back when someone else changes or deletes it, and retires it when its last source goes', async () => {
    const a = await register(t, hexi, { name: '秦川', gender: 'male', birthDate: '1982-10-28', institution: 'thc-hexi', mrn: mrn(30) });
    await indexSettled(t);
    const g = await golden('thc-hexi', 30);
    const tampered = await t.request('PUT', `/fhir/R4/Patient/${g.id}`, { token: admin, body: { ...g, gender: 'female' } });
    expect(tampered.status).toBe(400);
    expect(JSON.stringify(await tampered.json())).toContain('Patient.meta.tag');
    expect((await t.request('DELETE', `/fhir/R4/Patient/${g.id}`, { token: admin })).status).toBe(204);
    await indexSettled(t);
    const back = await t.request('GET', `/fhir/R4/Patient/${g.id}`, { token: admin });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ active: true, gender: 'male' });

    expect((await t.request('DELETE', `/fhir/R4/Patient/${a}`, { token: admin })).status).toBe(204);
    await indexSettled(t);
    expect(await (await t.request('GET', `/fhir/R4/Patient/${g.id}`, { token: admin })).json()).toMatchObject({ active: false });
    expect((await t.request('GET', `/api/mpi/resolve?identifier=${encodeURIComponent(`${MRN_SYSTEM_PREFIX}/thc-hexi|${mrn(30)}`)}`, { token: admin })).status).toBe(404);
    expect((await history(`patient=${a}`)).map((e) => e.action)).toEqual(['link', 'source-deleted']);
  });
});
