import type { Observation, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import type { FhirStore } from '../../src/store/fhir-store.ts';
import { counts, fhirError, ids, openStore, q, type StoreFixture } from './helpers.ts';
import { testDbFactories } from '../dbs.ts';

const OID = 'urn:oid:2.16.156.10011.1.3';
const ctx = { principal: SYSTEM_PRINCIPAL };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let seq = 0;
/** A valid Patient with a unique identifier (tests share one database, so every test uses its own data). */
function patient(extra: Partial<Patient> = {}): Patient {
  seq++;
  return {
    resourceType: 'Patient',
    identifier: [{ system: OID, value: `1101011980050${String(seq).padStart(5, '0')}` }],
    name: [{ text: '张三丰', family: '张', given: ['三丰'] }],
    gender: 'male',
    birthDate: '1980-05-01',
    ...extra,
  };
}

const factories = await testDbFactories();

describe.each(factories)('FhirStore CRUD on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;

  beforeAll(async () => {
    fx = await openStore(factory);
    store = fx.store;
  });
  afterAll(() => fx?.close());

  const searchIds = async (type: string, query: string) => ids((await store.search(ctx, type, q(query))).resources);

  describe('create / read / vread', () => {
    it('assigns a server id and version 1, and stores row, history and index rows', async () => {
      const before = await counts(fx.db);
      const input = { ...patient(), id: 'client-chosen' };
      const created = await store.create(ctx, input);
      expect(created.status).toBe(201);
      expect(created.outcome).toBe('created');
      const p = created.resource as Patient;
      expect(p.id).toMatch(UUID_RE); // a plain create ignores the client's id
      expect(p.meta?.versionId).toBe('1');
      expect(Date.parse(p.meta!.lastUpdated!)).toBeGreaterThan(Date.now() - 60_000);
      expect(input.meta).toBeUndefined(); // the caller's object is not mutated

      const after = await counts(fx.db);
      expect(after.resources).toBe(before.resources + 1);
      expect(after.history).toBe(before.history + 1);
      expect(after.index).toBeGreaterThan(before.index);

      expect(await store.read(ctx, 'Patient', p.id!)).toEqual(p);
      expect(await store.vread(ctx, 'Patient', p.id!, '1')).toEqual(p);
      expect((await fhirError(store.read(ctx, 'Patient', 'client-chosen'))).status).toBe(404);
      expect(await searchIds('Patient', `identifier=${OID}|${input.identifier![0].value}`)).toEqual([p.id]);
    });

    it('vread: unknown version 404, malformed version 400, unknown resource 404', async () => {
      const { resource } = await store.create(ctx, patient());
      expect((await fhirError(store.vread(ctx, 'Patient', resource.id!, '2'))).status).toBe(404);
      expect((await fhirError(store.vread(ctx, 'Patient', resource.id!, 'abc'))).status).toBe(400);
      expect((await fhirError(store.vread(ctx, 'Patient', resource.id!, '1; drop table fhir_history'))).status).toBe(400);
      expect((await fhirError(store.vread(ctx, 'Patient', 'nope', '1'))).status).toBe(404);
      expect((await fhirError(store.read(ctx, 'Patient', 'does-not-exist'))).status).toBe(404);
    });

    it('hands each committed change to the outbox', async () => {
      const n = fx.changes.length;
      const { resource } = await store.create(ctx, patient());
      expect(fx.changes.slice(n)).toMatchObject([{ action: 'create', resource: { id: resource.id } }]);
      await fhirError(store.create(ctx, { resourceType: 'Patient', gender: 'man' } as unknown as Resource));
      expect(fx.changes.length).toBe(n + 1); // a failed write reports nothing
    });
  });

  describe('update', () => {
    it('If-Match: the current version updates, a stale one is 412 and changes nothing', async () => {
      const { resource } = await store.create(ctx, patient());
      const id = resource.id!;
      const v2 = await store.update(ctx, { ...resource, gender: 'female' } as Patient, { ifMatch: 'W/"1"' });
      expect(v2).toMatchObject({ status: 200, outcome: 'updated', resource: { id, gender: 'female', meta: { versionId: '2' } } });

      const before = await counts(fx.db);
      const err = await fhirError(store.update(ctx, { ...resource, gender: 'other' } as Patient, { ifMatch: 'W/"1"' }));
      expect(err.status).toBe(412);
      expect(await counts(fx.db)).toEqual(before);
      expect(await store.read(ctx, 'Patient', id)).toMatchObject({ gender: 'female', meta: { versionId: '2' } });

      // strong and bare ETags are understood too
      const v3 = await store.update(ctx, { ...resource, gender: 'other' } as Patient, { ifMatch: '"2"' });
      expect(v3.resource.meta?.versionId).toBe('3');
      expect((await store.vread(ctx, 'Patient', id, '1')) as Patient).toMatchObject({ gender: 'male' });
      expect((await store.vread(ctx, 'Patient', id, '2')) as Patient).toMatchObject({ gender: 'female' });
    });

    it('concurrent updates: If-Match lets exactly one win; without it every update gets its own version', async () => {
      const { resource } = await store.create(ctx, patient());
      const id = resource.id!;
      const settled = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) => store.update(ctx, { ...resource, name: [{ text: `版本${i}` }] } as Patient, { ifMatch: 'W/"1"' })),
      );
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ status: 412 });

      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.update(ctx, { ...resource, name: [{ text: `并发${i}` }] } as Patient)));
      expect(results.map((r) => Number(r.resource.meta!.versionId)).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
      const history = await store.history(ctx, 'Patient', id);
      expect(history.total).toBe(10);
      expect((await store.read(ctx, 'Patient', id)).meta?.versionId).toBe('10');
    });

    it('concurrent update-as-create of one new id makes one resource and no database error', async () => {
      const p = patient();
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.update(ctx, { ...p, id: `race-${seq}`, name: [{ text: `竞争${i}` }] })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect((await store.history(ctx, 'Patient', `race-${seq}`)).total).toBe(6);
    });

    it('an update that changes nothing makes no new version', async () => {
      const { resource } = await store.create(ctx, patient());
      const before = await counts(fx.db);
      // same content, different key order and stale server metadata
      const { gender, birthDate, ...rest } = resource as Patient;
      const same = { birthDate, gender, ...rest, meta: { versionId: '99', lastUpdated: '2000-01-01T00:00:00Z' } } as Patient;
      const r = await store.update(ctx, same);
      expect(r).toMatchObject({ status: 200, outcome: 'unchanged' });
      expect(r.resource.meta).toEqual(resource.meta);
      expect(await counts(fx.db)).toEqual(before);
      expect((await store.history(ctx, 'Patient', resource.id)).total).toBe(1);
    });

    it('update-as-create keeps the client id; If-Match on a missing resource is 412', async () => {
      const created = await store.update(ctx, { ...patient(), id: 'pat-client-1' });
      expect(created).toMatchObject({ status: 201, outcome: 'created', resource: { id: 'pat-client-1', meta: { versionId: '1' } } });
      expect(await store.read(ctx, 'Patient', 'pat-client-1')).toMatchObject({ id: 'pat-client-1' });

      const before = await counts(fx.db);
      const err = await fhirError(store.update(ctx, { ...patient(), id: 'pat-client-2' }, { ifMatch: 'W/"1"' }));
      expect(err.status).toBe(412);
      expect(await counts(fx.db)).toEqual(before);
    });

    it('rejects an update without an id or with a malformed id', async () => {
      const before = await counts(fx.db);
      expect((await fhirError(store.update(ctx, patient()))).status).toBe(400);
      expect((await fhirError(store.update(ctx, { ...patient(), id: 'has space' }))).status).toBe(400);
      expect((await fhirError(store.update(ctx, { ...patient(), id: 'x'.repeat(65) }))).status).toBe(400);
      expect((await fhirError(store.update(ctx, { ...patient(), id: "a'; drop table fhir_resource; --" }))).status).toBe(400);
      expect(await counts(fx.db)).toEqual(before);
    });
  });

  describe('patch', () => {
    it('applies a JSON Patch array as a new version', async () => {
      const { resource } = await store.create(ctx, patient());
      const r = await store.patch(ctx, 'Patient', resource.id!, [
        { op: 'replace', path: '/gender', value: 'female' },
        { op: 'add', path: '/telecom', value: [{ system: 'phone', value: '13800138000' }] },
        { op: 'test', path: '/birthDate', value: '1980-05-01' },
      ]);
      expect(r).toMatchObject({ status: 200, outcome: 'updated', resource: { gender: 'female', telecom: [{ value: '13800138000' }], meta: { versionId: '2' } } });
      expect(await searchIds('Patient', `telecom=13800138000&_id=${resource.id}`)).toEqual([resource.id]);
      // If-Match is honoured for patches too
      expect((await fhirError(store.patch(ctx, 'Patient', resource.id!, [{ op: 'remove', path: '/telecom' }], { ifMatch: 'W/"1"' }))).status).toBe(412);
    });

    it('invalid patches are 400 and change nothing', async () => {
      const { resource } = await store.create(ctx, patient());
      const id = resource.id!;
      const before = await counts(fx.db);
      const bad: unknown[] = [
        { op: 'replace', path: '/gender' }, // not an array
        [{ op: 'frobnicate', path: '/gender', value: 'x' }], // unknown op
        [{ op: 'replace', path: '/nonexistent/deep', value: 1 }], // path does not exist
        [{ op: 'test', path: '/gender', value: 'female' }], // failing test op
        [{ op: 'replace', path: '/gender', value: 'bogus' }], // result fails validation
        [{ op: 'add', path: '/unknownElement', value: 1 }], // result fails validation
        [{ op: 'replace', path: '/id', value: 'other-id' }], // may not change id
        [{ op: 'replace', path: '/resourceType', value: 'Observation' }], // nor the type
      ];
      for (const ops of bad) {
        const err = await fhirError(store.patch(ctx, 'Patient', id, ops));
        expect(err.status, JSON.stringify(ops)).toBe(400);
      }
      expect(await counts(fx.db)).toEqual(before);
      expect(await store.read(ctx, 'Patient', id)).toEqual(resource);
      // the validation failure names the element
      const err = await fhirError(store.patch(ctx, 'Patient', id, [{ op: 'replace', path: '/gender', value: 'bogus' }]));
      expect(err.issues.flatMap((i) => i.expression ?? [])).toContain('Patient.gender');
    });

    it('patching a missing resource is 404, a deleted one 410', async () => {
      expect((await fhirError(store.patch(ctx, 'Patient', 'no-such', [{ op: 'remove', path: '/gender' }]))).status).toBe(404);
      const { resource } = await store.create(ctx, patient());
      await store.delete(ctx, 'Patient', resource.id!);
      expect((await fhirError(store.patch(ctx, 'Patient', resource.id!, [{ op: 'remove', path: '/gender' }]))).status).toBe(410);
    });
  });

  describe('delete', () => {
    it('soft-deletes: read 410, search no longer finds it, history records the deletion', async () => {
      const p = await store.create(ctx, patient());
      const id = p.resource.id!;
      await store.update(ctx, { ...p.resource, gender: 'female' } as Patient);
      const obs = await store.create(ctx, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
        subject: { reference: `Patient/${id}` },
      } as Observation);
      expect(await searchIds('Patient', `_id=${id}`)).toEqual([id]);

      await store.delete(ctx, 'Patient', id);
      expect((await fhirError(store.read(ctx, 'Patient', id))).status).toBe(410);
      expect(await searchIds('Patient', `_id=${id}`)).toEqual([]);
      expect(await searchIds('Patient', `gender=female&_id=${id}`)).toEqual([]);
      // a chain or _has through the deleted patient no longer matches either
      expect(await searchIds('Observation', `subject:Patient._id=${id}`)).toEqual([]);
      const idx = await fx.db.query('select 1 from sp_token t join fhir_resource r on r.rk = t.rk where r.id = $1', [id]);
      expect(idx.rows).toEqual([]);

      const history = await store.history(ctx, 'Patient', id);
      expect(history.total).toBe(3);
      expect(history.entries.map((e) => [e.versionId, e.deleted])).toEqual([
        [3, true],
        [2, false],
        [1, false],
      ]);
      expect((await fhirError(store.vread(ctx, 'Patient', id, '3'))).status).toBe(410);
      expect(await store.vread(ctx, 'Patient', id, '2')).toMatchObject({ gender: 'female' });

      // deleting again is a no-op, deleting something unknown is 404
      const before = await counts(fx.db);
      await store.delete(ctx, 'Patient', id);
      expect(await counts(fx.db)).toEqual(before);
      expect((await fhirError(store.delete(ctx, 'Patient', 'never-existed'))).status).toBe(404);
      expect((await fhirError(store.delete(ctx, 'Patient', 'bad id'))).status).toBe(400);

      // the Observation is untouched; a PUT brings the patient back as a new version
      expect(await store.read(ctx, 'Observation', obs.resource.id!)).toEqual(obs.resource);
      const back = await store.update(ctx, { ...p.resource, meta: undefined } as Patient);
      expect(back).toMatchObject({ outcome: 'updated', resource: { meta: { versionId: '4' } } });
      expect(await searchIds('Patient', `_id=${id}`)).toEqual([id]);
    });
  });

  describe('history', () => {
    it('instance and type history, newest first, with paging and _since', async () => {
      // a type of its own so the type history holds exactly what this test wrote
      const a = await store.create(ctx, { resourceType: 'Organization', name: '县人民医院' });
      const b = await store.create(ctx, { resourceType: 'Organization', name: '乡镇卫生院' });
      await new Promise((r) => setTimeout(r, 15));
      const since = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 15));
      await store.update(ctx, { ...a.resource, name: '县人民医院（总院）' } as Resource);
      await store.delete(ctx, 'Organization', b.resource.id!);

      const inst = await store.history(ctx, 'Organization', a.resource.id);
      expect(inst.total).toBe(2);
      expect(inst.entries.map((e) => e.versionId)).toEqual([2, 1]);
      expect(inst.entries[0].resource).toMatchObject({ name: '县人民医院（总院）' });
      expect(inst.entries[0].lastUpdated).toBe((await store.read(ctx, 'Organization', a.resource.id!)).meta?.lastUpdated);

      const type = await store.history(ctx, 'Organization', undefined);
      expect(type.total).toBe(4);
      expect(type.entries.map((e) => `${e.resource.id}/${e.versionId}/${e.deleted}`)).toEqual([
        `${b.resource.id}/2/true`,
        `${a.resource.id}/2/false`,
        `${b.resource.id}/1/false`,
        `${a.resource.id}/1/false`,
      ]);
      const page1 = await store.history(ctx, 'Organization', undefined, { count: 3 });
      const page2 = await store.history(ctx, 'Organization', undefined, { count: 3, offset: 3 });
      expect([...page1.entries, ...page2.entries].map((e) => `${e.resource.id}/${e.versionId}`)).toEqual(
        type.entries.map((e) => `${e.resource.id}/${e.versionId}`),
      );
      const recent = await store.history(ctx, 'Organization', undefined, { since });
      expect(recent.total).toBe(2);
      expect((await fhirError(store.history(ctx, 'Organization', undefined, { since: 'yesterday' }))).status).toBe(400);
      expect((await fhirError(store.history(ctx, 'Organization', 'missing-org'))).status).toBe(404);
    });
  });

  describe('conditional create (If-None-Exist)', () => {
    it('0 matches creates (201), 1 returns the existing (200), 2 is 412', async () => {
      const p = patient();
      const cond = `identifier=${OID}|${p.identifier![0].value}`;
      const first = await store.create(ctx, p, { ifNoneExist: cond });
      expect(first).toMatchObject({ status: 201, outcome: 'created' });

      const before = await counts(fx.db);
      const again = await store.create(ctx, { ...p, gender: 'female' }, { ifNoneExist: cond });
      expect(again).toMatchObject({ status: 200, outcome: 'existing' });
      expect(again.resource).toEqual(first.resource);
      expect(await counts(fx.db)).toEqual(before);

      await store.create(ctx, p); // an unconditional duplicate
      const before2 = await counts(fx.db);
      const err = await fhirError(store.create(ctx, p, { ifNoneExist: cond }));
      expect(err.status).toBe(412);
      expect(await counts(fx.db)).toEqual(before2);
    });

    it('an unknown or malformed condition is rejected, not silently ignored', async () => {
      const before = await counts(fx.db);
      expect((await fhirError(store.create(ctx, patient(), { ifNoneExist: 'no-such-param=1' }))).status).toBe(400);
      expect((await fhirError(store.create(ctx, patient(), { ifNoneExist: 'birthdate=notadate' }))).status).toBe(400);
      expect(await counts(fx.db)).toEqual(before);
    });

    it('20 concurrent conditional creates with the same identifier make exactly one resource', async () => {
      const p = patient();
      const value = p.identifier![0].value!;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.create(ctx, { ...p, name: [{ text: `并发${i}` }] }, { ifNoneExist: `identifier=${OID}|${value}` })),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(19);
      expect(new Set(results.map((r) => r.resource.id)).size).toBe(1);
      const found = await store.search(ctx, 'Patient', q(`identifier=${OID}|${value}`));
      expect(found.resources).toHaveLength(1);
      const rows = await fx.db.query<{ n: number }>(
        `select count(*) as n from fhir_resource where resource_type = 'Patient' and content->'identifier'->0->>'value' = $1`,
        [value],
      );
      expect(Number(rows.rows[0].n)).toBe(1);
    });
  });

  describe('conditional update', () => {
    it('0 matches creates, 1 updates, 2 is 412', async () => {
      const p = patient();
      const cond = `identifier=${OID}|${p.identifier![0].value}`;
      const created = await store.conditionalUpdate(ctx, 'Patient', cond, p);
      expect(created).toMatchObject({ status: 201, outcome: 'created' });
      const updated = await store.conditionalUpdate(ctx, 'Patient', cond, { ...p, gender: 'female' });
      expect(updated).toMatchObject({ status: 200, outcome: 'updated', resource: { id: created.resource.id, gender: 'female', meta: { versionId: '2' } } });
      const unchanged = await store.conditionalUpdate(ctx, 'Patient', cond, { ...p, gender: 'female' });
      expect(unchanged.outcome).toBe('unchanged');

      await store.create(ctx, p);
      const before = await counts(fx.db);
      expect((await fhirError(store.conditionalUpdate(ctx, 'Patient', cond, { ...p, gender: 'other' }))).status).toBe(412);
      expect(await counts(fx.db)).toEqual(before);
    });

    it('body id must agree with the match; type must agree with the URL', async () => {
      const p = patient();
      const cond = `identifier=${OID}|${p.identifier![0].value}`;
      const { resource } = await store.create(ctx, p);
      const before = await counts(fx.db);
      expect((await fhirError(store.conditionalUpdate(ctx, 'Patient', cond, { ...p, id: 'someone-else' }))).status).toBe(400);
      expect((await fhirError(store.conditionalUpdate(ctx, 'Observation', cond, p))).status).toBe(400);
      expect((await fhirError(store.conditionalUpdate(ctx, 'Patient', '', p))).status).toBe(400);
      expect(await counts(fx.db)).toEqual(before);
      const ok = await store.conditionalUpdate(ctx, 'Patient', cond, { ...p, id: resource.id, gender: 'female' });
      expect(ok.resource.id).toBe(resource.id);
    });

    it('no match with the body id of a deleted resource brings that resource back', async () => {
      const p = patient();
      await store.update(ctx, { ...p, id: 'cond-deleted-1' });
      await store.delete(ctx, 'Patient', 'cond-deleted-1');
      const r = await store.conditionalUpdate(ctx, 'Patient', `identifier=${OID}|${p.identifier![0].value}`, { ...p, id: 'cond-deleted-1', gender: 'female' });
      expect(r).toMatchObject({ status: 200, resource: { id: 'cond-deleted-1', gender: 'female', meta: { versionId: '3' } } });
      expect(await store.read(ctx, 'Patient', 'cond-deleted-1')).toMatchObject({ gender: 'female' });
      // a live resource with that id that does not match is a client error, not a silent overwrite
      const other = patient();
      const err = await fhirError(store.conditionalUpdate(ctx, 'Patient', `identifier=${OID}|${other.identifier![0].value}`, { ...other, id: 'cond-deleted-1' }));
      expect(err.status).toBe(400);
    });

    it('concurrent conditional updates on one criterion converge on one resource', async () => {
      const p = patient();
      const cond = `identifier=${OID}|${p.identifier![0].value}`;
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.conditionalUpdate(ctx, 'Patient', cond, { ...p, name: [{ text: `更新${i}` }] })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(new Set(results.map((r) => r.resource.id)).size).toBe(1);
      expect((await store.search(ctx, 'Patient', q(cond))).resources).toHaveLength(1);
      expect((await store.history(ctx, 'Patient', results[0].resource.id)).total).toBe(10);
    });
  });

  describe('invalid input', () => {
    it('invalid resources are 400 with the element path, and nothing is stored', async () => {
      const before = await counts(fx.db);
      const cases: [unknown, string][] = [
        [{ resourceType: 'Patient', gender: 'man' }, 'Patient.gender'],
        [{ resourceType: 'Patient', birthDate: '1980-13-01' }, 'Patient.birthDate'],
        [{ resourceType: 'Patient', name: [{ text: 42 }] }, 'Patient.name[0].text'],
        [{ resourceType: 'Patient', foo: 'bar' }, 'Patient.foo'],
        [{ resourceType: 'Observation', code: { text: '血红蛋白' } }, 'Observation.status'],
      ];
      for (const [body, path] of cases) {
        const err = await fhirError(store.create(ctx, body as Resource));
        expect(err.status, path).toBe(400);
        expect(err.issues.flatMap((i) => i.expression ?? []), path).toContain(path);
        const upd = await fhirError(store.update(ctx, { ...(body as Resource), id: 'invalid-1' }));
        expect(upd.status).toBe(400);
      }
      for (const body of [null, 'Patient', [], 42]) expect((await fhirError(store.create(ctx, body as unknown as Resource))).status).toBe(400);
      expect(await counts(fx.db)).toEqual(before);
    });

    it('unknown resource types and malformed ids', async () => {
      const before = await counts(fx.db);
      const unknown = await fhirError(store.create(ctx, { resourceType: 'Spaceship' } as unknown as Resource));
      expect(unknown.status).toBe(404);
      expect(unknown.issues[0].code).toBe('not-supported');
      expect((await fhirError(store.create(ctx, { resourceType: 'patient; drop table x' } as unknown as Resource))).status).toBe(400);
      expect((await fhirError(store.create(ctx, {} as Resource))).status).toBe(400);
      expect((await fhirError(store.read(ctx, 'Spaceship', 'x'))).status).toBe(404);
      expect((await fhirError(store.search(ctx, 'Spaceship', []))).status).toBe(404);
      expect((await fhirError(store.history(ctx, 'Spaceship', undefined))).status).toBe(404);
      expect((await fhirError(store.delete(ctx, 'Spaceship', 'x'))).status).toBe(404);
      for (const id of ['', 'a b', 'a/b', 'é', '../Patient', 'x'.repeat(65)]) {
        expect((await fhirError(store.read(ctx, 'Patient', id))).status, id).toBe(400);
        expect((await fhirError(store.patch(ctx, 'Patient', id, []))).status, id).toBe(400);
      }
      expect(await counts(fx.db)).toEqual(before);
    });
  });
});
