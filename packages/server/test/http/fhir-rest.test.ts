import type { Bundle, CapabilityStatement, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { countOf, expectOutcome, idsOf, json, NOT_GOLDEN, outcomeText, tag } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('FHIR REST over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const newPatient = (extra: Partial<Patient> = {}): Patient => ({ resourceType: 'Patient', name: [{ family: `Rest${run}`, given: ['Ann'] }], gender: 'female', ...extra });

  it('create → 201 with Location and ETag; read, vread, update with If-Match (412 when stale)', async () => {
    const res = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient() });
    expect(res.status).toBe(201);
    const created = await json<Patient>(res);
    expect(created.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(created.meta?.versionId).toBe('1');
    expect(res.headers.get('etag')).toBe('W/"1"');
    const location = res.headers.get('location')!;
    expect(location).toBe(`${t.url}/fhir/R4/Patient/${created.id}/_history/1`);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);

    // The Location header is directly usable.
    const viaLocation = await fetch(location, { headers: { authorization: `Bearer ${admin}` } });
    expect(viaLocation.status).toBe(200);
    expect((await json<Patient>(viaLocation)).id).toBe(created.id);

    const read = await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    expect(read.headers.get('last-modified')).toBeTruthy();
    expect(await json<Patient>(read)).toMatchObject({ id: created.id, gender: 'female', name: [{ family: `Rest${run}` }] });

    const updated = await t.request('PUT', `/fhir/R4/Patient/${created.id}`, {
      token: admin,
      body: { ...created, gender: 'male' },
      headers: { 'if-match': 'W/"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('W/"2"');
    expect((await json<Patient>(updated)).gender).toBe('male');

    // Stale If-Match: 412, and the resource stays at version 2.
    const stale = await t.request('PUT', `/fhir/R4/Patient/${created.id}`, { token: admin, body: { ...created, gender: 'other' }, headers: { 'if-match': 'W/"1"' } });
    const o = await expectOutcome(stale, 412);
    expect(outcomeText(o)).toMatch(/version/i);
    const after = await json<Patient>(await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: admin }));
    expect(after.meta?.versionId).toBe('2');
    expect(after.gender).toBe('male');

    const v1 = await t.request('GET', `/fhir/R4/Patient/${created.id}/_history/1`, { token: admin });
    expect(v1.status).toBe(200);
    expect(v1.headers.get('etag')).toBe('W/"1"');
    expect(await json<Patient>(v1)).toMatchObject({ gender: 'female', meta: { versionId: '1' } });
    await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${created.id}/_history/9`, { token: admin }), 404);
    await expectOutcome(await t.request('GET', `/fhir/R4/Patient/does-not-exist-${run}`, { token: admin }), 404);
  });

  it('conditional create with If-None-Exist returns the existing resource (200, same id)', async () => {
    const identifier = [{ system: `urn:test:${run}`, value: 'cc-1' }];
    const headers = { 'if-none-exist': `identifier=urn:test:${run}|cc-1` };
    const first = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient({ identifier }), headers });
    expect(first.status).toBe(201);
    const a = await json<Patient>(first);
    const second = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient({ identifier }), headers });
    expect(second.status).toBe(200);
    const b = await json<Patient>(second);
    expect(b.id).toBe(a.id);
    expect(b.meta?.versionId).toBe('1');
    expect(await countOf(t, admin, 'Patient', `identifier=urn:test:${run}|cc-1`)).toBe(1);
  });

  it('conditional update PUT /Patient?identifier=sys|val: creates, then updates the match; 412 on several matches', async () => {
    const q = `identifier=${encodeURIComponent(`urn:test:${run}|cu-1`)}`;
    const identifier = [{ system: `urn:test:${run}`, value: 'cu-1' }];
    const first = await t.request('PUT', `/fhir/R4/Patient?${q}`, { token: admin, body: newPatient({ identifier }) });
    expect(first.status).toBe(201);
    const a = await json<Patient>(first);
    const second = await t.request('PUT', `/fhir/R4/Patient?${q}`, { token: admin, body: newPatient({ identifier, active: false }) });
    expect(second.status).toBe(200);
    const b = await json<Patient>(second);
    expect(b.id).toBe(a.id);
    expect(b.meta?.versionId).toBe('2');
    expect(b.active).toBe(false);

    const dup = [{ system: `urn:test:${run}`, value: 'cu-dup' }];
    for (let i = 0; i < 2; i++) expect((await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient({ identifier: dup }) })).status).toBe(201);
    await expectOutcome(await t.request('PUT', `/fhir/R4/Patient?identifier=urn:test:${run}|cu-dup`, { token: admin, body: newPatient({ identifier: dup }) }), 412);
    expect(await countOf(t, admin, 'Patient', `identifier=urn:test:${run}|cu-dup`)).toBe(2);
    // PUT on a type without criteria is not an update.
    await expectOutcome(await t.request('PUT', '/fhir/R4/Patient', { token: admin, body: newPatient() }), [400, 405]);
  });

  it('PATCH accepts only application/json-patch+json', async () => {
    const created = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient() }));
    const ops = [{ op: 'replace', path: '/gender', value: 'male' }, { op: 'add', path: '/birthDate', value: '1980-02-03' }];
    for (const type of ['application/json', 'application/fhir+json', 'text/plain', 'application/xml']) {
      const res = await t.request('PATCH', `/fhir/R4/Patient/${created.id}`, { token: admin, body: JSON.stringify(ops), headers: { 'content-type': type } });
      await expectOutcome(res, 415);
    }
    expect((await json<Patient>(await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: admin }))).meta?.versionId).toBe('1');

    const res = await t.request('PATCH', `/fhir/R4/Patient/${created.id}`, { token: admin, body: ops, headers: { 'content-type': 'application/json-patch+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"2"');
    expect(await json<Patient>(res)).toMatchObject({ gender: 'male', birthDate: '1980-02-03', meta: { versionId: '2' } });

    // A stale If-Match on PATCH is a 412; a patch leaving an invalid resource is rejected.
    await expectOutcome(
      await t.request('PATCH', `/fhir/R4/Patient/${created.id}`, { token: admin, body: ops, headers: { 'content-type': 'application/json-patch+json', 'if-match': 'W/"1"' } }),
      412,
    );
    await expectOutcome(
      await t.request('PATCH', `/fhir/R4/Patient/${created.id}`, { token: admin, body: [{ op: 'replace', path: '/gender', value: 'man' }], headers: { 'content-type': 'application/json-patch+json' } }),
      400,
    );
    await expectOutcome(await t.request('PATCH', `/fhir/R4/Patient/${created.id}`, { token: admin, body: { op: 'replace' }, headers: { 'content-type': 'application/json-patch+json' } }), 400);
    expect((await json<Patient>(await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: admin }))).meta?.versionId).toBe('2');
  });

  it('delete → 204, then read 410, search no longer finds it; instance and type _history', async () => {
    const family = `Del${run}`;
    const created = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient({ name: [{ family }] }) }));
    await t.request('PUT', `/fhir/R4/Patient/${created.id}`, { token: admin, body: { ...created, active: true } });
    const del = await t.request('DELETE', `/fhir/R4/Patient/${created.id}`, { token: admin });
    expect(del.status).toBe(204);
    expect(await del.text()).toBe('');
    await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${created.id}`, { token: admin }), 410);
    expect(await countOf(t, admin, 'Patient', `family=${family}&${NOT_GOLDEN}`)).toBe(0);
    // Deleting again is idempotent; deleting what never existed is a 404.
    expect((await t.request('DELETE', `/fhir/R4/Patient/${created.id}`, { token: admin })).status).toBe(204);
    await expectOutcome(await t.request('DELETE', `/fhir/R4/Patient/never-${run}`, { token: admin }), 404);

    const history = await json<Bundle>(await t.request('GET', `/fhir/R4/Patient/${created.id}/_history`, { token: admin }));
    expect(history.type).toBe('history');
    expect(history.total).toBe(3);
    expect(history.entry!.map((e) => e.response?.etag)).toEqual(['W/"3"', 'W/"2"', 'W/"1"']);
    expect(history.entry!.map((e) => e.request?.method)).toEqual(['DELETE', 'PUT', 'POST']);
    expect(history.entry![0].resource).toBeUndefined();
    expect(history.entry![2].resource).toMatchObject({ id: created.id, meta: { versionId: '1' } });

    const typeHistory = await json<Bundle>(await t.request('GET', '/fhir/R4/Patient/_history?_count=1000', { token: admin }));
    expect(typeHistory.type).toBe('history');
    const ours = typeHistory.entry!.filter((e) => e.fullUrl === `${t.url}/fhir/R4/Patient/${created.id}`);
    expect(ours).toHaveLength(3);
    expect(typeHistory.total).toBeGreaterThanOrEqual(typeHistory.entry!.length);

    // History paging links point at this server and can be followed.
    const page1 = await json<Bundle>(await t.request('GET', `/fhir/R4/Patient/${created.id}/_history?_count=2`, { token: admin }));
    const next = page1.link?.find((l) => l.relation === 'next')?.url;
    expect(next).toBeDefined();
    const page2 = await json<Bundle>(await fetch(next!, { headers: { authorization: `Bearer ${admin}` } }));
    expect(page2.entry!.map((e) => e.response?.etag)).toEqual(['W/"1"']);
  });

  it('search paging: following next links returns every match exactly once; _total=accurate counts them', async () => {
    const family = `Page${run}`;
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      const p = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient({ name: [{ family, given: [`G${i}`] }] }) }));
      created.push(`Patient/${p.id}`);
    }
    const seen: string[] = [];
    let url: string | undefined = `${t.url}/fhir/R4/Patient?family=${family}&${NOT_GOLDEN}&_count=3&_total=accurate`;
    let pages = 0;
    while (url) {
      expect(url.startsWith(`${t.url}/fhir/R4/Patient?`), url).toBe(true);
      const res = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
      expect(res.status).toBe(200);
      const bundle = await json<Bundle>(res);
      expect(bundle.type).toBe('searchset');
      expect(bundle.total).toBe(7);
      expect(bundle.entry!.length).toBeLessThanOrEqual(3);
      seen.push(...idsOf(bundle));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      if (++pages > 10) throw new Error('next links do not end');
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...created].sort());

    // Sorted paging too (a different ORDER BY path).
    const sorted: string[] = [];
    url = `${t.url}/fhir/R4/Patient?family=${family}&${NOT_GOLDEN}&_count=2&_sort=given`;
    while (url) {
      const bundle: Bundle = await json<Bundle>(await fetch(url, { headers: { authorization: `Bearer ${admin}` } }));
      sorted.push(...(bundle.entry ?? []).map((e) => (e.resource as Patient).name![0].given![0]));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(sorted).toEqual(['G0', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6']);

    // Without _total the server does not promise a total; entries are fullUrl'd on this server.
    const plain = await json<Bundle>(await t.request('GET', `/fhir/R4/Patient?family=${family}&${NOT_GOLDEN}`, { token: admin }));
    expect(plain.entry).toHaveLength(7);
    for (const e of plain.entry!) expect(e.fullUrl).toBe(`${t.url}/fhir/R4/Patient/${e.resource!.id}`);

    // _count=0 asks for no entries: there must be no next link that would loop forever.
    const zero = await t.request('GET', `/fhir/R4/Patient?family=${family}&_count=0`, { token: admin });
    expect(zero.status).toBe(200);
    const zb = await json<Bundle>(zero);
    expect(zb.entry ?? []).toHaveLength(0);
    expect(zb.link?.find((l) => l.relation === 'next')).toBeUndefined();

    // POST _search (form body) gives the same result as GET.
    const form = await t.request('POST', '/fhir/R4/Patient/_search', { token: admin, body: `family=${family}&${NOT_GOLDEN}&_total=accurate`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(200);
    expect((await json<Bundle>(form)).total).toBe(7);
  });

  it('unknown search parameter: 400 under Prefer: handling=strict, otherwise 200 with an outcome entry', async () => {
    const strict = await t.request('GET', `/fhir/R4/Patient?family=Rest${run}&bogus-param=1`, { token: admin, headers: { prefer: 'handling=strict' } });
    const o = await expectOutcome(strict, 400);
    expect(outcomeText(o)).toContain('bogus-param');

    const lenient = await t.request('GET', `/fhir/R4/Patient?family=Rest${run}&bogus-param=1`, { token: admin });
    expect(lenient.status).toBe(200);
    const bundle = await json<Bundle>(lenient);
    const outcomes = bundle.entry!.filter((e) => e.search?.mode === 'outcome');
    expect(outcomes).toHaveLength(1);
    const issue = (outcomes[0].resource as OperationOutcome).issue[0];
    expect(issue.severity).toBe('warning');
    expect(issue.expression).toEqual(['bogus-param']);
    expect(idsOf(bundle).length).toBeGreaterThan(0);
  });

  it('Prefer: return=minimal returns no body but Location and ETag; return=OperationOutcome returns an outcome', async () => {
    const res = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: newPatient(), headers: { prefer: 'return=minimal' } });
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('');
    expect(res.headers.get('etag')).toBe('W/"1"');
    const location = res.headers.get('location')!;
    const id = /\/Patient\/([^/]+)\/_history\/1$/.exec(location)?.[1];
    expect(id).toBeTruthy();
    expect((await t.request('GET', `/fhir/R4/Patient/${id}`, { token: admin })).status).toBe(200);

    const oo = await t.request('PUT', `/fhir/R4/Patient/${id}`, { token: admin, body: newPatient({ id, active: true }), headers: { prefer: 'return=OperationOutcome' } });
    expect(oo.status).toBe(200);
    expect((await json<OperationOutcome>(oo)).resourceType).toBe('OperationOutcome');
  });

  it('transaction Bundle with urn:uuid references commits atomically', async () => {
    const sys = `urn:tx:${run}`;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:6b5d5c0e-0000-4000-8000-000000000001',
          resource: { resourceType: 'Patient', identifier: [{ system: sys, value: 'p' }], name: [{ family: `Tx${run}` }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          fullUrl: 'urn:uuid:6b5d5c0e-0000-4000-8000-000000000002',
          resource: {
            resourceType: 'Observation',
            status: 'final',
            identifier: [{ system: sys, value: 'o' }],
            code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
            subject: { reference: 'urn:uuid:6b5d5c0e-0000-4000-8000-000000000001' },
            valueQuantity: { value: 72, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ],
    };
    const res = await t.request('POST', '/fhir/R4', { token: admin, body: bundle });
    expect(res.status).toBe(200);
    const out = await json<Bundle>(res);
    expect(out.type).toBe('transaction-response');
    expect(out.entry!.map((e) => e.response?.status)).toEqual(['201 Created', '201 Created']);
    const patientId = out.entry![0].resource!.id;
    const obs = out.entry![1].resource as Observation;
    expect(obs.subject?.reference).toBe(`Patient/${patientId}`);
    const stored = await json<Observation>(await t.request('GET', `/fhir/R4/Observation/${obs.id}`, { token: admin }));
    expect(stored.subject?.reference).toBe(`Patient/${patientId}`);
    // The reference is searchable: the observation is found through its patient.
    expect(await countOf(t, admin, 'Observation', `subject=Patient/${patientId}`)).toBe(1);

    // Atomic: one invalid entry (a bad Observation.status) and nothing of the Bundle is written.
    const before = { patients: await countOf(t, admin, 'Patient', `identifier=${sys}|`), observations: await countOf(t, admin, 'Observation', `identifier=${sys}|`) };
    expect(before).toEqual({ patients: 1, observations: 1 });
    const broken: Bundle = {
      ...bundle,
      entry: [
        { ...bundle.entry![0], resource: { resourceType: 'Patient', identifier: [{ system: sys, value: 'p2' }] } },
        { ...bundle.entry![1], resource: { ...(bundle.entry![1].resource as Observation), identifier: [{ system: sys, value: 'o2' }], status: 'bogus' as 'final' } },
        { request: { method: 'PUT', url: `Patient/${patientId}` }, resource: { resourceType: 'Patient', id: patientId, active: false, identifier: [{ system: sys, value: 'p' }] } },
      ],
    };
    const bad = await t.request('POST', '/fhir/R4', { token: admin, body: broken });
    const o = await expectOutcome(bad, 400);
    expect(o.issue[0].expression?.[0]).toBe('Bundle.entry[1]');
    expect({ patients: await countOf(t, admin, 'Patient', `identifier=${sys}|`), observations: await countOf(t, admin, 'Observation', `identifier=${sys}|`) }).toEqual(before);
    const unchanged = await json<Patient>(await t.request('GET', `/fhir/R4/Patient/${patientId}`, { token: admin }));
    expect(unchanged.meta?.versionId).toBe('1');
    expect(unchanged.active).toBeUndefined();
  });

  it('batch Bundle processes entries independently', async () => {
    const sys = `urn:batch:${run}`;
    const res = await t.request('POST', '/fhir/R4', {
      token: admin,
      body: {
        resourceType: 'Bundle',
        type: 'batch',
        entry: [
          { resource: { resourceType: 'Patient', identifier: [{ system: sys, value: 'ok' }] }, request: { method: 'POST', url: 'Patient' } },
          { resource: { resourceType: 'Patient', gender: 'man', identifier: [{ system: sys, value: 'bad' }] }, request: { method: 'POST', url: 'Patient' } },
          { request: { method: 'GET', url: 'Patient/demo-p1' } },
          { request: { method: 'GET', url: `Patient/missing-${run}` } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const out = await json<Bundle>(res);
    expect(out.type).toBe('batch-response');
    expect(out.entry!.map((e) => e.response?.status)).toEqual(['201 Created', '400', '200 OK', '404']);
    expect(out.entry![1].response?.outcome?.resourceType).toBe('OperationOutcome');
    expect(await countOf(t, admin, 'Patient', `identifier=${sys}|ok`)).toBe(1);
    expect(await countOf(t, admin, 'Patient', `identifier=${sys}|bad`)).toBe(0);

    // Not a batch or transaction: 400.
    await expectOutcome(await t.request('POST', '/fhir/R4', { token: admin, body: { resourceType: 'Bundle', type: 'collection', entry: [] } }), 400);
  });

  it('/metadata is public and tells the truth about supported search parameters', async () => {
    const res = await t.request('GET', '/fhir/R4/metadata');
    expect(res.status).toBe(200);
    const cs = await json<CapabilityStatement>(res);
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.implementation?.url).toBe(`${t.url}/fhir/R4`);
    const resources = cs.rest![0].resource!;
    const byType = (type: string) => resources.find((r) => r.type === type)!;
    const names = (type: string) => (byType(type).searchParam ?? []).map((p) => p.name);
    for (const name of ['name', 'identifier', 'birthdate', 'family', 'gender']) expect(names('Patient')).toContain(name);
    expect(names('Observation')).toContain('code');
    // The modules' operations are listed on their resource with the OperationDefinition they implement.
    const operation = (type: string, name: string) => byType(type).operation?.find((o) => o.name === name);
    expect(operation('ValueSet', 'expand')?.definition).toBe('http://hl7.org/fhir/OperationDefinition/ValueSet-expand');
    expect(operation('ValueSet', 'expand')?.documentation).toContain('/ValueSet/:id/$expand');
    expect(operation('CodeSystem', 'lookup')).toBeDefined();
    expect(operation('ConceptMap', 'translate')).toBeDefined();
    expect(operation('Patient', 'ihe-pix')?.documentation).toContain('GET/POST /Patient/$ihe-pix');
    for (const composite of ['code-value-quantity', 'combo-code-value-quantity', 'component-code-value-quantity']) expect(names('Observation')).toContain(composite);
    expect(names('Location')).toContain('near');
    // _query and _list are not supported, so not listed
    for (const r of resources) for (const p of r.searchParam ?? []) expect(['_query', '_list']).not.toContain(p.name);
    // AuditEvent is read-only.
    expect(byType('AuditEvent').interaction!.map((i) => i.code).sort()).toEqual(['read', 'search-type']);
    expect(byType('Patient').interaction!.map((i) => i.code)).toEqual(expect.arrayContaining(['create', 'read', 'vread', 'update', 'patch', 'delete', 'search-type', 'history-instance']));
  });

  it('string search name=张三 finds 张三丰 (URL-encoded UTF-8)', async () => {
    const res = await t.request('GET', `/fhir/R4/Patient?name=${encodeURIComponent('张三')}`, { token: admin });
    expect(res.status).toBe(200);
    const bundle = await json<Bundle>(res);
    expect(idsOf(bundle)).toContain('Patient/demo-p1');
    expect((bundle.entry![0].resource as Patient).name![0].text).toBe('张三丰');
    // :exact does not match a prefix.
    expect(await countOf(t, admin, 'Patient', `name:exact=${encodeURIComponent('张三')}&${NOT_GOLDEN}`)).toBe(0);
    expect(await countOf(t, admin, 'Patient', `name:exact=${encodeURIComponent('张三丰')}&${NOT_GOLDEN}`)).toBe(1);
    // The self link round-trips the encoded value.
    const self = bundle.link!.find((l) => l.relation === 'self')!.url;
    expect(idsOf(await json<Bundle>(await fetch(self, { headers: { authorization: `Bearer ${admin}` } })))).toContain('Patient/demo-p1');
  });
});
