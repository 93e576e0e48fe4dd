// Account administration: users, roles, role assignments and API clients.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { AuthError } from './errors.ts';
import { checkPasswordPolicy, hashPassword } from './passwords.ts';
import type { ClientCredentials, NewClient, NewUser } from '../contracts/accounts.ts';

export type { ClientCredentials, NewClient, NewUser, RoleAssignment } from '../contracts/accounts.ts';

export interface UserSummary {
  id: string;
  username: string;
  displayName?: string;
  profile?: string;
  regionAdmin: boolean;
  active: boolean;
}

export interface RoleDefinition {
  /** e.g. `doctor` */
  id: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  builtIn?: boolean;
}

/** Checks the password policy (400 `weak_password`) and hashes with argon2id. */
export async function hashValidPassword(password: string): Promise<string> {
  const problem = checkPasswordPolicy(password);
  if (problem) throw new AuthError('weak_password', problem);
  return hashPassword(password);
}

// '' would collide with null (region-wide) in the user_role key, silently widening the grant.
function institutionOrNull(institution: string | undefined | null): string | null {
  if (institution === undefined || institution === null) return null;
  if (institution.trim() === '') throw new AuthError('invalid_request', '机构不能为空 / Institution must not be empty');
  return institution;
}

export async function createUser(db: Db, input: NewUser): Promise<UserSummary> {
  const username = input.username.trim();
  if (username === '') throw new AuthError('invalid_request', '用户名不能为空 / Username must not be empty');
  const passwordHash = await hashValidPassword(input.password);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const inserted = await tx.query(
      `insert into app_user (id, username, display_name, password_hash, profile, region_admin, password_changed_at)
       values ($1, $2, $3, $4, $5, $6, now()) on conflict (username) do nothing returning id`,
      [id, username, input.displayName ?? null, passwordHash, input.profile ?? null, input.regionAdmin ?? false],
    );
    if (inserted.rowCount === 0) throw new AuthError('username_taken');
    for (const assignment of input.roles ?? []) await assignRole(tx, id, assignment.role, assignment.institution);
  });
  return {
    id,
    username,
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(input.profile !== undefined ? { profile: input.profile } : {}),
    regionAdmin: input.regionAdmin ?? false,
    active: true,
  };
}

/** Sets a new password, clears any lockout and ends the user's sessions (their refresh tokens). */
export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  const passwordHash = await hashValidPassword(password);
  await db.transaction(async (tx) => {
    const updated = await tx.query(
      `update app_user set password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = null
       where id = $1`,
      [userId, passwordHash],
    );
    if (updated.rowCount === 0) throw new AuthError('not_found');
    await tx.query(
      "update auth_token set revoked_at = now() where user_id = $1 and kind = 'refresh' and revoked_at is null",
      [userId],
    );
  });
}

/** Deactivation takes effect at once: token verification and refresh check `active`. */
export async function setActive(db: Queryable, userId: string, active: boolean): Promise<void> {
  const updated = await db.query('update app_user set active = $2 where id = $1', [userId, active]);
  if (updated.rowCount === 0) throw new AuthError('not_found');
}

export async function assignRole(db: Queryable, userId: string, roleId: string, institution?: string): Promise<void> {
  const inst = institutionOrNull(institution);
  const found = await db.query<{ user_exists: boolean; role_exists: boolean }>(
    `select exists (select 1 from app_user where id = $1) as user_exists,
            exists (select 1 from app_role where id = $2) as role_exists`,
    [userId, roleId],
  );
  if (!found.rows[0].user_exists) throw new AuthError('not_found');
  if (!found.rows[0].role_exists) throw new AuthError('invalid_request', `未知角色 / Unknown role: ${roleId}`);
  // Assigning twice is a no-op, so callers can re-apply a desired state.
  await db.query('insert into user_role (user_id, role_id, institution) values ($1, $2, $3) on conflict do nothing', [
    userId,
    roleId,
    inst,
  ]);
}

/** True when an assignment was removed. */
export async function revokeRole(db: Queryable, userId: string, roleId: string, institution?: string): Promise<boolean> {
  const deleted = await db.query(
    'delete from user_role where user_id = $1 and role_id = $2 and institution is not distinct from $3',
    [userId, roleId, institutionOrNull(institution)],
  );
  return deleted.rowCount > 0;
}

export async function upsertRole(db: Queryable, role: RoleDefinition): Promise<void> {
  await db.query(
    `insert into app_role (id, name_zh, name_en, permissions, built_in) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
       permissions = excluded.permissions, built_in = excluded.built_in`,
    [role.id, role.nameZh, role.nameEn, role.permissions, role.builtIn ?? false],
  );
}

/** Why a role could not be deleted, or `deleted`. */
export type RoleDeletion = 'deleted' | 'not-found' | 'built-in' | 'in-use';

/** Deletes a custom role that nobody holds: built-in roles and roles assigned to a user or client stay. */
export async function deleteRole(db: Db, roleId: string): Promise<RoleDeletion> {
  return db.transaction(async (tx) => {
    // The row lock makes a concurrent assignment (whose foreign key check locks the role row) wait for us and then fail.
    const role = await tx.query<{ built_in: boolean }>('select built_in from app_role where id = $1 for update', [roleId]);
    if (role.rows.length === 0) return 'not-found';
    if (role.rows[0].built_in) return 'built-in';
    const used = await tx.query<{ used: boolean }>(
      `select exists (select 1 from user_role where role_id = $1) or exists (select 1 from api_client where $1 = any (roles)) as used`,
      [roleId],
    );
    if (used.rows[0].used) return 'in-use';
    await tx.query('delete from app_role where id = $1', [roleId]);
    return 'deleted';
  });
}

export async function listRoles(db: Queryable): Promise<Required<RoleDefinition>[]> {
  const result = await db.query<{ id: string; name_zh: string; name_en: string; permissions: string[]; built_in: boolean }>(
    'select id, name_zh, name_en, permissions, built_in from app_role order by id',
  );
  return result.rows.map((r) => ({
    id: r.id,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    permissions: r.permissions,
    builtIn: r.built_in,
  }));
}

export async function createClient(db: Queryable, input: NewClient): Promise<ClientCredentials> {
  // roles is an array column (no foreign key), so check them here.
  const known = await db.query<{ id: string }>('select id from app_role where id = any($1)', [input.roles]);
  const missing = input.roles.filter((r) => !known.rows.some((k) => k.id === r));
  if (missing.length > 0) throw new AuthError('invalid_request', `未知角色 / Unknown role: ${missing.join(', ')}`);
  const clientId = `cli_${randomBytes(12).toString('base64url')}`;
  const clientSecret = randomBytes(32).toString('base64url');
  await db.query('insert into api_client (id, name, secret_hash, institution, roles) values ($1, $2, $3, $4, $5)', [
    clientId,
    input.name,
    await hashPassword(clientSecret),
    institutionOrNull(input.institution),
    input.roles,
  ]);
  return { clientId, clientSecret };
}

export async function setClientActive(db: Queryable, clientId: string, active: boolean): Promise<void> {
  const updated = await db.query('update api_client set active = $2 where id = $1', [clientId, active]);
  if (updated.rowCount === 0) throw new AuthError('not_found');
}
