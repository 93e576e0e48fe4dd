import { api } from '../api/http.api.ts';
import type { LocalizedText } from '../api/modules.api.ts';

export interface Role {
  id: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
  builtIn: boolean;
}

/** An operation-level permission declared by the kernel or a module (kernel PermissionDeclaration). */
export interface PermissionInfo {
  id: string;
  title?: LocalizedText;
  /** Declaring module, when the server says so; otherwise the first segment of the id names it. */
  module?: string;
}

export const listRoles = (): Promise<Role[]> => api('/api/admin/roles');

export const saveRole = (id: string, role: { nameZh: string; nameEn: string; permissions: string[] }): Promise<Role> =>
  api(`/api/admin/roles/${encodeURIComponent(id)}`, { method: 'PUT', body: role });

/** 409 when the role is built in or still assigned. */
export const deleteRole = (id: string): Promise<void> => api(`/api/admin/roles/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listPermissions = (): Promise<PermissionInfo[]> => api('/api/admin/permissions');
