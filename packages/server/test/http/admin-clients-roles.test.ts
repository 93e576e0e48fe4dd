import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { auditDetailsOf, userIdOf } from './admin-helpers.ts';
import { expectOutcome, json, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Role {
  id: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  builtIn: boolean;
}

describe.each(factories)('API clients and roles administration over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.admin', 'lead.doctor']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  const register = async (name: string, institution: string, roles = ['interface']) => {
    const res = await t.request('POST', '/api/admin/clients', { token: tokens.admin, body: { name, institution, roles }, headers: JSON_HEADERS });
    expect(res.status).toBe(201);
    return json<{ clientId: string; clientSecret: string }>(res);
  };
  const clientToken = (clientId: string, clientSecret: string) =>
    t.request('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, headers: JSON_HEADERS });
  const clients = async (user: string) => {
    const res = await t.request('GET', '/api/admin/clients', { token: tokens[user] });
    expect(res.status).toBe(200);
    return json<AdminClient[]>(res);
  };

  it('lists clients without secrets, scoped to the institution for its administrators', async () => {
    const lead = await register(`LIS ${run}`, 'lead-hospital');
    const hexi = await register(`PACS ${run}`, 'thc-hexi');
    const all = await clients('admin');
    expect(all.find((c) => c.clientId === lead.clientId)).toMatchObject({ name: `LIS ${run}`, institution: 'lead-hospital', roles: ['interface'], active: true });
    expect(all.map((c) => c.clientId)).toContain(hexi.clientId);
    expect(JSON.stringify(all)).not.toContain(lead.clientSecret);
    expect(JSON.stringify(all)).not.toMatch(/argon2|secret/i);
    expect(all.find((c) => c.clientId === lead.clientId)!.lastUsedAt).toBeUndefined();

    const own = await clients('lead.admin');
    expect(own.map((c) => c.clientId)).toContain(lead.clientId);
    expect(own.every((c) => c.institution === 'lead-hospital')).toBe(true);
    await expectOutcome(await t.request('GET', '/api/admin/clients', { token: tokens['lead.doctor'] }), 403);

    expect((await clientToken(lead.clientId, lead.clientSecret)).status).toBe(200);
    const used = (await clients('admin')).find((c) => c.clientId === lead.clientId)!;
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(used.createdAt));
  });

  it('revoking a client refuses its token requests and its live access tokens', async () => {
    const lead = await register(`HIS ${run}`, 'lead-hospital');
    const hexi = await register(`HIS-hexi ${run}`, 'thc-hexi');
    const issued = await json<{ access_token: string }>(await clientToken(lead.clientId, lead.clientSecret));
    expect((await t.request('GET', '/fhir/R4/Patient?_count=1', { token: issued.access_token })).status).toBe(200);

    await expectOutcome(await t.request('DELETE', `/api/admin/clients/${hexi.clientId}`, { token: tokens['lead.admin'] }), 403);
    await expectOutcome(await t.request('DELETE', `/api/admin/clients/${lead.clientId}`, { token: tokens['lead.doctor'] }), 403);
    await expectOutcome(await t.request('DELETE', '/api/admin/clients/cli_no_such_client', { token: tokens.admin }), 404);
    expect((await clientToken(hexi.clientId, hexi.clientSecret)).status).toBe(200);

    expect((await t.request('DELETE', `/api/admin/clients/${lead.clientId}`, { token: tokens['lead.admin'] })).status).toBe(204);
    const refused = await clientToken(lead.clientId, lead.clientSecret);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient?_count=1', { token: issued.access_token }), 401);
    expect((await clients('admin')).find((c) => c.clientId === lead.clientId)?.active).toBe(false);
    expect(await auditDetailsOf(t, await userIdOf(t, tokens['lead.admin']))).toContain(`API client ${lead.clientId} revoked`);
  });

  it('lists roles with builtIn and deletes only unused custom roles', async () => {
    const res = await t.request('GET', '/api/admin/roles', { token: tokens.admin });
    expect(res.status).toBe(200);
    const roles = await json<Role[]>(res);
    expect(roles.find((r) => r.id === 'doctor')).toMatchObject({ nameZh: '医生', nameEn: 'Doctor', builtIn: true });
    expect(roles.find((r) => r.id === 'institution-admin')?.permissions).toContain('admin.parameter.manage');

    const define = (id: string) =>
      t.request('PUT', `/api/admin/roles/${id}`, { token: tokens.admin, body: { nameZh: '质控员', nameEn: 'QC officer', permissions: ['fhir.read', 'fhir.search'] }, headers: JSON_HEADERS });
    const free = `qc-${run}`;
    const heldByUser = `qc-user-${run}`;
    const heldByClient = `qc-client-${run}`;
    for (const id of [free, heldByUser, heldByClient]) expect((await define(id)).status).toBe(200);
    // Built-in roles are read-only (copy them instead); ids are lower-case words.
    await expectOutcome(await define('doctor'), 409);
    expect((await json<Role[]>(await t.request('GET', '/api/admin/roles', { token: tokens.admin }))).find((r) => r.id === 'doctor')?.nameZh).toBe('医生');
    await expectOutcome(await define(encodeURIComponent('Bad Id!')), 400);
    expect((await json<Role[]>(await t.request('GET', '/api/admin/roles', { token: tokens.admin }))).find((r) => r.id === free)?.builtIn).toBe(false);

    const user = await t.request('POST', '/api/admin/users', { token: tokens.admin, body: { username: `qc-${run}`, password: 'Qc@1234567', roles: [{ role: heldByUser, institution: 'lead-hospital' }] }, headers: JSON_HEADERS });
    expect(user.status).toBe(201);
    await register(`QC ${run}`, 'lead-hospital', [heldByClient]);

    const remove = (id: string, user = 'admin') => t.request('DELETE', `/api/admin/roles/${id}`, { token: tokens[user] });
    await expectOutcome(await remove('doctor'), 409);
    await expectOutcome(await remove(heldByUser), 409);
    await expectOutcome(await remove(heldByClient), 409);
    await expectOutcome(await remove(free, 'lead.admin'), 403);
    await expectOutcome(await remove(`no-such-${run}`), 404);
    expect((await remove(free)).status).toBe(204);
    await expectOutcome(await remove(free), 404);

    const after = (await json<Role[]>(await t.request('GET', '/api/admin/roles', { token: tokens.admin }))).map((r) => r.id);
    expect(after).not.toContain(free);
    expect(after).toEqual(expect.arrayContaining(['doctor', heldByUser, heldByClient]));
    expect(await auditDetailsOf(t, await userIdOf(t, tokens.admin))).toContain(`role ${free} deleted`);
  });
});
