import type { Bundle, BundleEntry, DiagnosticReport, Encounter, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import type { FhirStore } from '../../src/store/fhir-store.ts';
import { counts, fhirError, ids, openStore, q, type StoreFixture } from './helpers.ts';
import { testDbFactories } from '../dbs.ts';

const OID = 'urn:oid:2.16.156.10011.1.3';
const LAB_ID = 'http://medunion.org/fhir/sid/lab-result';
const ctx = { principal: SYSTEM_PRINCIPAL };

let seq = 0;
const nextIdCard = () => `3301021985${String(++seq).padStart(8, '0')}`;

const patient = (idCard: string, extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  identifier: [{ system: OID, value: idCard }],
  name: [{ text: '王五', family: '王', given: ['五'] }],
  gender: 'male',
  birthDate: '1985-06-01',
  ...extra,
});

const observation = (subject: string, extra: Partial<Observation> = {}): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }] },
  subject: { reference: subject },
  effectiveDateTime: '2024-03-01T10:00:00+08:00',
  valueQuantity: { value: 128, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
  ...extra,
});

const post = (resource: Resource, fullUrl?: string, ifNoneExist?: string): BundleEntry => ({
  ...(fullUrl ? { fullUrl } : {}),
  resource,
  request: { method: 'POST', url: resource.resourceType, ...(ifNoneExist ? { ifNoneExist } : {}) },
});

const statuses = (b: Bundle) => b.entry!.map((e) => e.response?.status);

const factories = await testDbFactories();

describe.each(factories)('Bundle processing on $name', (factory) => {
  let fx: StoreFixture;
  let store: FhirStore;

  beforeAll(async () => {
    fx = await openStore(factory);
    store = fx.store;
  });
  afterAll(() => fx?.close());

  describe('transaction', () => {
    it('resolves urn:uuid references between entries, whatever their order', async () => {
      const idCard = nextIdCard();
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          // the Observation comes first and refers forward to both the Patient and the Encounter
          post(observation('urn:uuid:11111111-0000-4000-8000-000000000001', { encounter: { reference: 'urn:uuid:11111111-0000-4000-8000-000000000002' } }), 'urn:uuid:11111111-0000-4000-8000-000000000003'),
          post(patient(idCard), 'urn:uuid:11111111-0000-4000-8000-000000000001'),
          post(
            {
              resourceType: 'Encounter',
              status: 'finished',
              class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
              subject: { reference: 'urn:uuid:11111111-0000-4000-8000-000000000001' },
            } as Encounter,
            'urn:uuid:11111111-0000-4000-8000-000000000002',
          ),
          post(
            {
              resourceType: 'DiagnosticReport',
              status: 'final',
              code: { text: '血常规' },
              subject: { reference: 'urn:uuid:11111111-0000-4000-8000-000000000001' },
              result: [{ reference: 'urn:uuid:11111111-0000-4000-8000-000000000003' }],
            } as DiagnosticReport,
          ),
        ],
      };
      const before = await counts(fx.db);
      const response = await store.bundle(ctx, bundle);
      expect(response.type).toBe('transaction-response');
      expect(statuses(response)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created']);
      const [obsE, patE, encE, drE] = response.entry!;
      const patId = patE.resource!.id!;
      expect(patE.fullUrl).toBe(`Patient/${patId}`);
      expect(patE.response).toMatchObject({ location: `Patient/${patId}/_history/1`, etag: 'W/"1"' });

      const obs = (await store.read(ctx, 'Observation', obsE.resource!.id!)) as Observation;
      expect(obs.subject?.reference).toBe(`Patient/${patId}`);
      expect(obs.encounter?.reference).toBe(`Encounter/${encE.resource!.id}`);
      const dr = (await store.read(ctx, 'DiagnosticReport', drE.resource!.id!)) as DiagnosticReport;
      expect(dr.result?.[0].reference).toBe(`Observation/${obs.id}`);
      expect(JSON.stringify(await store.read(ctx, 'Encounter', encE.resource!.id!))).not.toContain('urn:uuid');

      // the rewritten references are indexed: searches and chains find them
      expect(ids((await store.search(ctx, 'Observation', q(`subject=${patId}`))).resources)).toEqual([obs.id]);
      expect(ids((await store.search(ctx, 'Observation', q(`subject:Patient.identifier=${OID}|${idCard}`))).resources)).toEqual([obs.id]);
      expect(ids((await store.search(ctx, 'DiagnosticReport', q(`result=Observation/${obs.id}`))).resources)).toEqual([dr.id]);
      const after = await counts(fx.db);
      expect(after.resources).toBe(before.resources + 4);
      expect(after.history).toBe(before.history + 4);
    });

    it('is atomic: an invalid 3rd entry rolls back entries 1–2 and the error names Bundle.entry[2]', async () => {
      const before = await counts(fx.db);
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          post(patient(nextIdCard()), 'urn:uuid:22222222-0000-4000-8000-000000000001'),
          post(observation('urn:uuid:22222222-0000-4000-8000-000000000001')),
          post({ resourceType: 'Patient', gender: 'bogus' } as unknown as Patient),
        ],
      };
      const err = await fhirError(store.bundle(ctx, bundle));
      expect(err.status).toBe(400);
      const expressions = err.issues.flatMap((i) => i.expression ?? []);
      expect(expressions).toContain('Bundle.entry[2]');
      expect(expressions).toContain('Patient.gender');
      expect(await counts(fx.db)).toEqual(before);
    });

    it('rolls back updates and deletes too (412 on a stale If-Match in the last entry)', async () => {
      const { resource: existing } = await store.create(ctx, patient(nextIdCard()));
      const { resource: doomed } = await store.create(ctx, patient(nextIdCard()));
      const before = await counts(fx.db);
      const changes = fx.changes.length;
      const err = await fhirError(
        store.bundle(ctx, {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { request: { method: 'DELETE', url: `Patient/${doomed.id}` } },
            { resource: { ...existing, gender: 'female' } as Patient, request: { method: 'PUT', url: `Patient/${existing.id}` } },
            post(observation(`Patient/${existing.id}`)),
            { resource: { ...existing, gender: 'other' } as Patient, request: { method: 'PUT', url: `Patient/${existing.id}`, ifMatch: 'W/"1"' } },
          ],
        }),
      );
      expect(err.status).toBe(412);
      expect(err.issues[0].expression).toContain('Bundle.entry[3]');
      expect(await counts(fx.db)).toEqual(before);
      expect(fx.changes.length).toBe(changes); // nothing reached the outbox
      expect(await store.read(ctx, 'Patient', doomed.id!)).toEqual(doomed);
      expect(await store.read(ctx, 'Patient', existing.id!)).toEqual(existing);
    });

    it('runs DELETE, POST, PUT, PATCH and GET entries and answers in entry order', async () => {
      const { resource: a } = await store.create(ctx, patient(nextIdCard()));
      const { resource: b } = await store.create(ctx, patient(nextIdCard()));
      const patch = [{ op: 'replace', path: '/gender', value: 'female' }];
      const response = await store.bundle(ctx, {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          { request: { method: 'GET', url: `Patient/${a.id}` } },
          {
            resource: { resourceType: 'Binary', contentType: 'application/json-patch+json', data: Buffer.from(JSON.stringify(patch)).toString('base64') },
            request: { method: 'PATCH', url: `Patient/${a.id}` },
          },
          { request: { method: 'DELETE', url: `Patient/${b.id}` } },
          { resource: { ...patient(nextIdCard()), id: 'tx-put-1' }, request: { method: 'PUT', url: 'Patient/tx-put-1' } },
          { request: { method: 'GET', url: `Patient?_id=${a.id},${b.id},tx-put-1&_total=accurate` } },
        ],
      });
      expect(statuses(response)).toEqual(['200 OK', '200 OK', '204 No Content', '201 Created', '200 OK']);
      // GET runs last, so it sees the patched version
      expect(response.entry![0].resource).toMatchObject({ id: a.id, gender: 'female', meta: { versionId: '2' } });
      const searchset = response.entry![4].resource as Bundle;
      expect(searchset.total).toBe(2);
      expect((await fhirError(store.read(ctx, 'Patient', b.id!))).status).toBe(410);
    });

    it('reads a version with GET Type/id/_history/n and rejects id-less PATCH/DELETE and mismatched PUT ids', async () => {
      const created = (await store.create(ctx, patient(nextIdCard()))).resource;
      await store.update(ctx, { ...created, gender: 'female' } as Patient);
      const read = await store.bundle(ctx, { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'GET', url: `Patient/${created.id}/_history/1` } }] });
      expect((read.entry![0].resource as Patient).gender).toBe((created as Patient).gender);
      expect(read.entry![0].resource!.meta?.versionId).toBe('1');
      const before = await counts(fx.db);
      for (const entry of [
        { request: { method: 'DELETE' as const, url: 'Patient?identifier=x|y' } },
        { request: { method: 'PUT' as const, url: `Patient/${created.id}` }, resource: { ...created, id: 'someone-else' } },
      ]) {
        const err = await fhirError(store.bundle(ctx, { resourceType: 'Bundle', type: 'transaction', entry: [entry] }));
        expect(err.status).toBe(400);
        expect(err.issues[0].expression?.[0]).toBe('Bundle.entry[0]');
      }
      expect(await counts(fx.db)).toEqual(before);
    });

    it('a conditional create is idempotent when the same bundle is uploaded again', async () => {
      const idCard = nextIdCard();
      const labNo = `LAB-${idCard}`;
      const make = (): Bundle => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          post(observation('urn:uuid:33333333-0000-4000-8000-000000000001', { identifier: [{ system: LAB_ID, value: labNo }] }), 'urn:uuid:33333333-0000-4000-8000-000000000002', `identifier=${LAB_ID}|${labNo}`),
          post(patient(idCard), 'urn:uuid:33333333-0000-4000-8000-000000000001', `identifier=${OID}|${idCard}`),
        ],
      });
      const first = await store.bundle(ctx, make());
      expect(statuses(first)).toEqual(['201 Created', '201 Created']);
      const patId = first.entry![1].resource!.id;
      expect((first.entry![0].resource as Observation).subject?.reference).toBe(`Patient/${patId}`);

      const before = await counts(fx.db);
      const second = await store.bundle(ctx, make());
      expect(statuses(second)).toEqual(['200 OK', '200 OK']);
      expect(second.entry!.map((e) => e.resource!.id)).toEqual(first.entry!.map((e) => e.resource!.id));
      expect(await counts(fx.db)).toEqual(before);
      expect((await store.search(ctx, 'Patient', q(`identifier=${OID}|${idCard}`))).resources).toHaveLength(1);
    });

    it('entries that reference a conditionally-created entry point at the existing resource, even if listed before it', async () => {
      const idCard = nextIdCard();
      const { resource: existing } = await store.create(ctx, patient(idCard));
      const response = await store.bundle(ctx, {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          post(observation('urn:uuid:44444444-0000-4000-8000-000000000001')),
          post(patient(idCard), 'urn:uuid:44444444-0000-4000-8000-000000000001', `identifier=${OID}|${idCard}`),
          post(observation('urn:uuid:44444444-0000-4000-8000-000000000001', { valueQuantity: { value: 99, unit: 'g/L' } })),
        ],
      });
      expect(statuses(response)).toEqual(['201 Created', '200 OK', '201 Created']);
      expect(response.entry![1].resource!.id).toBe(existing.id);
      for (const i of [0, 2]) {
        const obs = (await store.read(ctx, 'Observation', response.entry![i].resource!.id!)) as Observation;
        expect(obs.subject?.reference, `entry ${i}`).toBe(`Patient/${existing.id}`);
      }
      expect((await store.search(ctx, 'Observation', q(`subject=${existing.id}`))).resources).toHaveLength(2);
    });

    it('a conditional create matching several resources fails the whole transaction with 412', async () => {
      const idCard = nextIdCard();
      await store.create(ctx, patient(idCard));
      await store.create(ctx, patient(idCard));
      const before = await counts(fx.db);
      const err = await fhirError(
        store.bundle(ctx, {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [post(patient(nextIdCard())), post(patient(idCard), 'urn:uuid:55555555-0000-4000-8000-000000000001', `identifier=${OID}|${idCard}`)],
        }),
      );
      expect(err.status).toBe(412);
      expect(err.issues[0].expression).toContain('Bundle.entry[1]');
      expect(await counts(fx.db)).toEqual(before);
    });

    it('concurrent uploads of one conditional bundle create the patient once', async () => {
      const idCard = nextIdCard();
      const make = (i: number): Bundle => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          post(observation('urn:uuid:66666666-0000-4000-8000-000000000001', { valueQuantity: { value: 100 + i, unit: 'g/L' } })),
          post(patient(idCard), 'urn:uuid:66666666-0000-4000-8000-000000000001', `identifier=${OID}|${idCard}`),
        ],
      });
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.bundle(ctx, make(i))));
      const patientIds = new Set(results.map((r) => r.entry![1].resource!.id));
      expect(patientIds.size).toBe(1);
      const [patId] = patientIds;
      expect((await store.search(ctx, 'Patient', q(`identifier=${OID}|${idCard}`))).resources).toHaveLength(1);
      expect((await store.search(ctx, 'Observation', q(`subject=Patient/${patId}`))).resources).toHaveLength(8);
    });
  });

  describe('batch', () => {
    it('reports each entry separately and keeps the successful ones', async () => {
      const before = await counts(fx.db);
      const okCard = nextIdCard();
      const response = await store.bundle(ctx, {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          post(patient(okCard)),
          post({ resourceType: 'Patient', gender: 'bogus' } as unknown as Patient),
          { resource: { ...patient(nextIdCard()), id: 'batch-put-1' }, request: { method: 'PUT', url: 'Patient/batch-put-1' } },
          { request: { method: 'GET', url: 'Patient/does-not-exist' } },
          { request: { method: 'DELETE', url: 'Patient/does-not-exist' } },
          { request: { method: 'GET', url: `Patient?identifier=${OID}|${okCard}` } },
        ],
      });
      expect(response.type).toBe('batch-response');
      expect(statuses(response)).toEqual(['201 Created', '400', '201 Created', '404', '404', '200 OK']);
      const bad = response.entry![1].response!.outcome!;
      expect(bad.issue.flatMap((i) => i.expression ?? [])).toContain('Patient.gender');
      // batch entries are independent: the GET sees the POST before it
      expect((response.entry![5].resource as Bundle).entry).toHaveLength(1);
      const after = await counts(fx.db);
      expect(after.resources).toBe(before.resources + 2);
      expect(await store.read(ctx, 'Patient', 'batch-put-1')).toMatchObject({ id: 'batch-put-1' });
    });

    it('urn:uuid references are not resolved across batch entries', async () => {
      const response = await store.bundle(ctx, {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [post(patient(nextIdCard()), 'urn:uuid:77777777-0000-4000-8000-000000000001'), post(observation('urn:uuid:77777777-0000-4000-8000-000000000001'))],
      });
      expect(statuses(response)).toEqual(['201 Created', '201 Created']);
      expect((response.entry![1].resource as Observation).subject?.reference).toBe('urn:uuid:77777777-0000-4000-8000-000000000001');
    });
  });

  describe('malformed bundles', () => {
    it('are rejected before anything is written', async () => {
      const before = await counts(fx.db);
      const cases: unknown[] = [
        { resourceType: 'Patient' },
        { resourceType: 'Bundle', type: 'collection', entry: [] },
        { resourceType: 'Bundle', type: 'transaction', entry: [post(patient(nextIdCard())), { resource: patient(nextIdCard()) }] },
        { resourceType: 'Bundle', type: 'transaction', entry: [post(patient(nextIdCard())), { request: { method: 'PATCH', url: 'Patient/x' } }] },
        { resourceType: 'Bundle', type: 'transaction', entry: [post(patient(nextIdCard())), { request: { method: 'TRACE', url: 'Patient' } }] },
      ];
      for (const b of cases) expect((await fhirError(store.bundle(ctx, b as Bundle))).status, JSON.stringify(b).slice(0, 80)).toBe(400);
      expect(await counts(fx.db)).toEqual(before);
      const empty = await store.bundle(ctx, { resourceType: 'Bundle', type: 'transaction' });
      expect(empty).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response', entry: [] });
    });
  });
});
