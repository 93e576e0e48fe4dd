import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../../src/access/policy.ts';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import type { Db, Queryable } from '../../src/db/types.ts';
import { FhirError } from '../../src/fhir/errors.ts';
import type { RequestContext, StoreAuditEntry } from '../../src/store/context.ts';
import { FhirStore, type StoreChange, type UpdateManyEntry } from '../../src/store/fhir-store.ts';
import { testDbFactories } from '../dbs.ts';
import { as, counts, fhirError, openStore, user, type StoreFixture } from './helpers.ts';

const system: RequestContext = { principal: SYSTEM_PRINCIPAL };
const VIP = { system: 'http://medunion.org/fhir/CodeSystem/patient-category', code: 'VIP' };
const INDEX_TABLES = ['sp_string', 'sp_token', 'sp_date', 'sp_number', 'sp_quantity', 'sp_reference', 'sp_uri'];
const nameEntry = (i: number, err: FhirError) => new FhirError(err.status, `entry ${i}: ${err.message}`);

const patient = (id: string, family: string, extra: Partial<Patient> = {}): Patient => ({ resourceType: 'Patient', id, name: [{ family, given: ['三'] }], gender: 'male', birthDate: '1980-05-01', ...extra });
const observation = (id: string, value: number): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
  subject: { reference: 'Patient/shared-subject' },
  effectiveDateTime: '2024-03-01T10:00:00+08:00',
  valueQuantity: { value, unit: 'g/L' },
});

/**
 * The same scenario for a set of ids with prefix `p`: stored first (one of them then deleted), and the
 * updates applied to it — changed, unchanged, resurrected after a delete, new (update-as-create), moved.
 */
function scenario(p: string) {
  const seed: [Resource, string][] = [
    [patient(`${p}-changed`, '张'), 'org-a'],
    [patient(`${p}-same`, '李'), 'org-a'],
    [patient(`${p}-vip`, '王'), 'org-a'],
    [patient(`${p}-deleted`, '赵'), 'org-b'],
    [observation(`${p}-obs`, 120), 'org-a'],
  ];
  const updates: UpdateManyEntry[] = [
    { resource: patient(`${p}-changed`, '张', { name: [{ family: '张', given: ['四'] }], telecom: [{ system: 'phone', value: '13800000000' }] }), ifMatch: 'W/"1"' },
    { resource: patient(`${p}-same`, '李') },
    { resource: patient(`${p}-vip`, '王', { meta: { security: [VIP], source: 'his://org-a' } }), institution: 'org-b' },
    { resource: patient(`${p}-deleted`, '赵', { birthDate: '1981-01-01' }) },
    { resource: patient(`${p}-new`, '钱') },
    { resource: observation(`${p}-obs`, 135) },
  ];
  return { seed, updates, deleted: `${p}-deleted` };
}

/** Everything the store wrote for one resource, with the id prefix and surrogate key taken out. */
async function footprint(q: Queryable, resourceType: string, id: string, prefix: string) {
  const strip = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(`${prefix}-`, 'X-').replace(/"lastUpdated":"[^"]+"/g, '"lastUpdated":"T"'));
  const { rows } = await q.query<{ rk: number; version_id: number; deleted: boolean; institution: string | null; patient_ids: string[]; security: string[]; source: string | null; data_time: Date | null; content: Resource }>(
    'select rk, version_id, deleted, institution, patient_ids, security, source, data_time, content from fhir_resource where resource_type = $1 and id = $2',
    [resourceType, id],
  );
  const { rk, data_time, ...row } = rows[0];
  const history = await q.query('select version_id, deleted, institution, content from fhir_history where resource_type = $1 and id = $2 order by version_id', [resourceType, id]);
  const index: Record<string, unknown[]> = {};
  for (const table of INDEX_TABLES) {
    const { rows: ix } = await q.query<Record<string, unknown>>(`select * from ${table} where rk = $1`, [rk]);
    index[table] = ix.map(({ rk: _rk, ...rest }) => JSON.stringify(rest)).sort();
  }
  return strip({ row: { ...row, data_time: data_time ? new Date(data_time).toISOString() : null }, history: history.rows, index });
}

/** A store over `db` that counts the statements its write transactions send (commit and rollback aside). */
function countingStore(db: Db, policies: () => Promise<AccessPolicy[]>): { store: FhirStore; statements: () => number } {
  let statements = 0;
  const counted: Db = {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => (statements++, tx.query(sql, params)) })),
  };
  return { store: new FhirStore({ db: counted, policies }), statements: () => statements };
}

const factories = await testDbFactories();

describe.each(factories)('updateManyIn on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;
  const audits: StoreAuditEntry[] = [];
  const changes: StoreChange[] = [];

  beforeAll(async () => {
    fx = await openStore(factory);
    store = new FhirStore({
      db: fx.db,
      policies: () => fx.repo.all(),
      outbox: async (_tx, list) => void changes.push(...list),
      audit: { record: async (entry) => void audits.push(entry) },
    });
    await store.update(system, patient('shared-subject', '孙'), { institution: 'org-a' });
  });
  afterAll(() => fx?.close());
  beforeEach(async () => {
    for (const p of await fx.repo.all()) await fx.repo.remove(p.id);
  });

  async function seed(s: ReturnType<typeof scenario>) {
    for (const [resource, institution] of s.seed) await store.update(system, resource, { institution });
    await store.delete(system, 'Patient', s.deleted);
  }

  it('writes exactly what the same updates one by one write: rows, history, index rows, events and audit', async () => {
    const one = scenario('one');
    const bulk = scenario('bulk');
    await seed(one);
    await seed(bulk);

    const c0 = changes.length;
    const a0 = audits.length;
    const singles = await store.inUnit(system, async (unit) => {
      const out = [];
      for (const u of one.updates) out.push(await store.updateIn(unit, system, u.resource, { ifMatch: u.ifMatch, institution: u.institution }));
      return out;
    });
    const singleChanges = changes.slice(c0);
    const singleAudits = audits.slice(a0);

    const c1 = changes.length;
    const a1 = audits.length;
    const many = await store.inUnit(system, (unit) => store.updateManyIn(unit, system, bulk.updates, nameEntry));
    const bulkChanges = changes.slice(c1);
    const bulkAudits = audits.slice(a1);

    expect(many.map((r) => `${r.status}:${r.outcome}`)).toEqual(singles.map((r) => `${r.status}:${r.outcome}`));
    expect(many.map((r) => r.outcome)).toEqual(['updated', 'unchanged', 'updated', 'updated', 'created', 'updated']);
    for (const u of one.updates) {
      const id = u.resource.id!.replace(/^one-/, '');
      expect(await footprint(fx.db, u.resource.resourceType, `bulk-${id}`, 'bulk'), id).toEqual(await footprint(fx.db, u.resource.resourceType, `one-${id}`, 'one'));
    }
    const describeChange = (c: StoreChange, p: string) => `${c.action} ${c.resource.resourceType}/${c.resource.id!.replace(`${p}-`, '')} v${c.resource.meta?.versionId} ${c.institution}`;
    expect(bulkChanges.map((c) => describeChange(c, 'bulk'))).toEqual(singleChanges.map((c) => describeChange(c, 'one')));
    const describeAudit = (a: StoreAuditEntry, p: string) => `${a.action}:${a.outcome} ${a.resourceType}/${a.resourceId?.replace(`${p}-`, '')} ${a.institution} ${a.patientId?.replace(`${p}-`, '')}`;
    expect(bulkAudits.map((a) => describeAudit(a, 'bulk'))).toEqual(singleAudits.map((a) => describeAudit(a, 'one')));
    // The bulk write is found by search like the single ones.
    const found = await store.search(system, 'Patient', [['telecom', '13800000000']]);
    expect(found.resources.map((r) => r.id).sort()).toEqual(['bulk-changed', 'one-changed']);
  });

  it('costs the same number of statements for 3 resources as for 60', async () => {
    const make = (n: number, p: string) => Array.from({ length: n }, (_, i) => patient(`${p}-${i}`, '周'));
    const small = make(3, 'small');
    const large = make(60, 'large');
    await store.inUnit(system, (unit) => store.createManyIn(unit, system, [...small, ...large].map((r) => ({ resource: r, id: r.id! })), nameEntry));
    const edit = (r: Patient): UpdateManyEntry => ({ resource: { ...r, gender: 'female' }, ifMatch: '1' });
    const counting = countingStore(fx.db, () => fx.repo.all());
    const run = async (entries: UpdateManyEntry[]) => {
      const before = counting.statements();
      const result = await counting.store.inUnit(system, (unit) => counting.store.updateManyIn(unit, system, entries, nameEntry));
      return { result, statements: counting.statements() - before };
    };
    const a = await run(small.map(edit));
    const b = await run(large.map(edit));
    expect(b.result.every((r) => r.outcome === 'updated' && r.resource.meta?.versionId === '2')).toBe(true);
    expect(b.statements).toBe(a.statements);
    expect(a.statements).toBe(3); // lock and read the rows; rewrite them and drop their index rows; history + new index rows
    // One update at a time costs three statements per resource (lock, rewrite, index delete) plus the flush.
    const single = await counting.store.inUnit(system, async (unit) => {
      const before = counting.statements();
      for (const r of small) await counting.store.updateIn(unit, system, { ...r, gender: 'other' }, {});
      return counting.statements() - before;
    });
    expect(single).toBe(3 * small.length);
  });

  it('a stale version aborts the whole unit, names the entry, and writes nothing', async () => {
    await seed(scenario('stale'));
    const before = await counts(fx.db);
    const c0 = changes.length;
    const entries: UpdateManyEntry[] = [
      { resource: patient('stale-changed', '张', { gender: 'female' }), ifMatch: '1' },
      { resource: patient('stale-same', '李', { gender: 'female' }), ifMatch: 'W/"7"' },
      { resource: patient('stale-brand-new', '吴') },
    ];
    const err = await fhirError(store.inUnit(system, (unit) => store.updateManyIn(unit, system, entries, nameEntry)));
    expect(err.status).toBe(412);
    expect(err.message).toMatch(/^entry 1: Version conflict: Patient\/stale-same is at version 1/);
    expect(await counts(fx.db)).toEqual(before);
    expect(changes.length).toBe(c0);
    expect(((await store.read(system, 'Patient', 'stale-changed')) as Patient).gender).toBe('male');
    // If-Match on an id that does not exist cannot match either.
    const missing = await fhirError(store.inUnit(system, (unit) => store.updateManyIn(unit, system, [{ resource: patient('stale-nowhere', '吴'), ifMatch: '1' }], nameEntry)));
    expect([missing.status, missing.message]).toEqual([412, 'entry 0: Patient/stale-nowhere does not exist, so If-Match cannot match']);
  });

  it('refuses bad entries before touching the database: no id, the same resource twice, invalid content', async () => {
    const before = await counts(fx.db);
    const run = (entries: UpdateManyEntry[]) => fhirError(store.inUnit(system, (unit) => store.updateManyIn(unit, system, entries, nameEntry)));
    const noId = await run([{ resource: patient('x-ok', '吴') }, { resource: { resourceType: 'Patient' } }]);
    expect([noId.status, noId.message]).toEqual([400, 'entry 1: Resource id is required for update']);
    const twice = await run([{ resource: patient('x-twice', '吴') }, { resource: patient('x-twice', '郑') }]);
    expect([twice.status, twice.message]).toEqual([400, 'entry 1: Patient/x-twice appears more than once in one bulk update']);
    const invalid = await run([{ resource: { ...patient('x-bad', '吴'), birthDate: 'yesterday' } }]);
    expect(invalid.status).toBe(400);
    expect(invalid.message).toMatch(/^entry 0: /);
    expect(await counts(fx.db)).toEqual(before);
  });

  describe('for callers other than the system', () => {
    const doctor = as(user());
    let policySeq = 0;
    const allow = (p: Partial<AccessPolicy>) =>
      fx.repo.upsert({ id: `um-${++policySeq}`, name: 'update-many test', effect: 'allow', access: ['read', 'write'], subjects: { everyone: true }, ...p });

    it('updates what the write policies allow, as the caller', async () => {
      await seed(scenario('own'));
      await allow({ institutions: ['$own'] });
      const result = await store.inUnit(doctor, (unit) =>
        store.updateManyIn(unit, doctor, [{ resource: patient('own-changed', '张', { gender: 'female' }) }, { resource: patient('own-vip', '王', { gender: 'female' }) }], nameEntry),
      );
      expect(result.map((r) => `${r.outcome} v${r.resource.meta?.versionId}`)).toEqual(['updated v2', 'updated v2']);
      expect(audits.slice(-2).map((a) => `${a.action}:${a.outcome} ${a.principal.id}`)).toEqual(['update:0 u-doc-a', 'update:0 u-doc-a']);
    });

    it('a row the caller may not write aborts the unit and names its entry (403), before any version check', async () => {
      await seed(scenario('other'));
      await allow({ institutions: ['$own'] });
      const before = await counts(fx.db);
      const entries: UpdateManyEntry[] = [
        { resource: patient('other-changed', '张', { gender: 'female' }) },
        // org-b's row, with a wrong version: the answer must be 403, not a 412 that reveals its version
        { resource: patient('other-deleted', '赵'), ifMatch: '99' },
      ];
      const err = await fhirError(store.inUnit(doctor, (unit) => store.updateManyIn(unit, doctor, entries, nameEntry)));
      expect([err.status, err.message]).toEqual([403, 'entry 1: Writing this Patient is not allowed by any policy']);
      expect(await counts(fx.db)).toEqual(before);
      expect(audits.slice(-2).map((a) => `${a.action}:${a.outcome}`)).toEqual(['update:4', 'update:4']);
    });

    it('a change that would take the row out of the caller’s reach is refused (checked after writing), and so is a move to another institution', async () => {
      await seed(scenario('reach'));
      await allow({ institutions: ['$own'], sources: ['his://org-a'] });
      await store.update(system, patient('reach-sourced', '冯', { meta: { source: 'his://org-a' } }), { institution: 'org-a' });
      const before = await counts(fx.db);
      const away = await fhirError(
        store.inUnit(doctor, (unit) => store.updateManyIn(unit, doctor, [{ resource: patient('reach-sourced', '冯', { meta: { source: 'his://elsewhere' } }) }], nameEntry)),
      );
      expect([away.status, away.message]).toEqual([403, 'entry 0: Writing this Patient is not allowed by any policy']);
      const moved = await fhirError(store.inUnit(doctor, (unit) => store.updateManyIn(unit, doctor, [{ resource: patient('reach-sourced', '冯', { meta: { source: 'his://org-a' } }), institution: 'org-b' }], nameEntry)));
      expect(moved.status).toBe(403);
      expect(await counts(fx.db)).toEqual(before);
    });

    it('needs fhir.update, and trusted writes are for system callers only', async () => {
      await allow({});
      const reader = as(user({ permissions: ['fhir.read'] }));
      const noPermission = await fhirError(store.inUnit(reader, (unit) => store.updateManyIn(unit, reader, [{ resource: patient('perm-x', '吴') }], nameEntry)));
      expect(noPermission.status).toBe(403);
      const trusted = await fhirError(store.inUnit(doctor, (unit) => store.updateManyIn(unit, doctor, [{ resource: patient('perm-y', '吴') }], nameEntry, { trusted: true })));
      expect(trusted.status).toBe(403);
      expect(trusted.message).toMatch(/trusted/);
    });
  });
});
