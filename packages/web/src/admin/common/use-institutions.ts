import { useCallback, useMemo } from 'react';
import type { Organization } from '@medplum/fhirtypes';
import { searchAll } from '../fhir.api.ts';
import { hasTypeCode, orgCode } from './organizations.ts';
import { useLoad } from './use-load.ts';

export interface InstitutionOption {
  id: string;
  name: string;
  /** A healthcare provider (type prov), as opposed to the commission or other bodies. */
  provider: boolean;
}

/**
 * The institutions (Organizations that are not departments) the caller may see, for institution pickers and for
 * showing names instead of ids. Access policies apply: an institution administrator sees their own institution.
 */
export function useInstitutions(enabled = true): {
  institutions: InstitutionOption[];
  organizations: Organization[];
  nameOf(id: string | undefined): string;
  loading: boolean;
  error: unknown;
  reload(): void;
} {
  const { data, loading, error, reload } = useLoad(() => searchAll<Organization>('Organization', { 'type:not': 'dept', _sort: 'name' }), [], enabled);
  const organizations = useMemo(() => data ?? [], [data]);
  // In institution-code order (卫健局 QS000, 县医院 QS001, 卫生院 QS1xx …), the order the region is usually listed in.
  const institutions = useMemo(
    () =>
      organizations
        .filter((o) => o.id)
        .sort((a, b) => (orgCode(a) ?? '\uffff').localeCompare(orgCode(b) ?? '\uffff') || (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN'))
        .map((o) => ({ id: o.id!, name: o.name ?? o.id!, provider: hasTypeCode(o, 'prov') })),
    [organizations],
  );
  const names = useMemo(() => new Map(institutions.map((i) => [i.id, i.name])), [institutions]);
  const nameOf = useCallback((id: string | undefined) => (id ? (names.get(id) ?? id) : ''), [names]);
  return { institutions, organizations, nameOf, loading, error, reload };
}
