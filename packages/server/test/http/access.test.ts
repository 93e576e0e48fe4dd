import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { DEMO_PATIENTS } from '../../src/bootstrap/demo-region.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { countOf, expectOutcome, idsOf, json, outcomeText, snapshot, tag } from './helpers.ts';

const factories = await testDbFactories();
const INSTITUTION_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/institution';
const JSON_HEADERS = { 'content-type': 'application/json' };
const ALL_DEMO = '_id=demo-p1,demo-p2,demo-p3,demo-p4,demo-p5';

describe.each(factories)('access control over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.doctor', 'hexi.doctor', 'lead.registrar', 'commission', 'lead.admin']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  /** Demo patients visible to a user, with the search total (which must agree). */
  async function visiblePatients(user: string): Promise<string[]> {
    const res = await t.request('GET', `/fhir/R4/Patient?${ALL_DEMO}&_total=accurate`, { token: tokens[user] });
    expect(res.status).toBe(200);
    const bundle = await json<Bundle>(res);
    const ids = idsOf(bundle).map((r) => r.split('/')[1]).sort();
    expect(bundle.total, `${user} total`).toBe(ids.length);
    expect(await countOf(t, tokens[user], 'Patient', ALL_DEMO)).toBe(ids.length);
    return ids;
  }

  it('each user sees exactly the patients the policies allow (search and read agree)', async () => {
    expect(await visiblePatients('lead.doctor')).toEqual(['demo-p1', 'demo-p2', 'demo-p5']);
    expect(await visiblePatients('hexi.doctor')).toEqual(['demo-p3']);
    expect(await visiblePatients('lead.registrar')).toEqual(['demo-p1', 'demo-p2']);
    expect(await visiblePatients('admin')).toEqual(['demo-p1', 'demo-p2', 'demo-p3', 'demo-p4', 'demo-p5']);
    // Unfiltered searches see exactly the demo patients of the user's institution (no other patients exist yet).
    const seeded = (institution: string) => DEMO_PATIENTS.filter((p) => p.institution === institution).length;
    expect(await countOf(t, tokens['lead.doctor'], 'Patient')).toBe(seeded('lead-hospital'));
    expect(await countOf(t, tokens['hexi.doctor'], 'Patient')).toBe(seeded('thc-hexi'));

    const read = (user: string, id: string) => t.request('GET', `/fhir/R4/Patient/${id}`, { token: tokens[user] });
    expect((await read('lead.doctor', 'demo-p5')).status).toBe(200);
    await expectOutcome(await read('lead.doctor', 'demo-p3'), 403);
    await expectOutcome(await read('hexi.doctor', 'demo-p1'), 403);
    await expectOutcome(await read('lead.registrar', 'demo-p5'), 403);
    expect((await read('lead.registrar', 'demo-p1')).status).toBe(200);
    // The same for vread and history.
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p5/_history/1', { token: tokens['lead.registrar'] }), 403);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p1/_history', { token: tokens['hexi.doctor'] }), 403);
    const typeHistory = await json<Bundle>(await t.request('GET', '/fhir/R4/Patient/_history?_count=100', { token: tokens['hexi.doctor'] }));
    expect(new Set(typeHistory.entry!.map((e) => e.fullUrl!.split('/').pop()))).toEqual(new Set(DEMO_PATIENTS.filter((p) => p.institution === 'thc-hexi').map((p) => p.id)));
    // A name search does not reveal the VIP to the registrar either.
    expect(await countOf(t, tokens['lead.registrar'], 'Patient', `name=${encodeURIComponent('钱卫国')}`)).toBe(0);
    expect(await countOf(t, tokens['lead.doctor'], 'Patient', `name=${encodeURIComponent('钱卫国')}`)).toBe(1);
  });

  it("the VIP's clinical data is hidden from the registrar too", async () => {
    const obs: Observation = { resourceType: 'Observation', status: 'final', code: { text: `vip-${run}` }, subject: { reference: 'Patient/demo-p5' } };
    const created = await json<Observation>(await t.request('POST', '/fhir/R4/Observation', { token: tokens['lead.doctor'], body: obs }));
    expect(created.id).toBeTruthy();
    expect(await countOf(t, tokens['lead.doctor'], 'Observation', 'subject=Patient/demo-p5')).toBe(1);
    expect(await countOf(t, tokens['lead.registrar'], 'Observation', 'subject=Patient/demo-p5')).toBe(0);
    await expectOutcome(await t.request('GET', `/fhir/R4/Observation/${created.id}`, { token: tokens['lead.registrar'] }), 403);
    // Including the patient from an Observation the registrar may see does not leak the VIP.
    const own = await json<Observation>(await t.request('POST', '/fhir/R4/Observation', { token: tokens['lead.doctor'], body: { ...obs, subject: { reference: 'Patient/demo-p1' } } }));
    const inc = await json<Bundle>(await t.request('GET', `/fhir/R4/Observation?code:text=vip-${run}&_include=Observation:subject`, { token: tokens['lead.registrar'] }));
    expect(idsOf(inc).sort()).toEqual([`Observation/${own.id}`, 'Patient/demo-p1']);
  });

  it('a doctor cannot write data of another institution (403, nothing written)', async () => {
    const before = await snapshot(t, tokens.admin);
    const foreign: Patient = {
      resourceType: 'Patient',
      name: [{ family: `Foreign${run}` }],
      meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: 'Organization/thc-hexi' } }] },
    };
    const o = await expectOutcome(await t.request('POST', '/fhir/R4/Patient', { token: tokens['lead.doctor'], body: foreign }), 403);
    expect(outcomeText(o)).toContain('thc-hexi');
    await expectOutcome(await t.request('PUT', `/fhir/R4/Patient/foreign-${run}`, { token: tokens['lead.doctor'], body: { ...foreign, id: `foreign-${run}` } }), 403);
    await expectOutcome(await t.request('PUT', `/fhir/R4/Patient?identifier=urn:x:${run}|1`, { token: tokens['lead.doctor'], body: { ...foreign, identifier: [{ system: `urn:x:${run}`, value: '1' }] } }), 403);
    // Updating, patching or deleting another institution's patient.
    const p3 = await json<Patient>(await t.request('GET', '/fhir/R4/Patient/demo-p3', { token: tokens.admin }));
    await expectOutcome(await t.request('PUT', '/fhir/R4/Patient/demo-p3', { token: tokens['lead.doctor'], body: { ...p3, active: false } }), 403);
    await expectOutcome(
      await t.request('PATCH', '/fhir/R4/Patient/demo-p3', { token: tokens['lead.doctor'], body: [{ op: 'replace', path: '/active', value: false }], headers: { 'content-type': 'application/json-patch+json' } }),
      403,
    );
    await expectOutcome(await t.request('DELETE', '/fhir/R4/Patient/demo-p3', { token: tokens['lead.admin'] }), 403);
    // Nor through a transaction.
    const tx = await t.request('POST', '/fhir/R4', {
      token: tokens['lead.doctor'],
      body: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', name: [{ family: `Ok${run}` }] }, request: { method: 'POST', url: 'Patient' } }, { resource: foreign, request: { method: 'POST', url: 'Patient' } }] },
    });
    await expectOutcome(tx, 403);
    expect(await snapshot(t, tokens.admin)).toEqual(before);

    // Restamping one's own patient with another institution does not move it.
    const p1 = await json<Patient>(await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: tokens['lead.doctor'] }));
    const moved = await t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: tokens['lead.doctor'], body: { ...p1, meta: { extension: foreign.meta!.extension } } });
    expect([200, 403]).toContain(moved.status);
    const after = await json<Patient>(await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: tokens.admin }));
    expect(after.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION)?.valueReference?.reference).toBe('Organization/lead-hospital');
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: tokens['hexi.doctor'] }), 403);
  });

  it('the auditor cannot read patients (403) but can read the audit log', async () => {
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: tokens.commission }), 403);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient', { token: tokens.commission }), 403);
    await expectOutcome(await t.request('POST', '/fhir/R4/Patient', { token: tokens.commission, body: { resourceType: 'Patient' } }), 403);
    const audit = await t.request('GET', '/api/audit?count=5', { token: tokens.commission });
    expect(audit.status).toBe(200);
    const log = await json<{ total: number; entries: unknown[] }>(audit);
    expect(log.total).toBeGreaterThan(0);
    expect(log.entries.length).toBeGreaterThan(0);
    // And a doctor cannot read the audit log.
    await expectOutcome(await t.request('GET', '/api/audit', { token: tokens['lead.doctor'] }), 403);
  });

  it('policies API: an allow for hexi.doctor over lead-hospital data in a data period takes effect at once', async () => {
    const id = `hexi-reads-lead-${run}`;
    // Observations of lead-hospital with clinical dates inside and outside the period.
    const inPeriod = await json<Observation>(
      await t.request('POST', '/fhir/R4/Observation', { token: tokens['lead.doctor'], body: { resourceType: 'Observation', status: 'final', code: { text: `period-${run}` }, subject: { reference: 'Patient/demo-p1' }, effectiveDateTime: '1958-06-01' } }),
    );
    const outside = await json<Observation>(
      await t.request('POST', '/fhir/R4/Observation', { token: tokens['lead.doctor'], body: { resourceType: 'Observation', status: 'final', code: { text: `period-${run}` }, subject: { reference: 'Patient/demo-p1' }, effectiveDateTime: '2023-06-01' } }),
    );
    expect(await countOf(t, tokens['hexi.doctor'], 'Observation', `code:text=period-${run}`)).toBe(0);

    const policy = {
      name: '河西医生查阅县医院 1950–1960 年数据 / hexi doctor reads lead-hospital data of 1950–1960',
      effect: 'allow',
      access: ['read'],
      subjects: { users: ['hexi.doctor'] },
      institutions: ['lead-hospital'],
      dataPeriod: { from: '1950-01-01T00:00:00Z', to: '1960-12-31T23:59:59Z' },
    };
    const saved = await t.request('PUT', `/api/admin/policies/${id}`, { token: tokens.admin, body: policy, headers: JSON_HEADERS });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toMatchObject({ id, effect: 'allow' });
    expect((await json<{ id: string }[]>(await t.request('GET', '/api/admin/policies', { token: tokens.admin }))).map((p) => p.id)).toContain(id);

    // At once, without logging in again: demo-p1 (born 1956) and the 1958 observation become visible, nothing else.
    expect(await visiblePatients('hexi.doctor')).toEqual(['demo-p1', 'demo-p3']);
    expect(idsOf(await json<Bundle>(await t.request('GET', `/fhir/R4/Observation?code:text=period-${run}`, { token: tokens['hexi.doctor'] })))).toEqual([`Observation/${inPeriod.id}`]);
    expect((await t.request('GET', `/fhir/R4/Observation/${inPeriod.id}`, { token: tokens['hexi.doctor'] })).status).toBe(200);
    await expectOutcome(await t.request('GET', `/fhir/R4/Observation/${outside.id}`, { token: tokens['hexi.doctor'] }), 403);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p2', { token: tokens['hexi.doctor'] }), 403);
    // Read only: writing is still refused.
    const p1 = await json<Patient>(await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: tokens['hexi.doctor'] }));
    await expectOutcome(await t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: tokens['hexi.doctor'], body: { ...p1, active: false } }), 403);
    // Other users are unaffected.
    expect(await visiblePatients('lead.registrar')).toEqual(['demo-p1', 'demo-p2']);

    // Removing the policy takes effect at once too.
    expect((await t.request('DELETE', `/api/admin/policies/${id}`, { token: tokens.admin })).status).toBe(204);
    expect(await visiblePatients('hexi.doctor')).toEqual(['demo-p3']);
    await expectOutcome(await t.request('DELETE', `/api/admin/policies/${id}`, { token: tokens.admin }), 404);
  });

  it('a malformed policy → 400 naming the field, and nothing is saved', async () => {
    const valid = { name: 'x', effect: 'allow', access: ['read'], subjects: { users: ['hexi.doctor'] } };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, effect: 'maybe' }, 'effect'],
      [{ ...valid, access: ['execute'] }, 'access'],
      [{ ...valid, access: [] }, 'access'],
      [{ ...valid, name: '' }, 'name'],
      [{ ...valid, subjects: undefined }, 'subjects'],
      // Would make every later store call throw if it were saved.
      [{ ...valid, subjects: { roles: 'doctor' } }, 'subjects.roles'],
      [{ ...valid, subjects: { groups: ['x'] } }, 'subjects.groups'],
      [{ ...valid, subjects: { everyone: 'yes' } }, 'subjects.everyone'],
      [{ ...valid, institutions: 'lead-hospital' }, 'institutions'],
      [{ ...valid, dataPeriod: { from: 'last year' } }, 'dataPeriod.from'],
      [{ ...valid, validTo: 'soon' }, 'validTo'],
    ];
    for (const [body, field] of cases) {
      const o = await expectOutcome(await t.request('PUT', `/api/admin/policies/bad-${run}`, { token: tokens.admin, body, headers: JSON_HEADERS }), 400);
      expect(o.issue[0].expression, field).toEqual([field]);
      expect(outcomeText(o)).toContain(field);
    }
    await expectOutcome(await t.request('PUT', '/api/admin/policies/bad%20id', { token: tokens.admin, body: valid, headers: JSON_HEADERS }), 400);
    const all = await json<{ id: string }[]>(await t.request('GET', '/api/admin/policies', { token: tokens.admin }));
    expect(all.map((p) => p.id)).not.toContain(`bad-${run}`);
    expect(await visiblePatients('hexi.doctor')).toEqual(['demo-p3']);
  });

  it('a doctor (or institution admin) calling the policies API → 403', async () => {
    const body = { name: 'grab all', effect: 'allow', access: ['read', 'write'], subjects: { everyone: true } };
    for (const user of ['lead.doctor', 'lead.admin', 'commission']) {
      await expectOutcome(await t.request('GET', '/api/admin/policies', { token: tokens[user] }), 403);
      await expectOutcome(await t.request('PUT', `/api/admin/policies/grab-${run}`, { token: tokens[user], body, headers: JSON_HEADERS }), 403);
      await expectOutcome(await t.request('DELETE', '/api/admin/policies/staff-own-institution', { token: tokens[user] }), 403);
    }
    expect(await visiblePatients('lead.doctor')).toEqual(['demo-p1', 'demo-p2', 'demo-p5']);
    expect((await json<{ id: string }[]>(await t.request('GET', '/api/admin/policies', { token: tokens.admin }))).map((p) => p.id)).toEqual(
      expect.arrayContaining(['staff-own-institution', 'vip-hidden-from-clerks']),
    );
  });

  it('an institution admin cannot escalate: no region admins, no foreign institutions, no roles beyond their own', async () => {
    const la = tokens['lead.admin'];
    const me = await json<{ id: string }>(await t.request('GET', '/auth/me', { token: la }));
    const post = (path: string, body: unknown) => t.request('POST', path, { token: la, body, headers: JSON_HEADERS });

    await expectOutcome(await post('/api/admin/users', { username: `evil-ra-${run}`, password: 'Evil@12345', regionAdmin: true }), 403);
    await expectOutcome(await post('/api/admin/users', { username: `evil-role-${run}`, password: 'Evil@12345', roles: [{ role: 'region-admin' }] }), 403);
    await expectOutcome(await post('/api/admin/users', { username: `evil-hexi-${run}`, password: 'Evil@12345', roles: [{ role: 'doctor', institution: 'thc-hexi' }] }), 403);
    await expectOutcome(await post('/api/admin/users', { username: `evil-aud-${run}`, password: 'Evil@12345', roles: [{ role: 'auditor', institution: 'lead-hospital' }] }), 403);
    await expectOutcome(await post(`/api/admin/users/${me.id}/roles`, { role: 'region-admin' }), 403);
    await expectOutcome(await post(`/api/admin/users/${me.id}/roles`, { role: 'institution-admin', institution: 'thc-hexi' }), 403);
    await expectOutcome(await post('/api/admin/clients', { name: 'evil', institution: 'thc-hexi', roles: ['interface'] }), 403);
    await expectOutcome(await post('/api/admin/clients', { name: 'evil', roles: ['interface'] }), 403);
    await expectOutcome(await post('/api/admin/clients', { name: 'evil', institution: 'lead-hospital', roles: ['region-admin'] }), 403);
    for (const username of [`evil-ra-${run}`, `evil-role-${run}`, `evil-hexi-${run}`, `evil-aud-${run}`]) {
      await expectOutcome(await t.request('POST', '/auth/login', { body: { username, password: 'Evil@12345' }, headers: JSON_HEADERS }), 401);
    }
    const after = await json<{ roles: string[]; institutions: string[]; regionAdmin: boolean }>(await t.request('GET', '/auth/me', { token: la }));
    expect(after).toMatchObject({ roles: ['institution-admin'], institutions: ['lead-hospital'], regionAdmin: false });

    // Within their institution and their own permissions they may manage staff and clients.
    expect((await post('/api/admin/users', { username: `nurse-${run}`, password: 'Nurse@12345', roles: [{ role: 'nurse', institution: 'lead-hospital' }] })).status).toBe(201);
    expect((await post('/api/admin/clients', { name: `lis-${run}`, institution: 'lead-hospital', roles: ['interface'] })).status).toBe(201);
    const nurse = await t.login(`nurse-${run}`, 'Nurse@12345');
    expect(await json(await t.request('GET', '/auth/me', { token: nurse }))).toMatchObject({ institution: 'lead-hospital', roles: ['nurse'], regionAdmin: false });
    // The region administrator may still create a region administrator.
    const ra = await t.request('POST', '/api/admin/users', { token: tokens.admin, body: { username: `ra-${run}`, password: 'Region@12345', regionAdmin: true }, headers: JSON_HEADERS });
    expect(ra.status).toBe(201);
    expect((await json<{ regionAdmin: boolean }>(ra)).regionAdmin).toBe(true);
  });
});
