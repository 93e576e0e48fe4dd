import { useCallback, useMemo } from 'react';
import type { Locale } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import { listRoles, type Role } from '../roles.api.ts';
import { useLoad } from './use-load.ts';

/**
 * Roles for pickers and for naming role ids. Listing roles needs admin.role.manage; without it (an institution
 * administrator) the list is empty and pickers accept typed role ids, which the server checks when granting.
 */
export function useRoles(permissions: readonly string[], locale: Locale): { roles: Role[]; roleName(id: string): string; loading: boolean; reload(): void } {
  const allowed = holds(permissions, 'admin.role.manage');
  const { data, loading, reload } = useLoad(listRoles, [], allowed);
  const roles = useMemo(() => data ?? [], [data]);
  const byId = useMemo(() => new Map(roles.map((r) => [r.id, r])), [roles]);
  const roleName = useCallback(
    (id: string) => {
      const r = byId.get(id);
      return r ? (locale === 'zh-CN' ? r.nameZh : r.nameEn) || id : id;
    },
    [byId, locale],
  );
  return { roles, roleName, loading: allowed && loading, reload };
}
