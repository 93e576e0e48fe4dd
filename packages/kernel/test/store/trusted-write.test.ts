import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import type { StoreAuditEntry } from '../../src/store/context.ts';
import { FhirStore } from '../../src/store/fhir-store.ts';
import { testDbFactories } from '../dbs.ts';
import { as, counts, fhirError, ids, openStore, q, user, type StoreFixture } from './helpers.ts';

const system = { principal: { ...SYSTEM_PRINCIPAL, id: 'module:derive' } };
/** Family names the test validator refuses: stands for any module rule a trusted write skips. */
const REFUSED = 'refused';

let seq = 0;
function patient(family = '王'): Patient {
  seq++;
  return { resourceType: 'Patient', identifier: [{ system: 'urn:test:trusted', value: `t-${seq}` }], name: [{ family }], gender: 'female' };
}

const factories = await testDbFactories();

describe.each(factories)('trusted writes on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;
  const audits: StoreAuditEntry[] = [];

  beforeAll(async () => {
    fx = await openStore(factory);
    store = new FhirStore({
      db: fx.db,
      policies: () => fx.repo.all(),
      outbox: async (_tx, list) => void fx.changes.push(...list),
      audit: { record: async (entry) => void audits.push(entry) },
    });
    store.validators.register('test', 'Patient', (resource) =>
      (resource as Patient).name?.some((n) => n.family === REFUSED) ? [{ severity: 'error', code: 'business-rule', diagnostics: 'refused by the test rule', expression: ['Patient.name[0].family'] }] : [],
    );
  });
  afterAll(() => fx?.close());

  it('a plain write is still validated, for system callers too', async () => {
    expect((await fhirError(store.create(system, patient(REFUSED)))).status).toBe(400);
    const structurallyBad = { ...patient(), birthDate: 'yesterday' };
    expect((await fhirError(store.create(system, structurallyBad))).status).toBe(400);
  });

  it('createIn, createManyIn and updateIn with trusted skip validation but write rows, history, index, audit and events', async () => {
    const before = await counts(fx.db, 'Patient');
    const changesBefore = fx.changes.length;
    const auditsBefore = audits.length;
    const { one, many, updated } = await store.inUnit(system, async (unit) => {
      const one = await store.createIn(unit, system, patient(REFUSED), { trusted: true });
      const many = await store.createManyIn(unit, system, [{ resource: patient(REFUSED), id: 'trusted-many-1' }, { resource: patient(), id: 'trusted-many-2' }], (_, err) => err, { trusted: true });
      const updated = await store.updateIn(unit, system, { ...(many[1].resource as Patient), name: [{ family: REFUSED, given: ['改'] }] }, { trusted: true });
      return { one, many, updated };
    });
    expect([one.status, ...many.map((m) => m.status), updated.outcome]).toEqual([201, 201, 201, 'updated']);
    const after = await counts(fx.db, 'Patient');
    expect(after.resources).toBe(before.resources + 3);
    expect(after.history).toBe(before.history + 4);
    expect(after.index).toBeGreaterThan(before.index);
    expect(fx.changes.slice(changesBefore).map((c) => c.action)).toEqual(['create', 'create', 'create', 'update']);
    expect(audits.slice(auditsBefore).map((a) => `${a.action}:${a.outcome}`)).toEqual(['create:0', 'create:0', 'create:0', 'update:0']);
    // Found through the index rows like any other resource.
    expect(ids((await store.search(system, 'Patient', q(`family=${REFUSED}`))).resources)).toEqual([one.resource.id, 'trusted-many-1', 'trusted-many-2'].sort());
    expect((await store.read(system, 'Patient', 'trusted-many-2')).meta?.versionId).toBe('2');
  });

  it('only system principals may ask for it: a user is refused (403) and nothing is written', async () => {
    const doctor = as(user({ institution: undefined, institutions: [], regionAdmin: true }));
    const before = await counts(fx.db, 'Patient');
    const err = await fhirError(store.inUnit(doctor, (unit) => store.createIn(unit, doctor, patient(), { trusted: true })));
    expect(err.status).toBe(403);
    const many = await fhirError(store.inUnit(doctor, (unit) => store.createManyIn(unit, doctor, [{ resource: patient(), id: 'by-a-user' }], (_, e) => e, { trusted: true })));
    expect(many.status).toBe(403);
    expect(await counts(fx.db, 'Patient')).toEqual(before);
  });
});
