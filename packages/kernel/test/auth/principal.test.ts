import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { AuthService } from '../../src/auth/index.ts';
import { testDbFactories } from '../dbs.ts';
import { PASSWORD, expectAuthError, migratedDb, service, uniqueName } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('principal ($name)', (f) => {
  let db: Db;
  let auth: AuthService;

  beforeAll(async () => {
    db = await migratedDb(f);
    auth = service(db);
    await auth.upsertRole({ id: 'doctor', nameZh: '医生', nameEn: 'Doctor', permissions: ['fhir.read', 'fhir.create'] });
    await auth.upsertRole({ id: 'nurse', nameZh: '护士', nameEn: 'Nurse', permissions: ['fhir.read', 'nursing.*'] });
    await auth.upsertRole({ id: 'viewer', nameZh: '查看', nameEn: 'Viewer', permissions: ['report.read'], builtIn: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('lists and updates roles', async () => {
    await auth.upsertRole({ id: 'viewer', nameZh: '查看者', nameEn: 'Viewer', permissions: ['report.read'], builtIn: true });
    const roles = await auth.listRoles();
    expect(roles.map((r) => r.id)).toEqual(['doctor', 'nurse', 'viewer']);
    expect(roles[2]).toEqual({ id: 'viewer', nameZh: '查看者', nameEn: 'Viewer', permissions: ['report.read'], builtIn: true });
  });

  it('builds permissions from the chosen institution plus region-wide roles', async () => {
    const username = uniqueName('liu');
    const user = await auth.createUser({
      username,
      password: PASSWORD,
      roles: [{ role: 'doctor', institution: 'org-b' }, { role: 'nurse', institution: 'org-a' }, { role: 'viewer' }],
    });

    const byDefault = await auth.verifyAccessToken((await auth.login(username, PASSWORD)).access_token);
    expect(byDefault).toMatchObject({
      id: user.id,
      institution: 'org-a', // first in sorted order
      institutions: ['org-a', 'org-b'],
      roles: ['nurse', 'viewer'],
      permissions: ['fhir.read', 'nursing.*', 'report.read'],
      regionAdmin: false,
    });

    const atB = await auth.login(username, PASSWORD, { institution: 'org-b' });
    expect(await auth.verifyAccessToken(atB.access_token)).toMatchObject({
      institution: 'org-b',
      roles: ['doctor', 'viewer'],
      permissions: ['fhir.create', 'fhir.read', 'report.read'],
    });

    const switched = await auth.switchInstitution(atB.access_token, 'org-a');
    expect((await auth.verifyAccessToken(switched.access_token)).institution).toBe('org-a');
    await expectAuthError(auth.verifyAccessToken(atB.access_token), 'invalid_token');
    const refreshed = await auth.refresh(switched.refresh_token);
    expect((await auth.verifyAccessToken(refreshed.access_token)).institution).toBe('org-a');
    // The pre-switch refresh token was revoked; presenting it counts as reuse and ends the session.
    await expectAuthError(auth.refresh(atB.refresh_token), 'invalid_grant');
    await expectAuthError(auth.verifyAccessToken(refreshed.access_token), 'invalid_token');
  });

  it('refuses institutions the user holds no role in', async () => {
    const username = uniqueName('ma');
    await auth.createUser({ username, password: PASSWORD, roles: [{ role: 'doctor', institution: 'org-a' }] });
    const error = await expectAuthError(auth.login(username, PASSWORD, { institution: 'org-z' }), 'invalid_institution');
    expect(error.httpStatus).toBe(403);
    const tokens = await auth.login(username, PASSWORD);
    await expectAuthError(auth.switchInstitution(tokens.access_token, 'org-z'), 'invalid_institution');
  });

  it('reflects role changes immediately and drops a revoked institution', async () => {
    const username = uniqueName('hu');
    const user = await auth.createUser({ username, password: PASSWORD, roles: [{ role: 'doctor', institution: 'org-a' }] });
    const tokens = await auth.login(username, PASSWORD);
    await auth.assignRole(user.id, 'viewer');
    expect((await auth.verifyAccessToken(tokens.access_token)).permissions).toContain('report.read');
    await auth.assignRole(user.id, 'viewer'); // idempotent
    expect(await auth.revokeRole(user.id, 'doctor', 'org-a')).toBe(true);
    expect(await auth.revokeRole(user.id, 'doctor', 'org-a')).toBe(false);
    await expectAuthError(auth.verifyAccessToken(tokens.access_token), 'invalid_token');
    await expectAuthError(auth.assignRole(user.id, 'no-such-role'), 'invalid_request');
    await expectAuthError(auth.assignRole(user.id, 'doctor', ''), 'invalid_request');
  });

  it('gives region-wide users no institution and carries regionAdmin', async () => {
    const username = uniqueName('admin');
    await auth.createUser({ username, password: PASSWORD, regionAdmin: true, roles: [{ role: 'viewer' }] });
    const principal = await auth.verifyAccessToken((await auth.login(username, PASSWORD)).access_token);
    expect(principal).toMatchObject({ regionAdmin: true, institutions: [], roles: ['viewer'], permissions: ['report.read'] });
    expect(principal.institution).toBeUndefined();
  });
});
