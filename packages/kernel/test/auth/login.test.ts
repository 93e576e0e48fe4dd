import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { AuthEvent, AuthService } from '../../src/auth/index.ts';
import { testDbFactories } from '../dbs.ts';
import { PASSWORD, expectAuthError, migratedDb, service, sleep, uniqueName } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('login ($name)', (f) => {
  let db: Db;
  let auth: AuthService;
  const events: AuthEvent[] = [];

  beforeAll(async () => {
    db = await migratedDb(f);
    auth = service(db, { maxFailedLogins: 3, lockoutSeconds: 1, onAuthEvent: (e) => void events.push(e) });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('creates a user and logs in', async () => {
    const username = uniqueName('zhang');
    const user = await auth.createUser({ username, password: PASSWORD, displayName: '张医生', profile: 'Practitioner/p1' });
    const tokens = await auth.login(username, PASSWORD);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    const principal = await auth.verifyAccessToken(tokens.access_token);
    expect(principal).toMatchObject({ kind: 'user', id: user.id, username, displayName: '张医生', profile: 'Practitioner/p1' });
    expect(events.at(-1)).toEqual({ type: 'login', username, userId: user.id, outcome: 'success' });
  });

  it('rejects a wrong password and an unknown user with the same error', async () => {
    const username = uniqueName('li');
    await auth.createUser({ username, password: PASSWORD });
    const wrong = await expectAuthError(auth.login(username, 'Wrong-pass-1'), 'invalid_credentials');
    const unknown = await expectAuthError(auth.login(uniqueName('nobody'), 'Wrong-pass-1'), 'invalid_credentials');
    expect(wrong.httpStatus).toBe(401);
    expect(unknown.message).toBe(wrong.message);
    expect(events.at(-1)).toMatchObject({ type: 'login-failed', outcome: 'failure', reason: 'unknown-user' });
  });

  it('rejects weak passwords and duplicate usernames at creation', async () => {
    await expectAuthError(auth.createUser({ username: uniqueName('weak'), password: 'short1' }), 'weak_password');
    const username = uniqueName('dup');
    await auth.createUser({ username, password: PASSWORD });
    const taken = await expectAuthError(auth.createUser({ username, password: PASSWORD }), 'username_taken');
    expect(taken.httpStatus).toBe(409);
  });

  it('locks after maxFailedLogins failures, then unlocks after lockoutSeconds', async () => {
    const username = uniqueName('wang');
    await auth.createUser({ username, password: PASSWORD });
    await expectAuthError(auth.login(username, 'Wrong-pass-1'), 'invalid_credentials');
    await expectAuthError(auth.login(username, 'Wrong-pass-2'), 'invalid_credentials');
    const locking = await expectAuthError(auth.login(username, 'Wrong-pass-3'), 'locked');
    expect(locking.httpStatus).toBe(423);
    expect(locking.lockedUntil).toBeInstanceOf(Date);
    expect(locking.message).toContain(locking.lockedUntil!.toISOString());

    // Even the right password is refused while locked.
    const locked = await expectAuthError(auth.login(username, PASSWORD), 'locked');
    expect(locked.message).toMatch(/locked until/);
    expect(events.at(-1)).toMatchObject({ type: 'login-failed', username, reason: 'locked' });

    await sleep(1300);
    await expect(auth.login(username, PASSWORD)).resolves.toHaveProperty('access_token');
    const row = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      'select failed_logins, locked_until from app_user where username = $1',
      [username],
    );
    expect(row.rows[0]).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('resets the failure count on success', async () => {
    const username = uniqueName('zhao');
    await auth.createUser({ username, password: PASSWORD });
    await expectAuthError(auth.login(username, 'Wrong-pass-1'), 'invalid_credentials');
    await expectAuthError(auth.login(username, 'Wrong-pass-2'), 'invalid_credentials');
    await auth.login(username, PASSWORD);
    await expectAuthError(auth.login(username, 'Wrong-pass-3'), 'invalid_credentials');
    await expectAuthError(auth.login(username, 'Wrong-pass-4'), 'invalid_credentials');
  });

  it('refuses an inactive user and their existing tokens', async () => {
    const username = uniqueName('chen');
    const user = await auth.createUser({ username, password: PASSWORD });
    const tokens = await auth.login(username, PASSWORD);
    await auth.setActive(user.id, false);
    const inactive = await expectAuthError(auth.login(username, PASSWORD), 'inactive');
    expect(inactive.httpStatus).toBe(403);
    await expectAuthError(auth.verifyAccessToken(tokens.access_token), 'invalid_token');
    await expectAuthError(auth.refresh(tokens.refresh_token), 'inactive');
    // A wrong password still gets the generic error, so "inactive" is only revealed to the password holder.
    await expectAuthError(auth.login(username, 'Wrong-pass-1'), 'invalid_credentials');
    await auth.setActive(user.id, true);
    await expect(auth.login(username, PASSWORD)).resolves.toHaveProperty('access_token');
  });

  it('setPassword replaces the password and ends existing sessions', async () => {
    const username = uniqueName('sun');
    const user = await auth.createUser({ username, password: PASSWORD });
    const tokens = await auth.login(username, PASSWORD);
    await auth.setPassword(user.id, 'New-pass-2024');
    await expectAuthError(auth.login(username, PASSWORD), 'invalid_credentials');
    await auth.login(username, 'New-pass-2024');
    await expectAuthError(auth.refresh(tokens.refresh_token), 'invalid_grant');
  });
});
