import type { DiagnosticReport, Observation, Patient, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccessPolicy } from '../../src/access/policy.ts';
import { SYSTEM_PRINCIPAL, type Principal } from '../../src/access/principal.ts';
import type { RequestContext } from '../../src/store/context.ts';
import type { FhirStore } from '../../src/store/fhir-store.ts';
import { INSTITUTION_EXTENSION, institutionOf } from '../../src/store/fhir-store.ts';
import { as, counts, fhirError, ids, openStore, q, user, visible, type StoreFixture } from './helpers.ts';
import { testDbFactories } from '../dbs.ts';

const system = { principal: SYSTEM_PRINCIPAL };
const VIP = { system: 'http://medunion.org/fhir/CodeSystem/patient-category', code: 'VIP' };
const hb = { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }] };

const obs = (id: string, patient: string, date: string, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: hb,
  subject: { reference: `Patient/${patient}` },
  effectiveDateTime: date,
  valueQuantity: { value: 130, unit: 'g/L' },
  ...extra,
});

/** [resource, owning institution] — stored by the system principal with update-as-create. */
const SEED: [Resource, string | undefined][] = [
  [{ resourceType: 'Organization', id: 'org-a', name: '县人民医院' }, undefined],
  [{ resourceType: 'Organization', id: 'org-b', name: '城关镇卫生院' }, undefined],
  [{ resourceType: 'Patient', id: 'pa-1', meta: { source: 'his://org-a' }, name: [{ text: '张三', family: '张', given: ['三'] }], gender: 'male' } as Patient, 'org-a'],
  [{ resourceType: 'Patient', id: 'pa-vip', meta: { source: 'his://org-a', security: [VIP] }, name: [{ text: '李四', family: '李', given: ['四'] }], gender: 'female' } as Patient, 'org-a'],
  [{ resourceType: 'Patient', id: 'pb-1', meta: { source: 'his://org-b' }, name: [{ text: '王五', family: '王', given: ['五'] }], gender: 'male' } as Patient, 'org-b'],
  [obs('oa-1', 'pa-1', '2024-03-01T10:00:00+08:00', { meta: { source: 'lis://org-a' } }), 'org-a'],
  [obs('oa-old', 'pa-1', '2020-01-01T10:00:00+08:00'), 'org-a'],
  [obs('oa-vip', 'pa-vip', '2024-03-02T10:00:00+08:00'), 'org-a'],
  [obs('ob-1', 'pb-1', '2024-03-05T10:00:00+08:00'), 'org-b'],
  [{ resourceType: 'ServiceRequest', id: 'sr-1', status: 'active', intent: 'order', code: { text: '胸部CT' }, subject: { reference: 'Patient/pa-1' }, authoredOn: '2024-03-01' } as ServiceRequest, 'org-a'],
  [obs('oa-exam', 'pa-1', '2024-03-03T10:00:00+08:00', { basedOn: [{ reference: 'ServiceRequest/sr-1' }] }), 'org-a'],
  [
    {
      resourceType: 'DiagnosticReport',
      id: 'dr-exam',
      status: 'final',
      code: { text: '胸部CT报告' },
      subject: { reference: 'Patient/pa-1' },
      basedOn: [{ reference: 'ServiceRequest/sr-1' }],
      result: [{ reference: 'Observation/oa-exam' }],
      effectiveDateTime: '2024-03-04',
    } as DiagnosticReport,
    'org-a',
  ],
  [{ resourceType: 'Encounter', id: 'ea-1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pa-1' } } as Resource, 'org-a'],
];

const ALL_OBS = ['oa-1', 'oa-exam', 'oa-old', 'oa-vip', 'ob-1'];
const ALL_PATIENTS = ['pa-1', 'pa-vip', 'pb-1'];

let policySeq = 0;
const policy = (p: Partial<AccessPolicy>): AccessPolicy => ({
  id: `pol-${++policySeq}`,
  name: 'test policy',
  effect: 'allow',
  access: ['read', 'write'],
  subjects: { everyone: true },
  ...p,
});

const doctorA = user();
const doctorB = user({ id: 'u-doc-b', username: 'doc.b', institution: 'org-b', institutions: ['org-b'] });

const factories = await testDbFactories();

describe.each(factories)('access policies on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;

  beforeAll(async () => {
    fx = await openStore(factory);
    store = fx.store;
    for (const [r, institution] of SEED) await store.update(system, r, { institution });
  });
  afterAll(() => fx?.close());
  beforeEach(async () => {
    for (const p of await fx.repo.all()) await fx.repo.remove(p.id);
  });
  // Whatever a test created (even one that failed half-way) is deleted, so every test starts from the seed.
  afterEach(async () => {
    const seeded = new Set(SEED.map(([r]) => `${r.resourceType}/${r.id}`));
    const { rows } = await fx.db.query<{ resource_type: string; id: string }>('select resource_type, id from fhir_resource where not deleted');
    for (const row of rows) if (!seeded.has(`${row.resource_type}/${row.id}`)) await store.delete(system, row.resource_type, row.id);
  });

  const allow = async (...list: Partial<AccessPolicy>[]) => {
    for (const p of list) await fx.repo.upsert(policy(p));
  };
  /** Ids a caller finds by search; `visible` also checks `_total=accurate` agrees with the matches. */
  const see = async (ctx: RequestContext | Principal, type: string, query = '') => ids((await visible(store, 'principal' in ctx ? ctx : as(ctx), type, query)).resources);
  /** 'ok' when read succeeds, otherwise the HTTP status. */
  const read = async (ctx: RequestContext | Principal, type: string, id: string) => {
    try {
      await store.read('principal' in ctx ? ctx : as(ctx), type, id);
      return 'ok';
    } catch (err) {
      return (err as { status?: number }).status;
    }
  };
  /** The write must fail with 403 and leave every table as it was. */
  const refused = async (write: () => Promise<unknown>) => {
    const before = await counts(fx.db);
    const changes = fx.changes.length;
    const err = await fhirError(write());
    expect(err.status, err.message).toBe(403);
    expect(await counts(fx.db)).toEqual(before);
    expect(fx.changes.length).toBe(changes);
    return err;
  };
  const newObs = (patient: string, date = '2024-06-01T09:00:00+08:00', extra: Partial<Observation> = {}) => {
    const { id: _id, ...o } = obs('x', patient, date, extra);
    return o as Observation;
  };
  const current = async (type: string, id: string) => store.read(system, type, id);

  it('deny by default: no policy means no data and no writes', async () => {
    expect(await see(doctorA, 'Observation')).toEqual([]);
    expect(await see(doctorA, 'Patient')).toEqual([]);
    expect((await store.search(as(doctorA), 'Patient', q('_summary=count'))).total).toBe(0);
    expect(await read(doctorA, 'Observation', 'oa-1')).toBe(403);
    expect(await read(doctorA, 'Observation', 'no-such')).toBe(404);
    expect((await fhirError(store.vread(as(doctorA), 'Observation', 'oa-1', '1'))).status).toBe(403);
    expect((await fhirError(store.history(as(doctorA), 'Observation', 'oa-1'))).status).toBe(403);
    expect((await store.history(as(doctorA), 'Observation', undefined)).total).toBe(0);
    await refused(async () => store.create(as(doctorA), newObs('pa-1')));
    await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'oa-1')), status: 'amended' } as Observation));
    await refused(async () => store.patch(as(doctorA), 'Observation', 'oa-1', [{ op: 'replace', path: '/status', value: 'amended' }]));
    await refused(async () => store.delete(as(doctorA), 'Observation', 'oa-1'));
    // a region-wide actor still needs permissions, but the system principal bypasses policies
    expect(await see(system, 'Observation')).toEqual(ALL_OBS);
  });

  describe('institution', () => {
    it('$own: each doctor sees and writes only their institution', async () => {
      await allow({ institutions: ['$own'] });
      expect(await see(doctorA, 'Patient')).toEqual(['pa-1', 'pa-vip']);
      expect(await see(doctorA, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-old', 'oa-vip']);
      expect(await see(doctorB, 'Patient')).toEqual(['pb-1']);
      expect(await see(doctorB, 'Observation')).toEqual(['ob-1']);
      expect(await see(doctorA, 'Organization')).toEqual([]); // rows without an institution do not match
      expect(await read(doctorA, 'Patient', 'pb-1')).toBe(403);
      expect(await read(doctorB, 'Patient', 'pb-1')).toBe('ok');
      expect((await store.history(as(doctorA), 'Observation', undefined)).entries.map((e) => e.resource.id).sort()).toEqual(['oa-1', 'oa-exam', 'oa-old', 'oa-vip']);

      // writes: own institution yes (stamped), the other one no
      const created = await store.create(as(doctorA), newObs('pa-1'));
      expect(created.status).toBe(201);
      expect(institutionOf(created.resource)).toBe('org-a');
      await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'ob-1')), status: 'amended' } as Observation));
      await refused(async () => store.delete(as(doctorA), 'Observation', 'ob-1'));
      // a patch cannot be used to probe a resource it may not touch: 403 whether a `test` op would pass or fail
      await refused(async () => store.patch(as(doctorA), 'Observation', 'ob-1', [{ op: 'test', path: '/status', value: 'final' }]));
      await refused(async () => store.patch(as(doctorA), 'Observation', 'ob-1', [{ op: 'test', path: '/status', value: 'amended' }]));
      await refused(async () => store.patch(as(doctorA), 'Observation', 'ob-1', [{ op: 'remove', path: '/no/such/path' }]));
      await refused(async () => store.create(as(doctorA), newObs('pb-1'), { institution: 'org-b' }));
      // smuggling the other institution in through meta does not work either
      await refused(async () =>
        store.create(as(doctorA), { ...newObs('pa-1'), meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: 'Organization/org-b' } }] } }),
      );
      await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'oa-1')), status: 'amended' } as Observation, { institution: 'org-b' }));
    });

    it('explicit institution ids, and $own for a caller without an institution', async () => {
      await allow({ institutions: ['org-b'], subjects: { users: ['u-doc-a'] } });
      expect(await see(doctorA, 'Patient')).toEqual(['pb-1']);
      expect(await see(doctorA, 'Observation')).toEqual(['ob-1']);
      expect(await read(doctorA, 'Observation', 'oa-1')).toBe(403);

      const nowhere = user({ id: 'u-floater', username: 'floater', institution: undefined, institutions: [] });
      await allow({ institutions: ['$own'] });
      expect(await see(nowhere, 'Patient')).toEqual([]);
      await refused(async () => store.create(as(nowhere), newObs('pa-1')));
    });
  });

  it('resource type: only the listed types, also through _include, _revinclude, chains and _has', async () => {
    await allow({ resourceTypes: ['Observation'], subjects: { users: ['u-doc-a'] } });
    expect(await see(doctorA, 'Observation')).toEqual(ALL_OBS);
    expect(await see(doctorA, 'Patient')).toEqual([]);
    expect(await read(doctorA, 'Patient', 'pa-1')).toBe(403);
    const inc = await store.search(as(doctorA), 'Observation', q('_include=Observation:subject&_revinclude=DiagnosticReport:result'));
    expect(inc.resources).toHaveLength(5);
    expect(inc.included).toEqual([]);
    // searching Observations by attributes of Patients the caller cannot see must not reveal them
    expect(await see(doctorA, 'Observation', 'subject.name=张三')).toEqual([]);
    expect(await see(doctorA, 'Observation', 'subject:Patient.gender=female')).toEqual([]);

    await fx.repo.upsert(policy({ resourceTypes: ['Patient'], subjects: { users: ['u-doc-b'] } }));
    expect(await see(doctorB, 'Patient')).toEqual(ALL_PATIENTS);
    expect(await see(doctorB, 'Patient', '_has:Observation:subject:code=718-7')).toEqual([]); // Observations are hidden from B

    const created = await store.create(as(doctorA), newObs('pa-1'));
    expect(created.status).toBe(201);
    await refused(async () => store.create(as(doctorA), { resourceType: 'Patient', name: [{ text: '新患者' }] }));
    await refused(async () => store.update(as(doctorA), { ...(await current('Patient', 'pa-1')), gender: 'other' } as Patient));
    await refused(async () => store.create(as(doctorB), newObs('pa-1')));
  });

  it('source (meta.source): only data from the listed systems', async () => {
    await allow({ sources: ['his://org-a'] });
    expect(await see(doctorA, 'Patient')).toEqual(['pa-1', 'pa-vip']);
    expect(await see(doctorA, 'Observation')).toEqual([]); // no Observation came from the HIS
    expect(await read(doctorA, 'Patient', 'pb-1')).toBe(403);
    await allow({ sources: ['lis://org-a'], resourceTypes: ['Observation'] });
    expect(await see(doctorA, 'Observation')).toEqual(['oa-1']);

    const ok = await store.create(as(doctorA), { resourceType: 'Patient', meta: { source: 'his://org-a' }, name: [{ text: '赵六' }] });
    expect(ok.status).toBe(201);
    await refused(async () => store.create(as(doctorA), { resourceType: 'Patient', meta: { source: 'his://org-b' }, name: [{ text: '赵七' }] }));
    await refused(async () => store.create(as(doctorA), { resourceType: 'Patient', name: [{ text: '无来源' }] }));
    // an update may not move a row out of the caller's reach
    const pa1 = await current('Patient', 'pa-1');
    await refused(async () => store.update(as(doctorA), { ...pa1, meta: { ...pa1.meta, source: 'his://org-b' } }));
    expect(await current('Patient', 'pa-1')).toEqual(pa1);
  });

  it('patient category: a deny on VIP hides the VIP patient and all their data', async () => {
    await allow({}, { effect: 'deny', patientCategories: ['VIP'] });
    expect(await see(doctorA, 'Patient')).toEqual(['pa-1', 'pb-1']);
    expect(await see(doctorA, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-old', 'ob-1']);
    expect(await see(doctorA, 'Observation', 'subject=pa-vip')).toEqual([]);
    expect(await see(doctorA, 'Patient', 'name=李四')).toEqual([]);
    expect(await see(doctorA, 'Organization')).toEqual(['org-a', 'org-b']); // not patient data: unaffected
    expect(await read(doctorA, 'Patient', 'pa-vip')).toBe(403);
    expect(await read(doctorA, 'Observation', 'oa-vip')).toBe(403);
    const inc = await store.search(as(doctorA), 'Patient', q('_revinclude=Observation:subject'));
    expect(ids(inc.included)).toEqual(['oa-1', 'oa-exam', 'oa-old', 'ob-1']);

    await refused(async () => store.create(as(doctorA), newObs('pa-vip')));
    await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'oa-vip')), status: 'amended' } as Observation));
    await refused(async () => store.patch(as(doctorA), 'Patient', 'pa-vip', [{ op: 'replace', path: '/gender', value: 'other' }]));
    // tagging a patient VIP is itself a write the deny catches
    const pa1 = await current('Patient', 'pa-1');
    await refused(async () => store.update(as(doctorA), { ...pa1, meta: { ...pa1.meta, security: [VIP] } }));
  });

  it('patient category: an allow limited to VIP shows only VIP data', async () => {
    await allow({ patientCategories: ['VIP'] });
    expect(await see(doctorA, 'Patient')).toEqual(['pa-vip']);
    expect(await see(doctorA, 'Observation')).toEqual(['oa-vip']);
    await refused(async () => store.create(as(doctorA), newObs('pa-1')));
  });

  it('patient list: only the listed patients and their compartment', async () => {
    await allow({ patients: ['pa-1'] });
    expect(await see(doctorA, 'Patient')).toEqual(['pa-1']);
    expect(await see(doctorA, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-old']);
    expect(await see(doctorA, 'DiagnosticReport')).toEqual(['dr-exam']);
    expect(await see(doctorA, 'ServiceRequest')).toEqual(['sr-1']);
    expect(await see(doctorA, 'Encounter')).toEqual(['ea-1']);
    expect(await read(doctorA, 'Patient', 'pb-1')).toBe(403);
    const created = await store.create(as(doctorA), newObs('pa-1'));
    expect(created.status).toBe(201);
    await refused(async () => store.create(as(doctorA), newObs('pb-1')));
    // re-pointing an Observation at another patient takes it out of reach: refused
    const oa1 = (await current('Observation', 'oa-1')) as Observation;
    await refused(async () => store.update(as(doctorA), { ...oa1, subject: { reference: 'Patient/pb-1' } }));
  });

  it('exam: the ServiceRequest and the resources that reference it', async () => {
    await allow({ exams: ['ServiceRequest/sr-1'] });
    expect(await see(doctorA, 'ServiceRequest')).toEqual(['sr-1']);
    expect(await see(doctorA, 'Observation')).toEqual(['oa-exam']);
    expect(await see(doctorA, 'DiagnosticReport')).toEqual(['dr-exam']);
    expect(await see(doctorA, 'Patient')).toEqual([]);
    expect(await read(doctorA, 'Observation', 'oa-1')).toBe(403);
    const inc = await store.search(as(doctorA), 'DiagnosticReport', q('_include=DiagnosticReport:result&_include=DiagnosticReport:subject'));
    expect(ids(inc.included)).toEqual(['oa-exam']); // the patient is outside the exam
    const created = await store.create(as(doctorA), newObs('pa-1', undefined, { basedOn: [{ reference: 'ServiceRequest/sr-1' }] }));
    expect(created.status).toBe(201);
    await refused(async () => store.create(as(doctorA), newObs('pa-1')));
  });

  it('data period: only data whose clinical time falls in the window', async () => {
    await allow({ resourceTypes: ['Observation'], dataPeriod: { from: '2024-01-01T00:00:00+08:00', to: '2024-12-31T23:59:59+08:00' } });
    expect(await see(doctorA, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-vip', 'ob-1']);
    expect(await read(doctorA, 'Observation', 'oa-old')).toBe(403);
    await allow({ resourceTypes: ['ServiceRequest'], dataPeriod: { to: '2023-12-31' } });
    expect(await see(doctorA, 'ServiceRequest')).toEqual([]);
    const created = await store.create(as(doctorA), newObs('pa-1', '2024-06-01'));
    expect(created.status).toBe(201);
    await refused(async () => store.create(as(doctorA), newObs('pa-1', '2019-06-01')));
    await refused(async () => store.create(as(doctorA), newObs('pa-1', '2025-01-01T08:00:00+08:00')));
    await refused(async () => store.patch(as(doctorA), 'Observation', 'oa-1', [{ op: 'replace', path: '/effectiveDateTime', value: '2019-01-01' }]));
  });

  it('authorisation period: policies outside validFrom/validTo do not apply', async () => {
    const day = 86_400_000;
    const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
    await allow({ validTo: iso(-day) }, { validFrom: iso(day) }, { validFrom: iso(-2 * day), validTo: iso(-day) });
    expect(await see(doctorA, 'Patient')).toEqual([]);
    await refused(async () => store.create(as(doctorA), { resourceType: 'Patient', name: [{ text: '过期' }] }));
    await allow({ validFrom: iso(-day), validTo: iso(day), resourceTypes: ['Patient'] });
    expect(await see(doctorA, 'Patient')).toEqual(ALL_PATIENTS);
    expect(await see(doctorA, 'Observation')).toEqual([]);
  });

  describe('subjects', () => {
    it('users by id or username; other users get nothing', async () => {
      await allow({ subjects: { users: ['u-doc-a'] }, resourceTypes: ['Patient'] }, { subjects: { users: ['doc.b'] }, resourceTypes: ['Observation'] });
      expect(await see(doctorA, 'Patient')).toEqual(ALL_PATIENTS);
      expect(await see(doctorA, 'Observation')).toEqual([]);
      expect(await see(doctorB, 'Observation')).toEqual(ALL_OBS);
      expect(await see(doctorB, 'Patient')).toEqual([]);
      const stranger = user({ id: 'u-x', username: 'stranger' });
      expect(await see(stranger, 'Patient')).toEqual([]);
      await refused(async () => store.create(as(stranger), { resourceType: 'Patient', name: [{ text: '陌生' }] }));
    });

    it('roles', async () => {
      await allow({ subjects: { roles: ['nurse'] }, resourceTypes: ['Observation'] });
      const nurse = user({ id: 'u-nurse', username: 'nurse.wang', roles: ['nurse'] });
      expect(await see(nurse, 'Observation')).toEqual(ALL_OBS);
      expect(await see(doctorA, 'Observation')).toEqual([]);
      await refused(async () => store.create(as(doctorA), newObs('pa-1')));
      const created = await store.create(as(nurse), newObs('pa-1'));
      expect(created.status).toBe(201);
    });

    it('clients (authorised systems) match only client principals', async () => {
      await allow({ subjects: { clients: ['app-lis'] }, resourceTypes: ['Observation'], institutions: ['$own'] });
      const lis: Principal = { kind: 'client', id: 'app-lis', institution: 'org-a', institutions: ['org-a'], roles: [], permissions: ['fhir.*'], regionAdmin: false };
      const otherApp: Principal = { ...lis, id: 'app-pacs' };
      const sameIdUser = user({ id: 'app-lis' });
      expect(await see(lis, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-old', 'oa-vip']);
      expect(await see(otherApp, 'Observation')).toEqual([]);
      expect(await see(sameIdUser, 'Observation')).toEqual([]);
      await refused(async () => store.create(as(otherApp), newObs('pa-1')));
      await refused(async () => store.create(as(lis), newObs('pb-1'), { institution: 'org-b' }));
    });
  });

  it('interface: a policy for fhir does not apply to export (or internal calls)', async () => {
    await allow({ interfaces: ['fhir'] });
    const viaFhir = as(doctorA, { interface: 'fhir' });
    const viaExport = as(doctorA, { interface: 'export' });
    expect(await see(viaFhir, 'Patient')).toEqual(ALL_PATIENTS);
    expect(await see(viaExport, 'Patient')).toEqual([]);
    expect(await see(doctorA, 'Patient')).toEqual([]); // no interface given: internal
    expect(await read(viaExport, 'Patient', 'pa-1')).toBe(403);
    await refused(async () => store.create(viaExport, { resourceType: 'Patient', name: [{ text: '导出' }] }));
    const created = await store.create(viaFhir, { resourceType: 'Patient', name: [{ text: '接口' }] });
    expect(created.status).toBe(201);
  });

  describe('allow vs deny', () => {
    it('a matching deny wins over any allow, however specific', async () => {
      await allow(
        {},
        { subjects: { users: ['u-doc-a'] }, institutions: ['org-b'], resourceTypes: ['Observation'] },
        { effect: 'deny', institutions: ['org-b'], resourceTypes: ['Observation'] },
      );
      expect(await see(doctorA, 'Observation')).toEqual(['oa-1', 'oa-exam', 'oa-old', 'oa-vip']);
      expect(await see(doctorA, 'Patient')).toEqual(ALL_PATIENTS);
      expect(await read(doctorA, 'Observation', 'ob-1')).toBe(403);
      await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'ob-1')), status: 'amended' } as Observation));
    });

    it('read and write are separate: a write-only deny leaves reading alone; inactive policies are ignored', async () => {
      await allow({}, { effect: 'deny', access: ['write'], institutions: ['org-b'] }, { effect: 'deny', active: false });
      expect(await see(doctorA, 'Observation')).toEqual(ALL_OBS);
      expect(await read(doctorA, 'Observation', 'ob-1')).toBe('ok');
      await refused(async () => store.update(as(doctorA), { ...(await current('Observation', 'ob-1')), status: 'amended' } as Observation));
      await refused(async () => store.delete(as(doctorA), 'Observation', 'ob-1'));

      await fx.repo.upsert(policy({ id: 'read-only', access: ['read'], subjects: { users: ['u-doc-b'] } }));
      expect(await see(doctorB, 'Patient')).toEqual(ALL_PATIENTS);
      await refused(async () => store.create(as(doctorB), { resourceType: 'Patient', name: [{ text: '只读' }] }));
    });
  });

  describe('region admin', () => {
    const admin = user({ id: 'u-admin', username: 'region.admin', institution: undefined, institutions: [], roles: ['region-admin'], regionAdmin: true });

    it('sees every institution without an allow policy, but denies still apply', async () => {
      expect(await see(admin, 'Patient')).toEqual(ALL_PATIENTS);
      expect(await see(admin, 'Observation')).toEqual(ALL_OBS);
      expect(await read(admin, 'Observation', 'ob-1')).toBe('ok');
      const created = await store.create(as(admin), newObs('pb-1'), { institution: 'org-b' });
      expect(institutionOf(created.resource)).toBe('org-b');
      await allow({ effect: 'deny', patientCategories: ['VIP'] });
      expect(await see(admin, 'Patient')).toEqual(['pa-1', 'pb-1']);
      expect(await read(admin, 'Observation', 'oa-vip')).toBe(403);
      await refused(async () => store.create(as(admin), newObs('pa-vip'), { institution: 'org-a' }));
    });
  });

  describe('combinations of policies', () => {
    it('restricted allows next to an unrestricted one (or region admin) still give valid SQL', async () => {
      const admin = user({ id: 'u-admin', institution: undefined, institutions: [], regionAdmin: true });
      await allow({ institutions: ['org-a'], resourceTypes: ['Observation'] }, { subjects: { users: ['u-doc-a'] } });
      expect(await see(admin, 'Observation', 'subject.name=张')).toEqual(['oa-1', 'oa-exam', 'oa-old']);
      expect(await see(doctorA, 'Observation')).toEqual(ALL_OBS);
      const r = await store.search(as(doctorA), 'DiagnosticReport', q('_include=DiagnosticReport:result&_revinclude=Observation:based-on&subject.name=张'));
      expect(ids(r.included)).toEqual(['oa-exam']);
      expect(await read(admin, 'Observation', 'ob-1')).toBe('ok');
      expect((await store.history(as(doctorA), 'Observation', 'ob-1')).total).toBe(1);
    });

    it('an allow that cannot match the caller ($own without an institution) is dropped cleanly', async () => {
      const floater = user({ id: 'u-floater', institution: undefined, institutions: [] });
      await allow({ subjects: { users: ['u-floater'] }, resourceTypes: ['Observation'] }, { institutions: ['$own'], resourceTypes: ['Patient'] });
      const r = await store.search(as(floater), 'Observation', q('_include=Observation:subject&_total=accurate'));
      expect(r.total).toBe(5);
      expect(r.included).toEqual([]);
      expect(await see(floater, 'Patient')).toEqual([]);
    });
  });

  describe('operation permissions', () => {
    it('each operation needs its permission, whatever the policies say', async () => {
      await allow({});
      const reader = user({ id: 'u-reader', permissions: ['fhir.read', 'fhir.search'] });
      expect(await see(reader, 'Patient')).toEqual(ALL_PATIENTS);
      expect(await read(reader, 'Patient', 'pa-1')).toBe('ok');
      expect((await fhirError(store.history(as(reader), 'Patient', 'pa-1'))).status).toBe(403);
      const err = await refused(async () => store.create(as(reader), { resourceType: 'Patient', name: [{ text: '无权限' }] }));
      expect(err.message).toContain('fhir.create');
      await refused(async () => store.update(as(reader), { ...(await current('Patient', 'pa-1')), gender: 'other' } as Patient));
      await refused(async () => store.update(as(reader), { resourceType: 'Patient', id: 'brand-new', name: [{ text: '新' }] })); // update-as-create needs fhir.create
      await refused(async () => store.patch(as(reader), 'Patient', 'pa-1', [{ op: 'replace', path: '/gender', value: 'other' }]));
      await refused(async () => store.delete(as(reader), 'Patient', 'pa-1'));
      await refused(async () => store.conditionalUpdate(as(reader), 'Patient', 'name=张三', { resourceType: 'Patient', name: [{ text: '张三' }] }));
      await refused(async () => store.bundle(as(reader), { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }] }));

      const nobody = user({ id: 'u-nobody', permissions: [] });
      expect((await fhirError(store.search(as(nobody), 'Patient', []))).status).toBe(403);
      expect((await fhirError(store.read(as(nobody), 'Patient', 'pa-1'))).status).toBe(403);
      const creator = user({ id: 'u-creator', permissions: ['fhir.create'] });
      expect((await store.create(as(creator), { resourceType: 'Patient', name: [{ text: '只建' }] })).status).toBe(201);
      expect((await fhirError(store.search(as(creator), 'Patient', []))).status).toBe(403);
    });
  });

  it('conditional operations only see what the caller may see', async () => {
    await allow({ institutions: ['$own'] });
    // pb-1 (王五) exists but is invisible to doctor A: the conditional create makes a new Patient in org-a
    const r = await store.create(as(doctorA), { resourceType: 'Patient', name: [{ text: '王五' }] }, { ifNoneExist: 'name=王五' });
    expect(r.status).toBe(201);
    expect(await see(doctorA, 'Patient', 'name=王五')).toEqual([r.resource.id]);
    // and doctor B's conditional update does not touch doctor A's copy
    const { id: _id, ...pb1 } = await current('Patient', 'pb-1');
    const u = await store.conditionalUpdate(as(doctorB), 'Patient', 'name=王五', pb1 as Resource);
    expect(u.resource.id).toBe('pb-1');
    expect(u.outcome).toBe('unchanged');
  });
});
