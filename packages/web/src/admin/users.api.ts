import type { AdminUser, NewUser, RoleAssignment, UserChanges } from '@medunion/kernel/contracts';
import { api } from '../api/http.api.ts';

// The shapes are the server's (kernel contracts); this module only calls the endpoints.
export type { AdminUser, RoleAssignment } from '@medunion/kernel/contracts';

export interface UserQuery {
  search?: string;
  institution?: string;
  role?: string;
  count: number;
  offset: number;
}

const base = '/api/admin/users';
const one = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const listUsers = (q: UserQuery): Promise<{ total: number; users: AdminUser[] }> =>
  api(base, { query: { search: q.search, institution: q.institution, role: q.role, _count: q.count, _offset: q.offset } });

export const getUser = (id: string): Promise<AdminUser> => api(one(id));

export const createUser = (user: NewUser): Promise<{ id: string; username: string }> => api(base, { method: 'POST', body: user });

export const updateUser = (id: string, patch: UserChanges): Promise<AdminUser> => api(one(id), { method: 'PATCH', body: patch });

export const assignRole = (id: string, grant: RoleAssignment): Promise<void> => api(`${one(id)}/roles`, { method: 'POST', body: grant });

export const removeRole = (id: string, grant: RoleAssignment): Promise<void> =>
  api(`${one(id)}/roles`, { method: 'DELETE', query: { role: grant.role, institution: grant.institution } });
