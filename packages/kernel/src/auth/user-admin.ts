// Users as the administration pages see them: listing, one user, and account changes. Never exposes password hashes.
import { SqlParams } from '../access/policy.ts';
import type { Db, Queryable } from '../db/types.ts';
import { hashValidPassword } from './directory.ts';
import { AuthError } from './errors.ts';
import type { AdminUser, UserChanges } from '../contracts/accounts.ts';

export type { AdminUser, UserChanges } from '../contracts/accounts.ts';

export interface UserQuery {
  /** Case-insensitive substring of the username or display name. */
  search?: string;
  /** Users holding a role in this institution (with `role`: holding that role there). */
  institution?: string;
  /** Users holding this role (with `institution`: in that institution). */
  role?: string;
  count?: number;
  offset?: number;
  /**
   * The view of an institution administrator: only users holding a role in this institution, and of their
   * roles only those in this institution or region-wide.
   */
  within?: string;
}

export const MAX_USER_PAGE = 200;

interface UserRow {
  id: string;
  username: string;
  display_name: string | null;
  profile: string | null;
  active: boolean;
  region_admin: boolean;
  locked: boolean;
  locked_until: Date | string | null;
  last_login_at: Date | string | null;
  created_at: Date | string;
  roles: { role: string; institution: string | null }[];
}

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function toAdminUser(row: UserRow): AdminUser {
  return {
    id: row.id,
    username: row.username,
    ...(row.display_name !== null ? { displayName: row.display_name } : {}),
    ...(row.profile !== null ? { profile: row.profile } : {}),
    active: row.active,
    regionAdmin: row.region_admin,
    locked: row.locked,
    ...(row.locked && row.locked_until !== null ? { lockedUntil: iso(row.locked_until) } : {}),
    roles: row.roles.map((r) => (r.institution === null ? { role: r.role } : { role: r.role, institution: r.institution })),
    ...(row.last_login_at !== null ? { lastLoginAt: iso(row.last_login_at) } : {}),
    createdAt: iso(row.created_at),
  };
}

/** `%`, `_` and `\` match themselves in the LIKE pattern. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The user query over `app_user u`; `within` limits the users and their listed roles to one institution. */
function selectUsers(where: string[], params: SqlParams, within: string | undefined): { select: string; from: string } {
  let roleScope = '';
  const conditions = [...where];
  if (within !== undefined) {
    const institution = params.add(within);
    roleScope = ` and (ur.institution is null or ur.institution = ${institution})`;
    conditions.push(`exists (select 1 from user_role w where w.user_id = u.id and w.institution = ${institution})`);
  }
  return {
    select: `select u.id, u.username, u.display_name, u.profile, u.active, u.region_admin, u.locked_until,
                    coalesce(u.locked_until > now(), false) as locked, u.last_login_at, u.created_at,
                    coalesce((select json_agg(json_build_object('role', ur.role_id, 'institution', ur.institution) order by ur.role_id, ur.institution)
                                from user_role ur where ur.user_id = u.id${roleScope}), '[]'::json) as roles`,
    from: `from app_user u where ${conditions.length ? conditions.join(' and ') : 'true'}`,
  };
}

/** One page of users, sorted by username, and how many match in all. */
export async function listUsers(db: Queryable, query: UserQuery = {}): Promise<{ total: number; users: AdminUser[] }> {
  const params = new SqlParams();
  const where: string[] = [];
  const search = query.search?.trim();
  if (search) {
    const pattern = params.add(likePattern(search));
    where.push(`(u.username ilike ${pattern} escape '\\' or u.display_name ilike ${pattern} escape '\\')`);
  }
  if (query.role !== undefined || query.institution !== undefined) {
    const role = query.role !== undefined ? ` and g.role_id = ${params.add(query.role)}` : '';
    const institution = query.institution !== undefined ? ` and g.institution = ${params.add(query.institution)}` : '';
    where.push(`exists (select 1 from user_role g where g.user_id = u.id${role}${institution})`);
  }
  const { select, from } = selectUsers(where, params, query.within);
  // The count runs before limit/offset are added, so its parameters are exactly those its SQL references.
  const count = await db.query<{ n: number | string }>(`select count(*) as n ${from}`, params.values);
  const limit = params.add(Math.min(Math.max(query.count ?? 20, 0), MAX_USER_PAGE));
  const offset = params.add(Math.max(query.offset ?? 0, 0));
  const { rows } = await db.query<UserRow>(`${select} ${from} order by u.username limit ${limit} offset ${offset}`, params.values);
  return { total: Number(count.rows[0].n), users: rows.map(toAdminUser) };
}

/** One user by id or username; undefined when absent or (with `within`) outside that institution. */
export async function getUser(db: Queryable, by: { id: string } | { username: string }, within?: string): Promise<AdminUser | undefined> {
  const params = new SqlParams();
  const where = 'id' in by ? [`u.id = ${params.add(by.id)}`] : [`u.username = ${params.add(by.username.trim())}`];
  const { select, from } = selectUsers(where, params, within);
  const { rows } = await db.query<UserRow>(`${select} ${from}`, params.values);
  return rows[0] ? toAdminUser(rows[0]) : undefined;
}

/** Applies account changes in one transaction. Throws `not_found` for an unknown user, `weak_password` for a bad password. */
export async function updateUser(db: Db, userId: string, changes: UserChanges): Promise<void> {
  // Hash outside the transaction: argon2id is deliberately slow and must not hold row locks meanwhile.
  const passwordHash = changes.password !== undefined ? await hashValidPassword(changes.password) : undefined;
  await db.transaction(async (tx) => {
    const params = new SqlParams([userId]);
    const sets: string[] = [];
    if (changes.displayName !== undefined) sets.push(`display_name = ${params.add(changes.displayName || null)}`);
    if (changes.profile !== undefined) sets.push(`profile = ${params.add(changes.profile || null)}`);
    if (changes.active !== undefined) sets.push(`active = ${params.add(changes.active)}`);
    if (passwordHash !== undefined) sets.push(`password_hash = ${params.add(passwordHash)}`, 'password_changed_at = now()');
    if (passwordHash !== undefined || changes.unlock) sets.push('failed_logins = 0', 'locked_until = null');
    // `returning` makes found-or-not one check for both shapes (PGlite reports no row count for a select).
    const sql = sets.length ? `update app_user set ${sets.join(', ')} where id = $1 returning id` : 'select id from app_user where id = $1';
    if ((await tx.query(sql, params.values)).rows.length === 0) throw new AuthError('not_found');
    // Access tokens check `active` on every request; refresh tokens must not outlive a deactivation or a password reset.
    if (passwordHash !== undefined || changes.active === false) {
      await tx.query("update auth_token set revoked_at = now() where user_id = $1 and kind = 'refresh' and revoked_at is null", [userId]);
    }
  });
}
