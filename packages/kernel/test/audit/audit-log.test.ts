import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_PRINCIPAL, type Principal } from '../../src/access/principal.ts';
import { AuditLog, auditMigrations } from '../../src/audit/index.ts';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { testDbFactories } from '../dbs.ts';

const doctor: Principal = {
  kind: 'user',
  id: 'u1',
  username: 'zhang.san',
  displayName: '张三',
  profile: 'Practitioner/p1',
  institution: 'org-a',
  institutions: ['org-a'],
  roles: ['doctor'],
  permissions: ['fhir.*'],
  regionAdmin: false,
};

const factories = await testDbFactories();

describe.each(factories)('AuditLog on $name', (factory) => {
  let db: Db;
  let audit: AuditLog;

  beforeAll(async () => {
    db = await factory.open();
    await runMigrations(db, auditMigrations);
  });
  afterAll(() => db.close());
  // The chain assertions depend on exact seq numbers, so every test starts from an empty log.
  beforeEach(async () => {
    await db.query('truncate audit_log');
    audit = new AuditLog(db);
  });

  it('builds a FHIR AuditEvent and chains entries', async () => {
    await audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: 'pt1', patientId: 'pt1', sourceIp: '10.0.0.5' });
    await audit.record({ action: 'search', principal: doctor, resourceType: 'Observation', patientId: 'pt1', query: 'patient=pt1&code=1234-5' });
    await audit.record({ action: 'login', outcome: '4', principal: { kind: 'anonymous', id: 'anon', username: 'li.si' }, detail: 'bad password' });

    expect(await audit.verify()).toEqual({ ok: true, count: 3 });
    const { total, entries } = await audit.search();
    expect(total).toBe(3);
    const [login, search, read] = entries;
    expect(read).toMatchObject({
      resourceType: 'AuditEvent',
      id: '1',
      type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }],
      action: 'R',
      outcome: '0',
      agent: [{ requestor: true, who: { reference: 'Practitioner/p1', display: '张三' }, network: { address: '10.0.0.5' } }],
      source: { site: 'org-a', observer: { display: 'Medunion' } },
      entity: [{ what: { reference: 'Patient/pt1' } }],
    });
    expect(Buffer.from(search.entity![0].query!, 'base64').toString()).toBe('patient=pt1&code=1234-5');
    expect(search.entity![1].what).toEqual({ reference: 'Patient/pt1' });
    expect(login).toMatchObject({
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110114' },
      action: 'E',
      outcome: '4',
      outcomeDesc: 'bad password',
      agent: [{ who: { display: 'li.si' }, altId: 'li.si' }],
    });
  });

  it('keeps a gapless valid chain under 200 concurrent records from two writers', async () => {
    // A second AuditLog stands in for a second process: only the advisory lock keeps them linear.
    const other = new AuditLog(db);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? audit : other).record({ action: 'read', principal: SYSTEM_PRINCIPAL, resourceType: 'Patient', resourceId: `p${i}` }),
      ),
    );
    expect(await audit.verify({ pageSize: 7 })).toEqual({ ok: true, count: 200 });
    const seqs = await db.query<{ seq: number }>('select seq from audit_log order by seq');
    expect(seqs.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('coalesces a burst of records into one transaction and resolves after commit', async () => {
    const transaction = vi.spyOn(db, 'transaction');
    try {
      await Promise.all(Array.from({ length: 50 }, (_, i) => audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: `p${i}` })));
      expect(transaction).toHaveBeenCalledTimes(1);
      expect((await audit.search({ count: 0 })).total).toBe(50);
    } finally {
      transaction.mockRestore();
    }
  });

  it('reports exactly the tampered entry', async () => {
    for (let i = 0; i < 10; i++) await audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: `p${i}` });
    await db.query(`update audit_log set event = jsonb_set(event, '{outcome}', '"8"') where seq = 6`);
    expect(await audit.verify({ pageSize: 4 })).toMatchObject({ ok: false, brokenAt: 6, count: 5 });
  });

  it('detects a deleted entry', async () => {
    for (let i = 0; i < 10; i++) await audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: `p${i}` });
    await db.query('delete from audit_log where seq = 4');
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: false, brokenAt: 5, count: 3 });
    await db.query('delete from audit_log where seq = 1');
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 2, count: 0 });
  });

  it('detects removal of the newest entries (the chain no longer ends at the recorded head)', async () => {
    for (let i = 0; i < 6; i++) await audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: `p${i}` });
    expect(await audit.verify()).toMatchObject({ ok: true, count: 6 });
    await db.query('delete from audit_log where seq > 4');
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 5, count: 4 });
  });

  it('filters searches', async () => {
    const nurse: Principal = { ...doctor, id: 'u2', profile: 'Practitioner/p2', institution: 'org-b', institutions: ['org-b'] };
    await audit.record({ action: 'read', principal: doctor, resourceType: 'Patient', resourceId: 'pt1', patientId: 'pt1' });
    await audit.record({ action: 'update', principal: nurse, resourceType: 'Observation', resourceId: 'o1', patientId: 'pt1' });
    await audit.record({ action: 'delete', outcome: '8', principal: nurse, resourceType: 'Observation', resourceId: 'o2', patientId: 'pt2' });
    // `recorded` has millisecond precision: keep `middle` clear of both neighbours.
    await new Promise((r) => setTimeout(r, 5));
    const middle = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await audit.record({ action: 'read', principal: doctor, resourceType: 'Observation', resourceId: 'o1', patientId: 'pt1' });

    const ids = async (params: Parameters<AuditLog['search']>[0]) => (await audit.search(params)).entries.map((e) => e.id);
    expect(await ids({ agentId: 'u2' })).toEqual(['3', '2']);
    expect(await ids({ institution: 'org-a' })).toEqual(['4', '1']);
    expect(await ids({ action: 'read', resourceType: 'Observation' })).toEqual(['4']);
    expect(await ids({ resourceType: 'Observation', resourceId: 'o1' })).toEqual(['4', '2']);
    expect(await ids({ patientId: 'pt1' })).toEqual(['4', '2', '1']);
    expect(await ids({ outcome: '8' })).toEqual(['3']);
    expect(await ids({ from: middle })).toEqual(['4']);
    expect(await ids({ to: middle.toISOString() })).toEqual(['3', '2', '1']);
    // Values are bound, never spliced into SQL.
    expect(await ids({ agentId: "u1' or '1'='1" })).toEqual([]);
    const page = await audit.search({ count: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.entries.map((e) => e.id)).toEqual(['3', '2']);
  });
});
