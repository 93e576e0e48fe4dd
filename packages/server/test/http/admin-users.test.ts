import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUser } from '@medunion/kernel';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { DEMO_PASSWORD, startTestPlatform, type TestPlatform } from '../platform.ts';
import { auditDetailsOf, userIdOf } from './admin-helpers.ts';
import { expectOutcome, json, outcomeText, tag } from './helpers.ts';

const factories = await testDbFactories();
const JSON_HEADERS = { 'content-type': 'application/json' };

interface UserPage {
  total: number;
  users: AdminUser[];
}

describe.each(factories)('users administration over HTTP on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const run = tag();

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.admin', 'lead.doctor', 'hexi.doctor']) {
      tokens[user] = await t.login(user);
      ids[user] = await userIdOf(t, tokens[user]);
    }
  });
  afterAll(async () => t?.close());

  const list = async (user: string, query = '') => {
    const res = await t.request('GET', `/api/admin/users${query ? `?${query}` : ''}`, { token: tokens[user] });
    expect(res.status, await res.clone().text()).toBe(200);
    return json<UserPage>(res);
  };
  const patch = (user: string, id: string, body: unknown) => t.request('PATCH', `/api/admin/users/${id}`, { token: tokens[user], body, headers: JSON_HEADERS });
  const create = async (username: string, password: string, roles: { role: string; institution?: string }[]) => {
    const res = await t.request('POST', '/api/admin/users', { token: tokens.admin, body: { username, password, roles }, headers: JSON_HEADERS });
    expect(res.status).toBe(201);
    return (await json<{ id: string }>(res)).id;
  };
  const loginRes = (username: string, password: string) => t.request('POST', '/auth/login', { body: { username, password }, headers: JSON_HEADERS });

  it('lists users with search, filters and paging, never with password hashes', async () => {
    const all = await list('admin', '_count=200');
    expect(all.total).toBe(all.users.length);
    expect(all.users.map((u) => u.username)).toEqual([...all.users.map((u) => u.username)].sort());
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/argon2|password/i);

    const doctor = all.users.find((u) => u.username === 'lead.doctor')!;
    expect(doctor).toMatchObject({ displayName: '李明', active: true, regionAdmin: false, locked: false, roles: [{ role: 'doctor', institution: 'lead-hospital' }] });
    expect(doctor.lastLoginAt).toBeDefined();
    expect(Date.parse(doctor.createdAt)).not.toBeNaN();
    expect(all.users.find((u) => u.username === 'admin')).toMatchObject({ regionAdmin: true, roles: [{ role: 'region-admin' }] });

    expect((await list('admin', 'search=LEAD.DOC')).users.map((u) => u.username)).toEqual(['lead.doctor']);
    expect((await list('admin', `search=${encodeURIComponent('李明')}`)).users.map((u) => u.username)).toEqual(['lead.doctor']);
    // LIKE wildcards in the search text match themselves.
    expect((await list('admin', 'search=%25')).total).toBe(0);
    expect((await list('admin', 'search=_')).total).toBe(0);
    expect((await list('admin', 'institution=thc-hexi&role=doctor')).users.map((u) => u.username)).toEqual(['hexi.doctor']);
    expect((await list('admin', 'role=doctor')).users.map((u) => u.username)).toEqual(['dongling.doctor', 'hexi.doctor', 'lead.doctor']);

    const page1 = await list('admin', 'search=lead.&_count=2');
    const page2 = await list('admin', 'search=lead.&_count=2&_offset=2');
    expect(page1.total).toBe(page2.total);
    expect(page1.users).toHaveLength(2);
    expect(page2.users[0].username > page1.users[1].username).toBe(true);
    await expectOutcome(await t.request('GET', '/api/admin/users?_count=1000', { token: tokens.admin }), 400);
  });

  it("an institution administrator sees only their institution's users and roles", async () => {
    const both = `both-${run}`;
    await create(both, 'Both@12345', [
      { role: 'doctor', institution: 'lead-hospital' },
      { role: 'doctor', institution: 'thc-hexi' },
    ]);
    const seen = await list('lead.admin', '_count=200');
    expect(seen.users.every((u) => u.roles.every((r) => r.institution === undefined || r.institution === 'lead-hospital'))).toBe(true);
    expect(seen.users.map((u) => u.username)).toContain('lead.doctor');
    expect(seen.users.map((u) => u.username)).not.toContain('hexi.doctor');
    expect(seen.users.find((u) => u.username === both)?.roles).toEqual([{ role: 'doctor', institution: 'lead-hospital' }]);
    expect(seen.total).toBe(seen.users.length);

    expect((await t.request('GET', `/api/admin/users/${ids['lead.doctor']}`, { token: tokens['lead.admin'] })).status).toBe(200);
    await expectOutcome(await t.request('GET', `/api/admin/users/${ids['hexi.doctor']}`, { token: tokens['lead.admin'] }), 403);
    await expectOutcome(await t.request('GET', '/api/admin/users?institution=thc-hexi', { token: tokens['lead.admin'] }), 403);
    await expectOutcome(await t.request('GET', '/api/admin/users', { token: tokens['lead.doctor'] }), 403);
    await expectOutcome(await t.request('GET', `/api/admin/users/${ids['lead.doctor']}`, { token: tokens['lead.doctor'] }), 403);
    await expectOutcome(await t.request('GET', '/api/admin/users/no-such-user', { token: tokens.admin }), 404);
    expect(await json<AdminUser>(await t.request('GET', `/api/admin/users/${ids['hexi.doctor']}`, { token: tokens.admin }))).toMatchObject({ username: 'hexi.doctor', roles: [{ role: 'doctor', institution: 'thc-hexi' }] });
  });

  it('changes display name and profile, deactivates (ending sessions) and reactivates', async () => {
    const username = `nurse-${run}`;
    const id = await create(username, 'Nurse@12345', [{ role: 'nurse', institution: 'lead-hospital' }]);
    const session = await json<{ access_token: string; refresh_token: string }>(await loginRes(username, 'Nurse@12345'));

    const renamed = await patch('lead.admin', id, { displayName: '王护士', profile: 'Practitioner/demo-nurse-x' });
    expect(renamed.status).toBe(200);
    expect(await json<AdminUser>(renamed)).toMatchObject({ id, displayName: '王护士', profile: 'Practitioner/demo-nurse-x', active: true });
    const cleared = await json<AdminUser>(await patch('lead.admin', id, { displayName: null, profile: '' }));
    expect(cleared.displayName).toBeUndefined();
    expect(cleared.profile).toBeUndefined();

    expect((await json<AdminUser>(await patch('lead.admin', id, { active: false }))).active).toBe(false);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient?_count=1', { token: session.access_token }), 401);
    expect((await t.request('POST', '/auth/refresh', { body: { refresh_token: session.refresh_token }, headers: JSON_HEADERS })).status).toBe(401);
    expect((await loginRes(username, 'Nurse@12345')).status).toBe(403);

    expect((await json<AdminUser>(await patch('lead.admin', id, { active: true }))).active).toBe(true);
    expect((await loginRes(username, 'Nurse@12345')).status).toBe(200);
    // The refresh token of the deactivated session stays dead.
    expect((await t.request('POST', '/auth/refresh', { body: { refresh_token: session.refresh_token }, headers: JSON_HEADERS })).status).toBe(401);

    const details = await auditDetailsOf(t, ids['lead.admin']);
    expect(details).toEqual(expect.arrayContaining([`user ${username} updated: display name, profile`, `user ${username} updated: deactivated`, `user ${username} updated: activated`]));
  });

  it('resets a password under the password policy and unlocks a locked account', async () => {
    const username = `lab-${run}`;
    const id = await create(username, 'Lab@123456', [{ role: 'lab-technician', institution: 'lead-hospital' }]);
    const o = await expectOutcome(await patch('lead.admin', id, { password: 'short' }), 400);
    expect(o.issue?.[0].expression).toEqual(['password']);
    expect((await patch('lead.admin', id, { password: 'NewLab@2026' })).status).toBe(200);
    expect((await loginRes(username, 'Lab@123456')).status).toBe(401);
    expect((await loginRes(username, 'NewLab@2026')).status).toBe(200);
    expect((await auditDetailsOf(t, ids['lead.admin'])).join('\n')).not.toContain('NewLab@2026');

    for (let i = 0; i < 5; i++) await loginRes(username, 'Wrong-password-1');
    expect((await loginRes(username, 'NewLab@2026')).status).toBe(423);
    const locked = await json<AdminUser>(await t.request('GET', `/api/admin/users/${id}`, { token: tokens['lead.admin'] }));
    expect(locked.locked).toBe(true);
    expect(Date.parse(locked.lockedUntil!)).toBeGreaterThan(Date.now());
    const unlocked = await json<AdminUser>(await patch('lead.admin', id, { unlock: true }));
    expect(unlocked.locked).toBe(false);
    expect(unlocked.lockedUntil).toBeUndefined();
    expect((await loginRes(username, 'NewLab@2026')).status).toBe(200);
  });

  it('refuses changes outside the rules', async () => {
    const both = await json<UserPage>(await t.request('GET', `/api/admin/users?search=both-${run}`, { token: tokens.admin }));
    const bothId = both.users[0].id;
    // Another institution's user; a user who also works elsewhere; a region administrator.
    await expectOutcome(await patch('lead.admin', ids['hexi.doctor'], { displayName: 'x' }), 403);
    const o = await expectOutcome(await patch('lead.admin', bothId, { password: 'Taken@over1' }), 403);
    expect(outcomeText(o)).toContain('thc-hexi');
    await expectOutcome(await patch('lead.admin', ids.admin, { password: 'Taken@over1' }), 403);
    // Nobody deactivates themselves, region administrators included.
    await expectOutcome(await patch('lead.admin', ids['lead.admin'], { active: false }), 403);
    await expectOutcome(await patch('admin', ids.admin, { active: false }), 403);
    // No permission at all.
    await expectOutcome(await patch('lead.doctor', ids['lead.doctor'], { displayName: 'me' }), 403);
    // Validation.
    const undeclared = await expectOutcome(await patch('admin', ids['lead.doctor'], { regionAdmin: true }), 400);
    expect(undeclared.issue?.[0].expression).toEqual(['regionAdmin']);
    expect((await expectOutcome(await patch('admin', ids['lead.doctor'], { profile: 'Observation/1' }), 400)).issue?.[0].expression).toEqual(['profile']);
    await expectOutcome(await patch('admin', ids['lead.doctor'], { active: 'maybe' }), 400);
    await expectOutcome(await patch('admin', ids['lead.doctor'], { unlock: false }), 400);
    await expectOutcome(await patch('admin', ids['lead.doctor'], {}), 400);
    await expectOutcome(await patch('admin', 'no-such-user', { displayName: 'x' }), 404);
    // None of it changed anything.
    expect(await json<AdminUser>(await t.request('GET', `/api/admin/users/${ids['lead.doctor']}`, { token: tokens.admin }))).toMatchObject({ displayName: '李明', regionAdmin: false, profile: 'Practitioner/demo-lead-doctor', active: true });
    expect((await loginRes('both-' + run, 'Both@12345')).status).toBe(200);
    expect((await loginRes('admin', 'Taken@over1')).status).toBe(401);
  });

  it('removes a role under the same rules as granting it, and the permission goes at once', async () => {
    const username = `reg-${run}`;
    const id = await create(username, 'Reg@123456', [
      { role: 'registrar', institution: 'lead-hospital' },
      { role: 'auditor', institution: 'lead-hospital' },
    ]);
    const token = await t.login(username, 'Reg@123456');
    expect((await t.request('GET', '/fhir/R4/Patient?_count=1', { token })).status).toBe(200);
    const remove = (user: string, query: string) => t.request('DELETE', `/api/admin/users/${id}/roles?${query}`, { token: tokens[user] });

    // lead.admin lacks audit.verify, which the auditor role carries; and cannot touch other institutions or region-wide grants.
    await expectOutcome(await remove('lead.admin', 'role=auditor&institution=lead-hospital'), 403);
    await expectOutcome(await remove('lead.admin', 'role=registrar&institution=thc-hexi'), 403);
    await expectOutcome(await remove('lead.admin', 'role=registrar'), 403);
    await expectOutcome(await remove('lead.doctor', 'role=registrar&institution=lead-hospital'), 403);
    await expectOutcome(await remove('lead.admin', 'institution=lead-hospital'), 400);

    expect((await remove('lead.admin', 'role=registrar&institution=lead-hospital')).status).toBe(204);
    await expectOutcome(await remove('lead.admin', 'role=registrar&institution=lead-hospital'), 404);
    await expectOutcome(await t.request('DELETE', '/api/admin/users/no-such-user/roles?role=registrar&institution=lead-hospital', { token: tokens['lead.admin'] }), 404);
    await expectOutcome(await t.request('GET', '/fhir/R4/Patient?_count=1', { token }), 403);
    expect((await remove('admin', 'role=auditor&institution=lead-hospital')).status).toBe(204);
    expect((await json<AdminUser>(await t.request('GET', `/api/admin/users/${id}`, { token: tokens.admin }))).roles).toEqual([]);
    expect(await auditDetailsOf(t, ids['lead.admin'])).toContain(`role registrar@lead-hospital removed from user ${username}`);
  });

  it('records the last login', async () => {
    const before = await json<AdminUser>(await t.request('GET', `/api/admin/users/${ids['hexi.doctor']}`, { token: tokens.admin }));
    await t.login('hexi.doctor', DEMO_PASSWORD);
    const after = await json<AdminUser>(await t.request('GET', `/api/admin/users/${ids['hexi.doctor']}`, { token: tokens.admin }));
    expect(Date.parse(after.lastLoginAt!)).toBeGreaterThan(Date.parse(before.lastLoginAt!));
  });
});
