import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal.ts';
import type { Db, Queryable } from '../db/types.ts';
import * as directory from './directory.ts';
import type { ClientCredentials, NewClient, NewUser, RoleDefinition, RoleDeletion, UserSummary } from './directory.ts';
import { getClient, listClients, type AdminClient } from './client-admin.ts';
import { getUser, listUsers, updateUser, type AdminUser, type UserChanges, type UserQuery } from './user-admin.ts';
import { AuthError } from './errors.ts';
import { verifyDummyPassword, verifyPassword } from './passwords.ts';
import { chooseInstitution, institutionsOf, userPrincipal, type RoleGrant } from './principals.ts';
import { loadSigningKey } from './signing-key.ts';
import { readToken, sessionRevocationKey, signToken, type TokenClaims } from './tokens.ts';

export interface AuthEvent {
  type: 'login' | 'login-failed' | 'logout' | 'refresh' | 'client-token';
  username?: string;
  userId?: string;
  clientId?: string;
  outcome: 'success' | 'failure';
  /** Machine-readable cause of a failure, e.g. `wrong-password`; never contains secrets. */
  reason?: string;
}

export interface AuthServiceOptions {
  db: Db;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  maxFailedLogins?: number;
  lockoutSeconds?: number;
  /** Audit hook, awaited; if it throws, the operation fails (audit is not optional in this domain). */
  onAuthEvent?: (e: AuthEvent) => Promise<void> | void;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface ClientToken {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
}

const GRANTS_SQL = `select r.id as role, ur.institution, r.permissions
  from user_role ur join app_role r on r.id = ur.role_id where ur.user_id = $1`;

// One round trip per request: the revocation check is a primary-key probe for the token's jti and its session marker.
const USER_PRINCIPAL_SQL = `
select u.username, u.display_name, u.profile, u.region_admin, u.active,
       exists (select 1 from auth_token t where t.jti in ($2, $3) and t.revoked_at is not null) as revoked,
       coalesce((select json_agg(json_build_object('role', r.id, 'institution', ur.institution, 'permissions', r.permissions))
                   from user_role ur join app_role r on r.id = ur.role_id
                  where ur.user_id = u.id), '[]'::json) as grants
  from app_user u where u.id = $1`;

const CLIENT_PRINCIPAL_SQL = `
select c.name, c.institution, c.roles, c.active,
       exists (select 1 from auth_token t where t.jti in ($2, $3) and t.revoked_at is not null) as revoked,
       coalesce((select array_agg(distinct p order by p)
                   from app_role r cross join unnest(r.permissions) as p
                  where r.id = any (c.roles)), '{}') as permissions
  from api_client c where c.id = $1`;

/** Identity, password login, token issuing/verification and revocation. Holds no HTTP concerns. */
export class AuthService {
  private readonly db: Db;
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  private readonly maxFailedLogins: number;
  private readonly lockoutSeconds: number;
  private readonly onAuthEvent?: (e: AuthEvent) => Promise<void> | void;
  private key?: Promise<Uint8Array>;

  constructor(options: AuthServiceOptions) {
    this.db = options.db;
    this.accessTtl = options.accessTokenTtlSeconds ?? 3600;
    this.refreshTtl = options.refreshTokenTtlSeconds ?? 7 * 24 * 3600;
    this.maxFailedLogins = options.maxFailedLogins ?? 5;
    this.lockoutSeconds = options.lockoutSeconds ?? 900;
    this.onAuthEvent = options.onAuthEvent;
  }

  // ── administration ──────────────────────────────────────────────────────────

  createUser(input: NewUser): Promise<UserSummary> {
    return directory.createUser(this.db, input);
  }

  setPassword(userId: string, password: string): Promise<void> {
    return directory.setPassword(this.db, userId, password);
  }

  setActive(userId: string, active: boolean): Promise<void> {
    return directory.setActive(this.db, userId, active);
  }

  assignRole(userId: string, roleId: string, institution?: string): Promise<void> {
    return directory.assignRole(this.db, userId, roleId, institution);
  }

  revokeRole(userId: string, roleId: string, institution?: string): Promise<boolean> {
    return directory.revokeRole(this.db, userId, roleId, institution);
  }

  upsertRole(role: RoleDefinition): Promise<void> {
    return directory.upsertRole(this.db, role);
  }

  listRoles(): Promise<Required<RoleDefinition>[]> {
    return directory.listRoles(this.db);
  }

  deleteRole(roleId: string): Promise<RoleDeletion> {
    return directory.deleteRole(this.db, roleId);
  }

  listUsers(query: UserQuery = {}): Promise<{ total: number; users: AdminUser[] }> {
    return listUsers(this.db, query);
  }

  /** One user by id or username; `within` hides users holding no role in that institution (and their other roles). */
  getUser(by: { id: string } | { username: string }, within?: string): Promise<AdminUser | undefined> {
    return getUser(this.db, by, within);
  }

  updateUser(userId: string, changes: UserChanges): Promise<void> {
    return updateUser(this.db, userId, changes);
  }

  createClient(input: NewClient): Promise<ClientCredentials> {
    return directory.createClient(this.db, input);
  }

  listClients(institution?: string): Promise<AdminClient[]> {
    return listClients(this.db, institution);
  }

  getClient(clientId: string): Promise<AdminClient | undefined> {
    return getClient(this.db, clientId);
  }

  setClientActive(clientId: string, active: boolean): Promise<void> {
    return directory.setClientActive(this.db, clientId, active);
  }

  // ── sessions ────────────────────────────────────────────────────────────────

  async login(username: string, password: string, options: { institution?: string } = {}): Promise<TokenPair> {
    const name = username.trim();
    const user = (
      await this.db.query<{ id: string; password_hash: string | null; active: boolean; locked_until: Date | null; locked: boolean }>(
        `select id, password_hash, active, locked_until, coalesce(locked_until > now(), false) as locked
           from app_user where username = $1`,
        [name],
      )
    ).rows[0];
    const reject = async (error: AuthError, reason: string): Promise<never> => {
      await this.emit({ type: 'login-failed', username: name, ...(user ? { userId: user.id } : {}), outcome: 'failure', reason });
      throw error;
    };

    // Unknown user and wrong password look the same to the caller, in message and in timing.
    if (!user || user.password_hash === null) {
      await verifyDummyPassword(password);
      return reject(new AuthError('invalid_credentials'), user ? 'no-password' : 'unknown-user');
    }
    // Checked before the password so a locked account cannot be brute-forced meanwhile.
    if (user.locked && user.locked_until) {
      await verifyDummyPassword(password);
      return reject(AuthError.locked(user.locked_until), 'locked');
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const lockedUntil = await this.recordFailedLogin(user.id);
      return reject(lockedUntil ? AuthError.locked(lockedUntil) : new AuthError('invalid_credentials'), 'wrong-password');
    }
    // Only revealed to someone who knows the password.
    if (!user.active) return reject(new AuthError('inactive'), 'inactive');

    const grants = await this.loadGrants(this.db, user.id);
    let institution: string | undefined;
    try {
      institution = chooseInstitution(grants, options.institution);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      return reject(err, 'invalid-institution');
    }
    await this.db.query('update app_user set failed_logins = 0, locked_until = null, last_login_at = now() where id = $1', [user.id]);
    const pair = await this.issuePair(this.db, await this.signingKey(), user.id, randomUUID(), institution);
    await this.emit({ type: 'login', username: name, userId: user.id, outcome: 'success' });
    return pair;
  }

  /** Rotates: the presented refresh token is consumed; presenting it again ends the whole session. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const key = await this.signingKey();
    const claims = await readToken(key, 'refresh', refreshToken);
    if (!claims || claims.kind !== 'user') {
      await this.emit({ type: 'refresh', outcome: 'failure', reason: 'invalid-token' });
      throw new AuthError('invalid_grant');
    }
    const failed = async (reason: string, error: AuthError): Promise<never> => {
      await this.emit({ type: 'refresh', userId: claims.sub, outcome: 'failure', reason });
      throw error;
    };

    let pair: TokenPair | 'reused';
    try {
      pair = await this.db.transaction(async (tx) => {
        const rotated = await tx.query(
          "update auth_token set revoked_at = now() where jti = $1 and kind = 'refresh' and revoked_at is null",
          [claims.jti],
        );
        if (rotated.rowCount === 0) return 'reused' as const;
        const user = (await tx.query<{ active: boolean }>('select active from app_user where id = $1', [claims.sub])).rows[0];
        if (!user?.active) throw new AuthError('inactive');
        if (claims.inst !== undefined && !institutionsOf(await this.loadGrants(tx, claims.sub)).includes(claims.inst)) {
          throw new AuthError('invalid_grant', '已不再属于该机构，请重新登录 / No longer assigned to this institution, please sign in again');
        }
        return this.issuePair(tx, key, claims.sub, claims.sid, claims.inst);
      });
    } catch (err) {
      if (err instanceof AuthError) return failed(err.code, err);
      throw err;
    }
    if (pair === 'reused') {
      // A consumed (or logged-out) refresh token coming back suggests theft: end the session for everyone holding it
      // (OAuth 2.0 Security BCP, refresh token rotation).
      await this.db.transaction((tx) => this.revokeSession(tx, claims));
      return failed('refresh-token-reuse', new AuthError('invalid_grant'));
    }
    await this.emit({ type: 'refresh', userId: claims.sub, outcome: 'success' });
    return pair;
  }

  /** Revokes this access token and its whole session (every token sharing its `sid`). */
  async logout(accessToken: string): Promise<void> {
    // An access token that expired recently still identifies a session whose refresh tokens may be alive.
    const claims = await readToken(await this.signingKey(), 'access', accessToken, this.refreshTtl);
    if (!claims) {
      await this.emit({ type: 'logout', outcome: 'failure', reason: 'invalid-token' });
      throw new AuthError('invalid_token');
    }
    await this.db.transaction(async (tx) => {
      await this.recordRevokedAccessToken(tx, claims);
      await this.revokeSession(tx, claims);
    });
    await this.emit({ type: 'logout', ...this.owner(claims), outcome: 'success' });
  }

  /** OAuth2 client-credentials grant: an access token only, the client re-authenticates when it expires. */
  async clientCredentials(clientId: string, clientSecret: string): Promise<ClientToken> {
    const client = (
      await this.db.query<{ secret_hash: string; active: boolean; institution: string | null }>(
        'select secret_hash, active, institution from api_client where id = $1',
        [clientId],
      )
    ).rows[0];
    const reject = async (error: AuthError, reason: string): Promise<never> => {
      await this.emit({ type: 'client-token', clientId, outcome: 'failure', reason });
      throw error;
    };
    if (!client) {
      await verifyDummyPassword(clientSecret);
      return reject(new AuthError('invalid_client'), 'unknown-client');
    }
    if (!(await verifyPassword(client.secret_hash, clientSecret))) return reject(new AuthError('invalid_client'), 'wrong-secret');
    // A revoked client is told no more than a wrong secret would tell it.
    if (!client.active) return reject(new AuthError('invalid_client'), 'inactive');

    const access = await signToken(
      await this.signingKey(),
      'access',
      { sub: clientId, kind: 'client', sid: randomUUID(), ...(client.institution !== null ? { inst: client.institution } : {}) },
      this.accessTtl,
    );
    await this.db.query('update api_client set last_used_at = now() where id = $1', [clientId]);
    await this.emit({ type: 'client-token', clientId, outcome: 'success' });
    return { access_token: access.token, expires_in: this.accessTtl, token_type: 'Bearer' };
  }

  /** The caller behind a bearer token, with permissions recomputed from the current role assignments. */
  async verifyAccessToken(token: string): Promise<Principal> {
    return (await this.authenticate(token)).principal;
  }

  /**
   * The principal of a user or client as of now, for work done later on their behalf (e.g. delivering a
   * Subscription they created), with the same role and institution checks as a token.
   */
  async principalFor(kind: 'user' | 'client', id: string, institution?: string): Promise<Principal> {
    const claims: TokenClaims = { sub: id, kind, sid: 'on-behalf', jti: 'on-behalf', exp: 0, ...(institution ? { inst: institution } : {}) };
    return kind === 'user' ? this.userPrincipal(claims) : this.clientPrincipal(claims);
  }

  /** New token pair acting for another of the user's institutions; the old pair is revoked, the session continues. */
  async switchInstitution(accessToken: string, institution: string): Promise<TokenPair> {
    const { principal, claims } = await this.authenticate(accessToken);
    if (principal.kind !== 'user') {
      throw new AuthError('invalid_institution', '客户端固定属于一个机构 / API clients are bound to one institution');
    }
    if (!principal.institutions.includes(institution)) throw new AuthError('invalid_institution');
    const key = await this.signingKey();
    return this.db.transaction(async (tx) => {
      await this.recordRevokedAccessToken(tx, claims);
      await tx.query("update auth_token set revoked_at = now() where sid = $1 and kind = 'refresh' and revoked_at is null", [
        claims.sid,
      ]);
      return this.issuePair(tx, key, claims.sub, claims.sid, institution);
    });
  }

  /** Deletes expired token rows (revocations of tokens that can no longer verify anyway). Returns the count. */
  async purgeExpiredTokens(): Promise<number> {
    return (await this.db.query('delete from auth_token where expires_at < now()')).rowCount;
  }

  // ── internals ───────────────────────────────────────────────────────────────

  private async authenticate(token: string): Promise<{ principal: Principal; claims: TokenClaims }> {
    const claims = await readToken(await this.signingKey(), 'access', token);
    if (!claims) throw new AuthError('invalid_token');
    const principal = claims.kind === 'user' ? await this.userPrincipal(claims) : await this.clientPrincipal(claims);
    return { principal, claims };
  }

  private async userPrincipal(claims: TokenClaims): Promise<Principal> {
    const row = (
      await this.db.query<{
        username: string;
        display_name: string | null;
        profile: string | null;
        region_admin: boolean;
        active: boolean;
        revoked: boolean;
        grants: RoleGrant[];
      }>(USER_PRINCIPAL_SQL, [claims.sub, claims.jti, sessionRevocationKey(claims.sid)])
    ).rows[0];
    if (!row || row.revoked) throw new AuthError('invalid_token');
    if (!row.active) throw new AuthError('invalid_token', '账户已停用 / Account disabled');
    if (claims.inst !== undefined && !institutionsOf(row.grants).includes(claims.inst)) {
      throw new AuthError('invalid_token', '已不再属于该机构 / No longer assigned to this institution');
    }
    const identity = {
      id: claims.sub,
      username: row.username,
      displayName: row.display_name,
      profile: row.profile,
      regionAdmin: row.region_admin,
    };
    return userPrincipal(identity, row.grants, claims.inst);
  }

  private async clientPrincipal(claims: TokenClaims): Promise<Principal> {
    const row = (
      await this.db.query<{
        name: string;
        institution: string | null;
        roles: string[];
        active: boolean;
        revoked: boolean;
        permissions: string[];
      }>(CLIENT_PRINCIPAL_SQL, [claims.sub, claims.jti, sessionRevocationKey(claims.sid)])
    ).rows[0];
    if (!row || row.revoked || !row.active) throw new AuthError('invalid_token');
    return {
      kind: 'client',
      id: claims.sub,
      displayName: row.name,
      ...(row.institution !== null ? { institution: row.institution } : {}),
      institutions: row.institution !== null ? [row.institution] : [],
      roles: [...row.roles].sort(),
      permissions: row.permissions,
      regionAdmin: false,
    };
  }

  private async loadGrants(db: Queryable, userId: string): Promise<RoleGrant[]> {
    return (await db.query<RoleGrant>(GRANTS_SQL, [userId])).rows;
  }

  /** Counts a failed password; returns the lock expiry when this failure locks the account. */
  private async recordFailedLogin(userId: string): Promise<Date | null> {
    // One atomic statement so concurrent failures all count. The counter restarts once locked,
    // so after the lock expires the user gets the full number of attempts again.
    const row = (
      await this.db.query<{ locked_until: Date | null; locked: boolean }>(
        `update app_user set
           failed_logins = case when failed_logins + 1 >= $2 then 0 else failed_logins + 1 end,
           locked_until = case when failed_logins + 1 >= $2 then now() + make_interval(secs => $3) else locked_until end
         where id = $1
         returning locked_until, coalesce(locked_until > now(), false) as locked`,
        [userId, this.maxFailedLogins, this.lockoutSeconds],
      )
    ).rows[0];
    return row?.locked && row.locked_until ? row.locked_until : null;
  }

  /** `key` is passed in because loading it inside a PGlite transaction would wait on the transaction itself. */
  private async issuePair(
    db: Queryable,
    key: Uint8Array,
    userId: string,
    sid: string,
    institution: string | undefined,
  ): Promise<TokenPair> {
    const claims = { sub: userId, kind: 'user' as const, sid, ...(institution !== undefined ? { inst: institution } : {}) };
    const access = await signToken(key, 'access', claims, this.accessTtl);
    const refresh = await signToken(key, 'refresh', claims, this.refreshTtl);
    await db.query("insert into auth_token (jti, kind, user_id, sid, expires_at) values ($1, 'refresh', $2, $3, $4)", [
      refresh.jti,
      userId,
      sid,
      refresh.expiresAt.toISOString(),
    ]);
    return { access_token: access.token, refresh_token: refresh.token, expires_in: this.accessTtl, token_type: 'Bearer' };
  }

  private async recordRevokedAccessToken(db: Queryable, claims: TokenClaims): Promise<void> {
    await db.query(
      `insert into auth_token (jti, kind, user_id, client_id, sid, expires_at, revoked_at)
       values ($1, 'access', ${this.ownerColumnsSql()}, $4, $5, now()) on conflict (jti) do nothing`,
      [claims.jti, ...this.ownerParams(claims), claims.sid, new Date(claims.exp * 1000).toISOString()],
    );
  }

  /** Revokes the session's refresh tokens and, via a marker row, every access token carrying its sid. */
  private async revokeSession(db: Queryable, claims: TokenClaims): Promise<void> {
    // The marker must outlive the session's last access token, which expires at most one access TTL from now.
    await db.query(
      `insert into auth_token (jti, kind, user_id, client_id, sid, expires_at, revoked_at)
       values ($1, 'session', ${this.ownerColumnsSql()}, $4, now() + make_interval(secs => $5), now())
       on conflict (jti) do update set expires_at = greatest(auth_token.expires_at, excluded.expires_at)`,
      [sessionRevocationKey(claims.sid), ...this.ownerParams(claims), claims.sid, this.accessTtl],
    );
    await db.query("update auth_token set revoked_at = now() where sid = $1 and kind = 'refresh' and revoked_at is null", [
      claims.sid,
    ]);
  }

  // Owner columns ($2 user, $3 client) via lookups, so a token of a since-deleted account does not violate a foreign key.
  private ownerColumnsSql(): string {
    return '(select id from app_user where id = $2), (select id from api_client where id = $3)';
  }

  private ownerParams(claims: TokenClaims): [string | null, string | null] {
    return claims.kind === 'user' ? [claims.sub, null] : [null, claims.sub];
  }

  private owner(claims: TokenClaims): { userId: string } | { clientId: string } {
    return claims.kind === 'user' ? { userId: claims.sub } : { clientId: claims.sub };
  }

  private signingKey(): Promise<Uint8Array> {
    this.key ??= loadSigningKey(this.db).catch((err: unknown) => {
      this.key = undefined; // retry on the next call instead of caching the failure
      throw err;
    });
    return this.key;
  }

  private async emit(event: AuthEvent): Promise<void> {
    await this.onAuthEvent?.(event);
  }
}
