import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, json, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };

describe.each(factories)('per-user interface settings over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.doctor', 'hexi.doctor']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  const put = (user: string, key: string, body: unknown) => t.request('PUT', `/api/me/settings/${key}`, { token: tokens[user], body: JSON.stringify(body), headers: JSON_HEADERS });
  const get = (user: string, key?: string) => t.request('GET', `/api/me/settings${key ? `/${key}` : ''}`, { token: tokens[user] });

  it('stores, reads, replaces and removes JSON values for the caller only', async () => {
    const columns = { order: ['name', 'gender', 'birthDate'], hidden: ['telecom'], density: 'small' };
    expect((await put('lead.doctor', 'table.admin.patients', columns)).status).toBe(204);
    expect((await put('lead.doctor', 'ui.abnormal', { high: '#ff4d4f', flash: false })).status).toBe(204);
    expect((await put('lead.doctor', 'form:patient.remember', ['gender', '民族'])).status).toBe(204);
    expect((await put('lead.doctor', 'label', '检验科')).status).toBe(204);
    expect((await put('lead.doctor', 'off', null)).status).toBe(204);

    const all = await get('lead.doctor');
    expect(all.status).toBe(200);
    expect(await json(all)).toEqual({
      'table.admin.patients': columns,
      'ui.abnormal': { high: '#ff4d4f', flash: false },
      'form:patient.remember': ['gender', '民族'],
      label: '检验科',
      off: null,
    });
    const one = await get('lead.doctor', 'label');
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toContain('application/json');
    expect(await one.json()).toBe('检验科');
    expect(await (await get('lead.doctor', 'off')).json()).toBeNull();

    // Another user sees none of it.
    expect(await json(await get('hexi.doctor'))).toEqual({});
    await expectOutcome(await get('hexi.doctor', 'label'), 404);

    expect((await put('lead.doctor', 'label', { replaced: run })).status).toBe(204);
    expect(await json(await get('lead.doctor', 'label'))).toEqual({ replaced: run });
    expect((await t.request('DELETE', '/api/me/settings/label', { token: tokens['lead.doctor'] })).status).toBe(204);
    await expectOutcome(await get('lead.doctor', 'label'), 404);
    // Deleting what is not set is not an error.
    expect((await t.request('DELETE', '/api/me/settings/label', { token: tokens['lead.doctor'] })).status).toBe(204);
  });

  it('refuses malformed keys with a 400 naming the key', async () => {
    for (const key of ['Upper', '-dash-first', 'with%20space', `${'k'.repeat(129)}`, '%E8%A1%A8']) {
      const o = await expectOutcome(await put('admin', key, 1), 400);
      expect(o.issue?.[0].expression, key).toEqual(['key']);
      await expectOutcome(await get('admin', key), 400);
    }
    expect(await json(await get('admin'))).toEqual({});
  });

  it('refuses values over 64 KB with 413 and keeps the old value', async () => {
    expect((await put('admin', 'big', 'small')).status).toBe(204);
    await expectOutcome(await put('admin', 'big', 'x'.repeat(64 * 1024)), 413);
    // Bodies far over the limit are stopped before parsing.
    await expectOutcome(await put('admin', 'big', 'x'.repeat(1024 * 1024)), 413);
    expect(await json(await get('admin', 'big'))).toBe('small');
    await expectOutcome(await t.request('PUT', '/api/me/settings/big', { token: tokens.admin, body: '{"a":', headers: JSON_HEADERS }), 400);
  });

  it('is for signed-in users only: API clients get 403, anonymous callers 401', async () => {
    const created = await t.request('POST', '/api/admin/clients', { token: tokens.admin, body: { name: `HIS ${run}`, institution: 'lead-hospital', roles: ['interface'] }, headers: JSON_HEADERS });
    const { clientId, clientSecret } = await json<{ clientId: string; clientSecret: string }>(created);
    const tokenRes = await t.request('POST', '/oauth2/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }, headers: JSON_HEADERS });
    const client = (await json<{ access_token: string }>(tokenRes)).access_token;
    await expectOutcome(await t.request('GET', '/api/me/settings', { token: client }), 403);
    await expectOutcome(await t.request('PUT', '/api/me/settings/x', { token: client, body: '1', headers: JSON_HEADERS }), 403);
    await expectOutcome(await t.request('GET', '/api/me/settings'), 401);
    await expectOutcome(await t.request('PUT', '/api/me/settings/x', { body: '1', headers: JSON_HEADERS }), 401);
  });
});
