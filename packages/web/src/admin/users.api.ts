import { api } from '../api/http.api.ts';

/** A role held by a user, region-wide when `institution` is absent. */
export interface RoleGrant {
  role: string;
  institution?: string;
}

/** GET /api/admin/users item (never carries the password hash). */
export interface AdminUser {
  id: string;
  username: string;
  displayName?: string;
  profile?: string;
  active: boolean;
  regionAdmin: boolean;
  locked: boolean;
  lockedUntil?: string;
  roles: RoleGrant[];
  lastLoginAt?: string;
  createdAt: string;
}

export interface UserQuery {
  search?: string;
  institution?: string;
  role?: string;
  count: number;
  offset: number;
}

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  profile?: string;
  roles?: RoleGrant[];
}

export interface UserPatch {
  displayName?: string;
  active?: boolean;
  password?: string;
  unlock?: true;
  profile?: string;
}

const base = '/api/admin/users';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listUsers = (q: UserQuery): Promise<{ total: number; users: AdminUser[] }> =>
  api(base, { query: { search: q.search, institution: q.institution, role: q.role, _count: q.count, _offset: q.offset } });

export const getUser = (id: string): Promise<AdminUser> => api(one(id));

export const createUser = (user: NewUser): Promise<{ id: string; username: string }> => api(base, { method: 'POST', body: user });

export const updateUser = (id: string, patch: UserPatch): Promise<AdminUser> => api(one(id), { method: 'PATCH', body: patch });

export const assignRole = (id: string, grant: RoleGrant): Promise<void> => api(`${one(id)}/roles`, { method: 'POST', body: grant });

export const removeRole = (id: string, grant: RoleGrant): Promise<void> =>
  api(`${one(id)}/roles`, { method: 'DELETE', query: { role: grant.role, institution: grant.institution } });
