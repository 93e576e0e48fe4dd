import type { AuditEvent, Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { DEMO_PASSWORD, startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, json, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };

interface AuditPage {
  total: number;
  entries: AuditEvent[];
}

describe.each(factories)('audit trail over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  let auditor: string;
  let doctor: string;
  let doctorId: string;
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
    auditor = await t.login('commission');
    doctor = await t.login('lead.doctor');
    doctorId = (await json<{ id: string }>(await t.request('GET', '/auth/me', { token: doctor }))).id;
  });
  afterAll(async () => t?.close());

  async function auditLog(query: Record<string, string>, token = auditor): Promise<AuditPage> {
    const res = await t.request('GET', `/api/audit?${new URLSearchParams(query)}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    return json<AuditPage>(res);
  }
  const decodedQuery = (e: AuditEvent) => (e.entity ?? []).map((x) => (x.query ? Buffer.from(x.query, 'base64').toString('utf8') : '')).join(' ');

  it('records every create, read, search, and failed read, filterable by agent, action and resource', async () => {
    const created = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: doctor, body: { resourceType: 'Patient', name: [{ family: `Audit${run}` }] } }));
    expect((await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: doctor })).status).toBe(200);
    expect((await t.request('GET', `/fhir/R4/Patient?family=Audit${run}`, { token: doctor })).status).toBe(200);
    expect((await t.request('GET', '/fhir/R4/Patient/demo-p3', { token: doctor })).status).toBe(403);

    const creates = await auditLog({ agentId: doctorId, action: 'create', resourceId: created.id! });
    expect(creates.total).toBe(1);
    expect(creates.entries[0]).toMatchObject({ resourceType: 'AuditEvent', action: 'C', outcome: '0', source: { site: 'lead-hospital' } });
    expect(creates.entries[0].agent[0]).toMatchObject({ altId: 'lead.doctor', who: { reference: 'Practitioner/demo-lead-doctor' } });
    expect(creates.entries[0].agent[0].network?.address).toBe('127.0.0.1');
    expect(creates.entries[0].entity?.[0].what?.reference).toBe(`Patient/${created.id}`);

    const reads = await auditLog({ agentId: doctorId, action: 'read', resourceId: created.id! });
    expect(reads.total).toBe(1);
    expect(reads.entries[0]).toMatchObject({ action: 'R', outcome: '0' });
    // The patient reference makes the read findable by patient too.
    expect((await auditLog({ patientId: created.id!, action: 'read' })).total).toBe(1);

    const searches = await auditLog({ agentId: doctorId, action: 'search', resourceType: 'Patient' });
    expect(searches.entries.some((e) => decodedQuery(e).includes(`family=Audit${run}`))).toBe(true);

    const denied = await auditLog({ agentId: doctorId, action: 'read', resourceId: 'demo-p3' });
    expect(denied.total).toBe(1);
    expect(denied.entries[0].outcome).toBe('4');
    expect((await auditLog({ agentId: doctorId, outcome: '4' })).total).toBeGreaterThanOrEqual(1);

    // Updates, deletes and failed (rejected) writes too.
    await t.request('PUT', `/fhir/R4/Patient/${created.id}`, { token: doctor, body: { ...created, active: true } });
    await t.request('DELETE', `/fhir/R4/Patient/${created.id}`, { token: admin });
    await t.request('PUT', '/fhir/R4/Patient/demo-p3', { token: doctor, body: { resourceType: 'Patient', id: 'demo-p3' } });
    expect((await auditLog({ agentId: doctorId, action: 'update', resourceId: created.id! })).total).toBe(1);
    expect((await auditLog({ action: 'delete', resourceId: created.id! })).entries[0]).toMatchObject({ action: 'D', outcome: '0' });
    expect((await auditLog({ agentId: doctorId, action: 'update', resourceId: 'demo-p3' })).entries[0]?.outcome).toBe('4');
  });

  it('records login success and failure', async () => {
    const me = await json<{ id: string }>(await t.request('GET', '/auth/me', { token: await t.login('hexi.lab') }));
    const before = (await auditLog({ agentId: me.id, action: 'login' })).entries;
    expect(before.filter((e) => e.outcome === '0')).toHaveLength(1);
    expect(before.filter((e) => e.outcome !== '0')).toHaveLength(0);

    const failed = await t.request('POST', '/auth/login', { body: { username: 'hexi.lab', password: 'Wrong@123' }, headers: JSON_HEADERS });
    expect(failed.status).toBe(401);
    await t.request('POST', '/auth/login', { body: { username: `ghost-${run}`, password: 'Wrong@123' }, headers: JSON_HEADERS });
    expect((await t.request('POST', '/auth/login', { body: { username: 'hexi.lab', password: DEMO_PASSWORD }, headers: JSON_HEADERS })).status).toBe(200);

    const after = (await auditLog({ agentId: me.id, action: 'login' })).entries;
    expect(after.filter((e) => e.outcome === '0')).toHaveLength(2);
    const failure = after.filter((e) => e.outcome === '4');
    expect(failure).toHaveLength(1);
    expect(failure[0].outcomeDesc).toBe('wrong-password');
    expect(failure[0].subtype?.[0].code).toBe('110122');
    // An unknown username is recorded under the name tried; the password never appears anywhere.
    const ghost = await auditLog({ agentId: `ghost-${run}`, action: 'login' });
    expect(ghost.entries[0]).toMatchObject({ outcome: '4', outcomeDesc: 'unknown-user' });
    expect(JSON.stringify(await auditLog({ action: 'login', count: '1000' }))).not.toContain('Wrong@123');
  });

  it('/fhir/R4/AuditEvent search and read work for the auditor; writes are 405, also inside Bundles', async () => {
    const created = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: doctor, body: { resourceType: 'Patient', name: [{ family: `AE${run}` }] } }));
    const res = await t.request('GET', `/fhir/R4/AuditEvent?agent=${doctorId}&subtype=create&entity=Patient/${created.id}`, { token: auditor });
    expect(res.status).toBe(200);
    const bundle = await json<Bundle<AuditEvent>>(res);
    expect(bundle.type).toBe('searchset');
    expect(bundle.total).toBe(1);
    const entry = bundle.entry![0];
    expect(entry.resource).toMatchObject({ resourceType: 'AuditEvent', action: 'C', entity: [{ what: { reference: `Patient/${created.id}` } }] });
    // The entry's fullUrl can be read back, and is the same audit record.
    const read = await fetch(entry.fullUrl!, { headers: { authorization: `Bearer ${auditor}` } });
    expect(read.status).toBe(200);
    expect(await json<AuditEvent>(read)).toEqual(entry.resource);
    await expectOutcome(await t.request('GET', '/fhir/R4/AuditEvent/999999999', { token: auditor }), 404);
    await expectOutcome(await t.request('GET', `/fhir/R4/AuditEvent/${entry.resource!.id}`, { token: doctor }), 403);

    // Paging: next links walk the trail without duplicates.
    const seen = new Set<string>();
    let url: string | undefined = `${t.url}/fhir/R4/AuditEvent?agent=${doctorId}&_count=2`;
    let total = 0;
    for (let pages = 0; url; pages++) {
      if (pages > 100) throw new Error('next links do not end');
      const page: Bundle<AuditEvent> = await json<Bundle<AuditEvent>>(await fetch(url, { headers: { authorization: `Bearer ${auditor}` } }));
      total = page.total!;
      for (const e of page.entry ?? []) {
        expect(seen.has(e.resource!.id!)).toBe(false);
        seen.add(e.resource!.id!);
      }
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(seen.size).toBe(total);
    await expectOutcome(await t.request('GET', '/fhir/R4/AuditEvent?_count=-5', { token: auditor }), 400);
    await expectOutcome(await t.request('GET', '/fhir/R4/AuditEvent?_count=abc', { token: auditor }), 400);
    // Non-auditors cannot search the trail.
    await expectOutcome(await t.request('GET', '/fhir/R4/AuditEvent', { token: doctor }), 403);

    const event = { ...entry.resource!, id: undefined, outcomeDesc: 'forged' };
    const before = await t.request('GET', '/api/audit?count=1', { token: auditor }).then((r) => json<AuditPage>(r));
    for (const [method, path] of [
      ['POST', '/fhir/R4/AuditEvent'],
      ['PUT', `/fhir/R4/AuditEvent/${entry.resource!.id}`],
      ['PUT', '/fhir/R4/AuditEvent?entity=x'],
      ['PATCH', `/fhir/R4/AuditEvent/${entry.resource!.id}`],
      ['DELETE', `/fhir/R4/AuditEvent/${entry.resource!.id}`],
      ['DELETE', '/fhir/R4/AuditEvent'],
    ] as const) {
      const body = method === 'PATCH' ? [{ op: 'replace', path: '/outcome', value: '0' }] : method === 'DELETE' ? undefined : event;
      const headers: Record<string, string> = method === 'PATCH' ? { 'content-type': 'application/json-patch+json' } : {};
      await expectOutcome(await t.request(method, path, { token: admin, body, headers }), 405);
    }
    // The same writes smuggled into a batch or transaction are refused as well: nothing lands in the store.
    for (const type of ['batch', 'transaction'] as const) {
      for (const request of [{ method: 'POST', url: 'AuditEvent' }, { method: 'PUT', url: `AuditEvent/${entry.resource!.id}` }, { method: 'DELETE', url: `/AuditEvent/${entry.resource!.id}` }] as const) {
        const bundleBody = { resourceType: 'Bundle', type, entry: [{ resource: request.method === 'DELETE' ? undefined : { ...event, id: request.method === 'PUT' ? entry.resource!.id : undefined }, request }] };
        await expectOutcome(await t.request('POST', '/fhir/R4', { token: admin, body: bundleBody }), 405);
      }
    }
    const unchanged = await json<AuditEvent>(await t.request('GET', `/fhir/R4/AuditEvent/${entry.resource!.id}`, { token: auditor }));
    expect(unchanged.outcomeDesc).toBeUndefined();
    const stored = await t.platform.kernel.db.query<{ n: number | string }>("select count(*) as n from fhir_resource where resource_type = 'AuditEvent'");
    expect(Number(stored.rows[0].n)).toBe(0);
    // Only our own audit reads were added to the chain meanwhile (no forged rows).
    const after = await t.request('GET', '/api/audit?count=1', { token: auditor }).then((r) => json<AuditPage>(r));
    expect(after.total).toBeGreaterThanOrEqual(before.total);
    expect(await json(await t.request('GET', '/api/audit/verify', { token: auditor }))).toMatchObject({ ok: true });
  });

  it('POST /AuditEvent/_search searches with form parameters (it is not a write)', async () => {
    const res = await t.request('POST', '/fhir/R4/AuditEvent/_search', { token: auditor, body: 'subtype=login&_count=3', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status, await res.clone().text()).toBe(200);
    const bundle = await json<Bundle>(res);
    expect(bundle.type).toBe('searchset');
    expect(bundle.entry!.length).toBeGreaterThan(0);
    expect(bundle.entry!.length).toBeLessThanOrEqual(3);
  });

  it('rejects a resource with inherited property names such as toString (prototype keys)', async () => {
    const res = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: { resourceType: 'Patient', toString: 'x' } });
    expect(res.status).toBe(400);
  });

  it("an institution admin sees only their institution's trail", async () => {
    const leadAdmin = await t.login('lead.admin');
    const page = await auditLog({ count: '1000' }, leadAdmin);
    expect(page.total).toBeGreaterThan(0);
    for (const e of page.entries) expect(e.source.site).toBe('lead-hospital');
    // Asking for another institution does not widen it.
    const other = await auditLog({ institution: 'thc-hexi', count: '1000' }, leadAdmin);
    for (const e of other.entries) expect(e.source.site).toBe('lead-hospital');
    await expectOutcome(await t.request('GET', '/api/audit/verify', { token: leadAdmin }), 403);
  });

  it('/api/audit/verify is ok, and names the first tampered entry', async () => {
    const ok = await t.request('GET', '/api/audit/verify', { token: auditor });
    expect(ok.status).toBe(200);
    const result = await json<{ ok: boolean; count: number; brokenAt?: number }>(ok);
    expect(result.ok).toBe(true);
    expect(result.count).toBeGreaterThan(5);

    await t.platform.kernel.db.query(`update audit_log set event = jsonb_set(event, '{outcomeDesc}', '"x"') where seq = 5`);
    const broken = await json<{ ok: boolean; brokenAt: number; reason: string }>(await t.request('GET', '/api/audit/verify', { token: auditor }));
    expect(broken).toMatchObject({ ok: false, brokenAt: 5 });
    expect(broken.reason).toMatch(/hash/);
    // The verification itself is audited.
    const verifies = await auditLog({ action: 'operation', count: '1000' });
    expect(verifies.entries.some((e) => e.outcomeDesc === 'audit verify: broken at 5')).toBe(true);
  });
});
