import type { Organization } from '@medplum/fhirtypes';
import { departmentQuery } from '../departments/department.ts';
import { searchAll } from '../fhir.api.ts';
import { useLoad } from './use-load.ts';

/** The departments of an institution (active and inactive), sorted by name; empty until an institution is given. */
export function useDepartments(institution: string | undefined): { departments: Organization[]; loading: boolean; reload(): void } {
  const { data, loading, reload } = useLoad(() => searchAll<Organization>('Organization', { ...departmentQuery(institution!), _sort: 'name' }), [institution], !!institution);
  return { departments: institution ? (data ?? []) : [], loading, reload };
}
