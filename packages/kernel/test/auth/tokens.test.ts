import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import type { AuthEvent, AuthService } from '../../src/auth/index.ts';
import { testDbFactories } from '../dbs.ts';
import { PASSWORD, expectAuthError, migratedDb, service, sleep, uniqueName } from './helpers.ts';

const factories = await testDbFactories();

/** Re-encodes a JWT part without re-signing it. */
function tamperPayload(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe.each(factories)('tokens ($name)', (f) => {
  let db: Db;
  let auth: AuthService;
  const events: AuthEvent[] = [];

  beforeAll(async () => {
    db = await migratedDb(f);
    auth = service(db, { onAuthEvent: (e) => void events.push(e) });
    await auth.upsertRole({ id: 'interface', nameZh: '接口', nameEn: 'Interface', permissions: ['fhir.read', 'fhir.create'] });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function loggedIn(): Promise<{ userId: string; access_token: string; refresh_token: string }> {
    const username = uniqueName('user');
    const user = await auth.createUser({ username, password: PASSWORD });
    return { userId: user.id, ...(await auth.login(username, PASSWORD)) };
  }

  it('rotates refresh tokens and rejects reuse, ending the session', async () => {
    const first = await loggedIn();
    const second = await auth.refresh(first.refresh_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await auth.verifyAccessToken(second.access_token)).id).toBe(first.userId);
    expect(events.at(-1)).toEqual({ type: 'refresh', userId: first.userId, outcome: 'success' });

    const reuse = await expectAuthError(auth.refresh(first.refresh_token), 'invalid_grant');
    expect(reuse.httpStatus).toBe(401);
    expect(events.at(-1)).toMatchObject({ type: 'refresh', outcome: 'failure', reason: 'refresh-token-reuse' });
    // Reuse signals theft: the rotated-to tokens of that session die too.
    await expectAuthError(auth.refresh(second.refresh_token), 'invalid_grant');
    await expectAuthError(auth.verifyAccessToken(second.access_token), 'invalid_token');
  });

  it('does not accept an access token as a refresh token or the reverse', async () => {
    const tokens = await loggedIn();
    await expectAuthError(auth.refresh(tokens.access_token), 'invalid_grant');
    await expectAuthError(auth.verifyAccessToken(tokens.refresh_token), 'invalid_token');
  });

  it('logout revokes the access token and the session refresh tokens', async () => {
    const tokens = await loggedIn();
    const other = await auth.login((await auth.verifyAccessToken(tokens.access_token)).username!, PASSWORD);
    await auth.logout(tokens.access_token);
    expect(events.at(-1)).toEqual({ type: 'logout', userId: tokens.userId, outcome: 'success' });
    const error = await expectAuthError(auth.verifyAccessToken(tokens.access_token), 'invalid_token');
    expect(error.httpStatus).toBe(401);
    await expectAuthError(auth.refresh(tokens.refresh_token), 'invalid_grant');
    const revoked = await db.query('select kind from auth_token where jti = $1', [
      JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()).jti,
    ]);
    expect(revoked.rows).toEqual([{ kind: 'access' }]);
    // Another session of the same user is untouched.
    expect((await auth.verifyAccessToken(other.access_token)).id).toBe(tokens.userId);
  });

  it('logout also kills access tokens obtained by refreshing in that session', async () => {
    const tokens = await loggedIn();
    const refreshed = await auth.refresh(tokens.refresh_token);
    await auth.logout(tokens.access_token);
    await expectAuthError(auth.verifyAccessToken(refreshed.access_token), 'invalid_token');
    await expectAuthError(auth.refresh(refreshed.refresh_token), 'invalid_grant');
  });

  it('issues client-credential tokens and rejects a wrong secret', async () => {
    const { clientId, clientSecret } = await auth.createClient({ name: 'LIS 接口', institution: 'org-a', roles: ['interface'] });
    const token = await auth.clientCredentials(clientId, clientSecret);
    expect(token).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer' });
    expect(token).not.toHaveProperty('refresh_token');
    expect(await auth.verifyAccessToken(token.access_token)).toEqual({
      kind: 'client',
      id: clientId,
      displayName: 'LIS 接口',
      institution: 'org-a',
      institutions: ['org-a'],
      roles: ['interface'],
      permissions: ['fhir.create', 'fhir.read'],
      regionAdmin: false,
    });
    expect(events.at(-1)).toEqual({ type: 'client-token', clientId, outcome: 'success' });

    const wrong = await expectAuthError(auth.clientCredentials(clientId, `${clientSecret}x`), 'invalid_client');
    expect(wrong.httpStatus).toBe(401);
    await expectAuthError(auth.clientCredentials('cli_unknown', clientSecret), 'invalid_client');
    expect(events.at(-1)).toMatchObject({ type: 'client-token', outcome: 'failure', reason: 'unknown-client' });

    await auth.setClientActive(clientId, false);
    await expectAuthError(auth.verifyAccessToken(token.access_token), 'invalid_token');
    await expectAuthError(auth.clientCredentials(clientId, clientSecret), 'invalid_client');
  });

  it('rejects unknown roles for clients', async () => {
    await expectAuthError(auth.createClient({ name: 'x', roles: ['no-such-role'] }), 'invalid_request');
  });

  it('rejects tampered and unsigned tokens', async () => {
    const tokens = await loggedIn();
    const victim = await loggedIn();
    await expectAuthError(auth.verifyAccessToken(tamperPayload(tokens.access_token, (p) => (p.sub = victim.userId))), 'invalid_token');
    await expectAuthError(auth.verifyAccessToken(tamperPayload(tokens.access_token, (p) => (p.exp = 9_999_999_999))), 'invalid_token');
    const [, payload] = tokens.access_token.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    await expectAuthError(auth.verifyAccessToken(none), 'invalid_token');
    await expectAuthError(auth.verifyAccessToken('not a token'), 'invalid_token');
    await expectAuthError(auth.refresh(tamperPayload(tokens.refresh_token, (p) => (p.sub = victim.userId))), 'invalid_grant');
  });

  it('rejects expired access tokens', async () => {
    const shortLived = service(db, { accessTokenTtlSeconds: 1 });
    const username = uniqueName('brief');
    await shortLived.createUser({ username, password: PASSWORD });
    const tokens = await shortLived.login(username, PASSWORD);
    await expect(shortLived.verifyAccessToken(tokens.access_token)).resolves.toHaveProperty('username', username);
    await sleep(2100);
    await expectAuthError(shortLived.verifyAccessToken(tokens.access_token), 'invalid_token');
    // The session can still be ended with the expired token, and refreshing still works until then.
    await shortLived.refresh(tokens.refresh_token).then((pair) => shortLived.logout(pair.access_token));
  });

  it('shares one signing key across service instances and purges expired rows', async () => {
    const tokens = await loggedIn();
    expect((await service(db).verifyAccessToken(tokens.access_token)).id).toBe(tokens.userId);
    const keys = await db.query('select name from kernel_secret');
    expect(keys.rows).toHaveLength(1);
    await db.query("update auth_token set expires_at = now() - interval '1 minute' where user_id = $1", [tokens.userId]);
    expect(await auth.purgeExpiredTokens()).toBeGreaterThanOrEqual(1);
  });
});
