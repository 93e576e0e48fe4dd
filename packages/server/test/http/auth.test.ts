import type { Bundle, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { DEMO_PASSWORD, startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, idsOf, json, outcomeText, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };
const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

describe.each(factories)('authentication over HTTP on $name', (factory) => {
  let t: TestPlatform;
  let admin: string;
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    admin = await t.login('admin');
  });
  afterAll(async () => t?.close());

  const login = (username: string, password: string, extra: Record<string, string> = {}) =>
    t.request('POST', '/auth/login', { body: { username, password, ...extra }, headers: JSON_HEADERS });
  const me = async (token: string) => t.request('GET', '/auth/me', { token });
  const createUser = async (body: Record<string, unknown>) => {
    const res = await t.request('POST', '/api/admin/users', { token: admin, body, headers: JSON_HEADERS });
    expect(res.status, await res.clone().text()).toBe(201);
    return json<{ id: string; username: string }>(res);
  };

  it('POST /auth/login returns access_token, refresh_token and expires_in; wrong password → 401 OperationOutcome', async () => {
    const ok = await login('lead.doctor', DEMO_PASSWORD);
    expect(ok.status).toBe(200);
    const pair = await json<TokenPair>(ok);
    expect(pair.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(pair.refresh_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(pair.expires_in).toBe(3600);
    expect(pair.token_type).toBe('Bearer');
    expect(await json(await me(pair.access_token))).toMatchObject({ username: 'lead.doctor', institution: 'lead-hospital', roles: ['doctor'] });

    const wrong = await login('lead.doctor', 'Wrong@2026');
    const o = await expectOutcome(wrong, 401);
    expect(o.issue[0].code).toBe('login');
    // Unknown user and wrong password look the same.
    const unknown = await expectOutcome(await login(`nobody-${run}`, 'Wrong@2026'), 401);
    expect(outcomeText(unknown)).toBe(outcomeText(o));
    // The password is never echoed.
    expect(JSON.stringify(o)).not.toContain('Wrong@2026');
    // Missing fields → 400.
    await expectOutcome(await t.request('POST', '/auth/login', { body: { username: 'lead.doctor' }, headers: JSON_HEADERS }), 400);
    // A form-encoded login works as well.
    const form = await t.request('POST', '/auth/login', { body: `username=lead.nurse&password=${encodeURIComponent(DEMO_PASSWORD)}`, headers: FORM_HEADERS });
    expect(form.status).toBe(200);
  });

  it('locks an account after 5 failures (423 with a message), even for the right password', async () => {
    const username = `lock-${run}`;
    await createUser({ username, password: 'Lock@12345', roles: [{ role: 'nurse', institution: 'thc-hexi' }] });
    for (let i = 1; i <= 4; i++) await expectOutcome(await login(username, `Bad@${i}xxxx`), 401);
    const fifth = await expectOutcome(await login(username, 'Bad@5xxxx'), 423);
    expect(fifth.issue[0].code).toBe('lock-error');
    expect(outcomeText(fifth)).toMatch(/locked until \d{4}-\d{2}-\d{2}T/i);
    const right = await expectOutcome(await login(username, 'Lock@12345'), 423);
    expect(outcomeText(right)).toMatch(/locked/i);
    // Other accounts are unaffected.
    expect((await login('hexi.doctor', DEMO_PASSWORD)).status).toBe(200);
  });

  it('/auth/refresh rotates: the new pair works, the used refresh token is rejected and its reuse ends the session', async () => {
    const first = await json<TokenPair>(await login('hexi.doctor', DEMO_PASSWORD));
    const refreshed = await t.request('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token }, headers: JSON_HEADERS });
    expect(refreshed.status).toBe(200);
    const second = await json<TokenPair>(refreshed);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await me(second.access_token)).status).toBe(200);

    // Reuse of the consumed refresh token: rejected, and the session (including the rotated tokens) ends.
    const reuse = await t.request('POST', '/auth/refresh', { body: { refresh_token: first.refresh_token }, headers: JSON_HEADERS });
    const o = await expectOutcome(reuse, 401);
    expect((o as OperationOutcome & { error?: string }).error).toBe('invalid_grant');
    await expectOutcome(await t.request('POST', '/auth/refresh', { body: { refresh_token: second.refresh_token }, headers: JSON_HEADERS }), 401);
    await expectOutcome(await me(second.access_token), 401);

    // An access token is not a refresh token, and garbage is rejected.
    const other = await json<TokenPair>(await login('hexi.doctor', DEMO_PASSWORD));
    await expectOutcome(await t.request('POST', '/auth/refresh', { body: { refresh_token: other.access_token }, headers: JSON_HEADERS }), 401);
    await expectOutcome(await t.request('POST', '/auth/refresh', { body: { refresh_token: 'not-a-token' }, headers: JSON_HEADERS }), 401);
    expect((await me(other.access_token)).status).toBe(200);
  });

  it('/auth/logout revokes the token (then 401) and the session refresh token', async () => {
    const pair = await json<TokenPair>(await login('lead.nurse', DEMO_PASSWORD));
    expect((await t.request('GET', '/fhir/R4/Patient?_count=1', { token: pair.access_token })).status).toBe(200);
    const out = await t.request('POST', '/auth/logout', { token: pair.access_token });
    expect(out.status).toBe(204);
    const after = await t.request('GET', '/fhir/R4/Patient?_count=1', { token: pair.access_token });
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectOutcome(after, 401);
    await expectOutcome(await me(pair.access_token), 401);
    await expectOutcome(await t.request('POST', '/auth/refresh', { body: { refresh_token: pair.refresh_token }, headers: JSON_HEADERS }), 401);
    // Logging out twice, or without a token: 401.
    await expectOutcome(await t.request('POST', '/auth/logout', { token: pair.access_token }), 401);
    await expectOutcome(await t.request('POST', '/auth/logout'), 401);
  });

  it('/oauth2/token client_credentials: a client bound to lead-hospital sees only its institution', async () => {
    const created = await t.request('POST', '/api/admin/clients', { token: admin, body: { name: `HIS ${run}`, institution: 'lead-hospital', roles: ['interface'] }, headers: JSON_HEADERS });
    expect(created.status).toBe(201);
    const { clientId, clientSecret } = await json<{ clientId: string; clientSecret: string }>(created);
    expect(clientId).toBeTruthy();
    expect(clientSecret.length).toBeGreaterThanOrEqual(32);

    const res = await t.request('POST', '/oauth2/token', { body: `grant_type=client_credentials&client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(clientSecret)}`, headers: FORM_HEADERS });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const token = await json<{ access_token: string; expires_in: number; token_type: string; refresh_token?: string }>(res);
    expect(token.token_type).toBe('Bearer');
    expect(token.expires_in).toBeGreaterThan(0);
    expect(token.refresh_token).toBeUndefined();

    const bundle = await json<Bundle>(await t.request('GET', '/fhir/R4/Patient?_id=demo-p1,demo-p2,demo-p3,demo-p4,demo-p5&_total=accurate', { token: token.access_token }));
    expect(idsOf(bundle).sort()).toEqual(['Patient/demo-p1', 'Patient/demo-p2', 'Patient/demo-p5']);
    expect(bundle.total).toBe(3);
    expect((await t.request('GET', '/fhir/R4/Patient/demo-p1', { token: token.access_token })).status).toBe(200);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient/demo-p3', { token: token.access_token }), 403);
    // What it writes belongs to its institution.
    const written = await json<Patient>(await t.request('POST', '/fhir/R4/Patient', { token: token.access_token, body: { resourceType: 'Patient', name: [{ family: `Client${run}` }] } }));
    expect(written.meta?.extension?.[0]?.valueReference?.reference).toBe('Organization/lead-hospital');
    expect((await t.request('GET', `/fhir/R4/Patient/${written.id}`, { token: await t.login('hexi.doctor') })).status).toBe(403);

    // HTTP Basic client authentication (RFC 6749 §2.3.1) works too.
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const viaBasic = await t.request('POST', '/oauth2/token', { body: 'grant_type=client_credentials', headers: { ...FORM_HEADERS, authorization: `Basic ${basic}` } });
    expect(viaBasic.status).toBe(200);

    // Wrong secret / unknown client → 401 invalid_client (RFC 6749 error body).
    for (const body of [`grant_type=client_credentials&client_id=${clientId}&client_secret=wrong`, 'grant_type=client_credentials&client_id=cli_nope&client_secret=wrong', 'grant_type=client_credentials']) {
      const bad = await t.request('POST', '/oauth2/token', { body, headers: FORM_HEADERS });
      expect(bad.status).toBe(401);
      expect(await json<{ error: string }>(bad)).toMatchObject({ error: 'invalid_client' });
    }
    // Unsupported grant → 400 unsupported_grant_type; missing grant_type → 400.
    const unsupported = await t.request('POST', '/oauth2/token', { body: 'grant_type=authorization_code&code=x', headers: FORM_HEADERS });
    expect(unsupported.status).toBe(400);
    expect(await json<{ error: string }>(unsupported)).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await t.request('POST', '/oauth2/token', { body: 'client_id=x', headers: FORM_HEADERS })).status).toBe(400);
    // Password and refresh grants through the token endpoint; a bad refresh is invalid_grant (400).
    const pw = await t.request('POST', '/oauth2/token', { body: `grant_type=password&username=lead.doctor&password=${encodeURIComponent(DEMO_PASSWORD)}`, headers: FORM_HEADERS });
    expect(pw.status).toBe(200);
    const rt = await t.request('POST', '/oauth2/token', { body: `grant_type=refresh_token&refresh_token=${(await json<TokenPair>(pw)).refresh_token}`, headers: FORM_HEADERS });
    expect(rt.status).toBe(200);
    const badRt = await t.request('POST', '/oauth2/token', { body: 'grant_type=refresh_token&refresh_token=junk', headers: FORM_HEADERS });
    expect(badRt.status).toBe(400);
    expect(await json<{ error: string }>(badRt)).toMatchObject({ error: 'invalid_grant' });
  });

  it('/auth/switch-institution for a user with two institutions', async () => {
    const user = await createUser({ username: `two-${run}`, password: 'Two@123456', roles: [{ role: 'doctor', institution: 'thc-hexi' }] });
    const assigned = await t.request('POST', `/api/admin/users/${user.id}/roles`, { token: admin, body: { role: 'doctor', institution: 'thc-dongling' }, headers: JSON_HEADERS });
    expect(assigned.status).toBe(204);

    const pair = await json<TokenPair>(await login(`two-${run}`, 'Two@123456', { institution: 'thc-hexi' }));
    const who = await json<{ institution: string; institutions: string[] }>(await me(pair.access_token));
    expect(who.institution).toBe('thc-hexi');
    expect([...who.institutions].sort()).toEqual(['thc-dongling', 'thc-hexi']);
    const visible = async (token: string) => idsOf(await json<Bundle>(await t.request('GET', '/fhir/R4/Patient?_id=demo-p1,demo-p2,demo-p3,demo-p4,demo-p5', { token }))).sort();
    expect(await visible(pair.access_token)).toEqual(['Patient/demo-p3']);

    const switched = await t.request('POST', '/auth/switch-institution', { token: pair.access_token, body: { institution: 'thc-dongling' }, headers: JSON_HEADERS });
    expect(switched.status).toBe(200);
    const next = await json<TokenPair>(switched);
    expect((await json<{ institution: string }>(await me(next.access_token))).institution).toBe('thc-dongling');
    expect(await visible(next.access_token)).toEqual(['Patient/demo-p4']);
    // The old access token is revoked.
    await expectOutcome(await me(pair.access_token), 401);
    // The refresh token of the new pair keeps the chosen institution.
    const refreshed = await json<TokenPair>(await t.request('POST', '/auth/refresh', { body: { refresh_token: next.refresh_token }, headers: JSON_HEADERS }));
    expect((await json<{ institution: string }>(await me(refreshed.access_token))).institution).toBe('thc-dongling');

    // An institution the user does not belong to: 403, token unaffected.
    await expectOutcome(await t.request('POST', '/auth/switch-institution', { token: refreshed.access_token, body: { institution: 'lead-hospital' }, headers: JSON_HEADERS }), 403);
    await expectOutcome(await login(`two-${run}`, 'Two@123456', { institution: 'lead-hospital' }), 403);
    expect((await me(refreshed.access_token)).status).toBe(200);

    // The old pair's refresh token was revoked by the switch: presenting it is treated as reuse and ends the session.
    await expectOutcome(await t.request('POST', '/auth/refresh', { body: { refresh_token: pair.refresh_token }, headers: JSON_HEADERS }), 401);
    await expectOutcome(await me(refreshed.access_token), 401);
  });

  it('no or bad token → 401 with WWW-Authenticate', async () => {
    const pair = await json<TokenPair>(await login('lead.doctor', DEMO_PASSWORD));
    const [h, p, s] = pair.access_token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    const cases: [string, Record<string, string>][] = [
      ['/fhir/R4/Patient', {}],
      ['/fhir/R4/Patient/demo-p1', {}],
      ['/api/audit', {}],
      ['/api/admin/policies', {}],
      ['/auth/me', {}],
      ['/fhir/R4/Patient', { authorization: 'Bearer' }],
      ['/fhir/R4/Patient', { authorization: `Basic ${Buffer.from('admin:x').toString('base64')}` }],
      ['/fhir/R4/Patient', { authorization: 'Bearer not.a.jwt' }],
      ['/fhir/R4/Patient', { authorization: `Bearer ${forged}` }],
      ['/fhir/R4/Patient', { authorization: `Bearer ${pair.refresh_token}` }],
    ];
    for (const [path, headers] of cases) {
      const res = await t.request('GET', path, { headers });
      expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectOutcome(res, 401);
    }
    // Writes without a token write nothing.
    await expectOutcome(await t.request('POST', '/fhir/R4/Patient', { body: { resourceType: 'Patient', name: [{ family: `Anon${run}` }] } }), 401);
    expect((await json<Bundle>(await t.request('GET', `/fhir/R4/Patient?family=Anon${run}&_summary=count`, { token: admin }))).total).toBe(0);
    // The public exceptions.
    expect((await t.request('GET', '/fhir/R4/metadata')).status).toBe(200);
    expect((await t.request('GET', '/healthz')).status).toBe(200);
  });
});
