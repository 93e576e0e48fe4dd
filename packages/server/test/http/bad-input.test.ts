import type { Bundle, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { eventsSettled, expectOutcome, idsOf, json, outcomeText, snapshot } from './helpers.ts';

const factories = await testDbFactories();
const BODY_LIMIT = 2048;

describe.each(factories)('bad input over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;

  beforeAll(async () => {
    t = await startTestPlatform(factory, { BODY_LIMIT: String(BODY_LIMIT) });
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  /** Runs a request that must be rejected and checks that no Patient (or `types`) was created, changed or deleted. */
  async function rejected(send: () => Promise<Response>, status: number | number[], types: string[] = ['Patient']) {
    await eventsSettled(t); // the index writes golden records of earlier patients in the background
    const before = await Promise.all(types.map((type) => snapshot(t, admin, type)));
    const res = await send();
    const o = await expectOutcome(res, status);
    expect(await Promise.all(types.map((type) => snapshot(t, admin, type)))).toEqual(before);
    return o;
  }

  const post = (body: unknown, headers: Record<string, string> = {}, path = '/fhir/R4/Patient') => () => t.request('POST', path, { token: admin, body, headers });

  it('malformed JSON → 400 OperationOutcome', async () => {
    const o = await rejected(post('{"resourceType":"Patient",'), 400);
    expect(outcomeText(o)).toMatch(/Malformed JSON/);
    await rejected(post("{'resourceType':'Patient'}"), 400);
    await rejected(post('', { 'content-type': 'application/fhir+json' }), 400);
    await rejected(post('null'), 400);
    await rejected(post('[{"resourceType":"Patient"}]'), 400);
    await rejected(post('"Patient"'), 400);
    // Bundles too.
    await rejected(post('{"resourceType":"Bundle","type":"transaction","entry":[', {}, '/fhir/R4'), 400);
  });

  it('wrong content type → 415', async () => {
    const body = JSON.stringify({ resourceType: 'Patient' });
    for (const type of ['text/plain', 'application/xml', 'application/fhir+xml', 'multipart/form-data; boundary=x', 'application/octet-stream']) {
      const o = await rejected(post(body, { 'content-type': type }), 415);
      expect(outcomeText(o)).toMatch(/content type/i);
    }
    await rejected(() => t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: admin, body, headers: { 'content-type': 'text/plain' } }), 415);
    await rejected(post(body, { 'content-type': 'application/xml' }, '/fhir/R4'), 415);
  });

  it(`body over the limit (${BODY_LIMIT} bytes) → 413`, async () => {
    const big: Patient = { resourceType: 'Patient', name: [{ text: 'x'.repeat(BODY_LIMIT) }] };
    const o = await rejected(post(big), 413);
    expect(o.issue[0].code).toBe('too-costly');
    await rejected(() => t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: admin, body: { ...big, id: 'demo-p1' } }), 413);
    await rejected(post({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: big, request: { method: 'POST', url: 'Patient' } }] }, {}, '/fhir/R4'), 413);
    // Streamed without Content-Length (chunked) is limited too.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(JSON.stringify(big)));
        c.close();
      },
    });
    await rejected(
      () => fetch(`${t.url}/fhir/R4/Patient`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/fhir+json' }, body: stream, duplex: 'half' } as RequestInit),
      413,
    );
    // Just under the limit is fine.
    const fits = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: { resourceType: 'Patient', name: [{ text: 'y'.repeat(BODY_LIMIT - 200) }] } });
    expect(fits.status).toBe(201);
  });

  it('unknown resource type → 404/400 OperationOutcome', async () => {
    await expectOutcome(await t.request('GET', '/fhir/R4/Foo', { token: admin }), [400, 404]);
    await expectOutcome(await t.request('GET', '/fhir/R4/Foo/1', { token: admin }), [400, 404]);
    await expectOutcome(await t.request('GET', '/fhir/R4/patient', { token: admin }), [400, 404]);
    await rejected(post({ resourceType: 'Foo' }, {}, '/fhir/R4/Foo'), [400, 404]);
    await rejected(() => t.request('PUT', '/fhir/R4/Foo/x', { token: admin, body: { resourceType: 'Foo', id: 'x' } }), [400, 404]);
    await rejected(post({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Foo' }, request: { method: 'POST', url: 'Foo' } }] }, {}, '/fhir/R4'), [400, 404]);
  });

  it('invalid ids → 400 (bad characters, over 64 characters); very long path segments are an OperationOutcome too', async () => {
    for (const id of ['bad$id', 'a'.repeat(65), 'a'.repeat(150), 'sp%20ace', '%C3%A9t%C3%A9']) {
      await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${id}`, { token: admin }), 400);
      await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${id}/_history`, { token: admin }), 400);
      await rejected(() => t.request('PUT', `/fhir/R4/Patient/${id}`, { token: admin, body: { resourceType: 'Patient' } }), 400);
      await rejected(() => t.request('DELETE', `/fhir/R4/Patient/${id}`, { token: admin }), 400);
    }
    // 64 characters is still a valid id (not found, not invalid).
    await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${'a'.repeat(64)}`, { token: admin }), 404);
    // Beyond the router's parameter limit the answer is still a FHIR OperationOutcome, not a framework error body.
    const long = await t.request('GET', `/fhir/R4/Patient/${'a'.repeat(300)}`, { token: admin });
    expect(long.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    await expectOutcome(long, [400, 414]);
    await rejected(() => t.request('PUT', `/fhir/R4/Patient/${'b'.repeat(300)}`, { token: admin, body: { resourceType: 'Patient' } }), [400, 414]);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p1/_history/abc', { token: admin }), 400);
    // Malformed percent-encoding in the path: an OperationOutcome, not a framework error body.
    const badUrl = await t.request('GET', '/fhir/R4/Patient/%E0%A4%A', { token: admin });
    expect(badUrl.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    await expectOutcome(badUrl, 400);
    await rejected(() => t.request('PUT', '/fhir/R4/Patient/%ZZ', { token: admin, body: { resourceType: 'Patient' } }), 400);
  });

  it('body resourceType differing from the URL, and id mismatch on PUT → 400', async () => {
    const o = await rejected(post({ resourceType: 'Observation', status: 'final', code: { text: 'x' } }), 400, ['Patient', 'Observation']);
    expect(outcomeText(o)).toMatch(/resourceType/);
    await rejected(post({ name: [{ text: 'no type' }] }), 400);
    await rejected(() => t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: admin, body: { resourceType: 'Observation', id: 'demo-p1', status: 'final', code: { text: 'x' } } }), 400, ['Patient', 'Observation']);
    const mismatch = await rejected(() => t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: admin, body: { resourceType: 'Patient', id: 'demo-p2', active: false } }), 400);
    expect(outcomeText(mismatch)).toMatch(/does not match/);
    expect(mismatch.issue[0].expression).toEqual(['Patient.id']);
    // Conditional update with the wrong type in the body.
    await rejected(() => t.request('PUT', '/fhir/R4/Patient?identifier=x|y', { token: admin, body: { resourceType: 'Observation', status: 'final', code: { text: 'x' } } }), 400, ['Patient', 'Observation']);
    // Neither demo patient changed.
    for (const id of ['demo-p1', 'demo-p2']) expect((await json<Patient>(await t.request('GET', `/fhir/R4/Patient/${id}`, { token: admin }))).meta?.versionId).toBe('1');
  });

  it('validation failures → 400 naming the element', async () => {
    const gender = await rejected(post({ resourceType: 'Patient', gender: 'man' }), 400);
    expect(gender.issue.some((i) => i.expression?.includes('Patient.gender'))).toBe(true);
    const unknown = await rejected(post({ resourceType: 'Patient', favouriteColour: 'blue' }), 400);
    expect(unknown.issue.some((i) => i.expression?.includes('Patient.favouriteColour'))).toBe(true);
    const birth = await rejected(post({ resourceType: 'Patient', birthDate: '12/03/1956' }), 400);
    expect(birth.issue.some((i) => i.expression?.some((e) => e.startsWith('Patient.birthDate')))).toBe(true);
    await rejected(post({ resourceType: 'Patient', name: [{ text: 'a\u0000b' }] }), 400);
    await rejected(post({ resourceType: 'Patient', active: 'yes' }), 400);
    // Also through PUT (update of an existing resource) and in a transaction.
    await rejected(() => t.request('PUT', '/fhir/R4/Patient/demo-p1', { token: admin, body: { resourceType: 'Patient', id: 'demo-p1', gender: 'man' } }), 400);
    await rejected(post({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', gender: 'man' }, request: { method: 'POST', url: 'Patient' } }] }, {}, '/fhir/R4'), 400);
  });

  it('"__proto__" members are rejected rather than stored', async () => {
    await rejected(post('{"resourceType":"Patient","__proto__":{"active":true}}'), 400);
    await rejected(post('{"resourceType":"Patient","name":[{"\\u005f_proto__":{"x":1}}]}'), 400);
    await rejected(post('{"resourceType":"Patient","constructor":{"prototype":{"x":1}}}'), 400);
    // A \u escape elsewhere is ordinary JSON and still accepted.
    const ok = await t.request('POST', '/fhir/R4/Patient', { token: admin, body: '{"resourceType":"Patient","name":[{"text":"\\u674e\\u56db"}]}' });
    expect(ok.status).toBe(201);
    expect((await json<Patient>(ok)).name![0].text).toBe('李四');
    expect(({} as Record<string, unknown>).active).toBeUndefined();
  });

  it('injection attempts in search values, _sort, _count and paths: 4xx or empty, and the database stays intact', async () => {
    await eventsSettled(t); // golden records of the demo patients are written by the index in the background
    const before = await snapshot(t, admin);
    const attempts: [string, number[]][] = [
      [`name=${encodeURIComponent("' or 1=1--")}`, [200]],
      [`name=${encodeURIComponent("'; drop table fhir_resource; --")}`, [200]],
      [`_id=${encodeURIComponent("x' or '1'='1")}`, [200]],
      [`identifier=${encodeURIComponent("a|b' or 1=1--")}`, [200]],
      [`family:contains=${encodeURIComponent('%')}`, [200]],
      [`family:contains=${encodeURIComponent('_')}`, [200]],
      [`_sort=${encodeURIComponent('name;drop table fhir_resource')}`, [400]],
      [`_sort=${encodeURIComponent('-birthdate,(select 1)')}`, [400]],
      ['_count=abc', [400]],
      ['_count=-1', [400]],
      ['_count=99999999999999', [400]],
      ['_offset=abc', [400]],
      [`birthdate=${encodeURIComponent("2020' or 1=1--")}`, [400]],
      [`_lastUpdated=${encodeURIComponent('gt2020-01-01;drop table fhir_resource')}`, [400]],
      [`name=${encodeURIComponent('\u0000')}`, [400]],
      [`_elements=${encodeURIComponent('id;drop table fhir_resource')}`, [200]],
    ];
    for (const [query, statuses] of attempts) {
      const res = await t.request('GET', `/fhir/R4/Patient?${query}`, { token: admin });
      const text = await res.text();
      expect(statuses, `${query} → ${res.status} ${text.slice(0, 200)}`).toContain(res.status);
      const body = JSON.parse(text) as Bundle;
      if (res.status === 200) {
        // Only the _elements case may match anything; the others must not widen the result.
        if (!query.startsWith('_elements')) expect(idsOf(body), query).toEqual([]);
      } else {
        expect(body.resourceType).toBe('OperationOutcome');
      }
    }
    // History _since that a lenient date parser would accept must not become a 500.
    for (const since of ["x' or 1=1", '2020-13-45', '\u0000']) {
      await expectOutcome(await t.request('GET', `/fhir/R4/Patient/_history?_since=${encodeURIComponent(since)}`, { token: admin }), 400);
    }
    await expectOutcome(await t.request('GET', `/fhir/R4/${encodeURIComponent('Patient;drop table fhir_resource')}`, { token: admin }), [400, 404]);
    await expectOutcome(await t.request('GET', `/fhir/R4/Patient/${encodeURIComponent("demo-p1' or '1'='1")}`, { token: admin }), 400);
    await rejected(() => t.request('PUT', `/fhir/R4/Patient?identifier=${encodeURIComponent('\u0000')}`, { token: admin, body: { resourceType: 'Patient' } }), 400);
    // Conditional-create criteria are parsed strictly: an unknown (injected) parameter name is a 400, nothing created.
    await rejected(post({ resourceType: 'Patient' }, { 'if-none-exist': "bogus' or 1=1--=x" }), 400);
    // An unknown parameter name is ignored (and reported), or a 400 under strict handling: never SQL.
    const strict = await t.request('GET', `/fhir/R4/Patient?${encodeURIComponent("name' or 1=1--")}=x`, { token: admin, headers: { prefer: 'handling=strict' } });
    await expectOutcome(strict, 400);

    // Still intact: the demo patients are all there, searches work, nothing was written by the attempts.
    expect(await snapshot(t, admin)).toEqual(before);
    const all = await json<Bundle>(await t.request('GET', '/fhir/R4/Patient?_id=demo-p1,demo-p2,demo-p3,demo-p4,demo-p5', { token: admin }));
    expect(idsOf(all).sort()).toEqual(['Patient/demo-p1', 'Patient/demo-p2', 'Patient/demo-p3', 'Patient/demo-p4', 'Patient/demo-p5']);
    expect(idsOf(await json<Bundle>(await t.request('GET', `/fhir/R4/Patient?name=${encodeURIComponent('张三')}`, { token: admin })))).toContain('Patient/demo-p1');
  });
});
