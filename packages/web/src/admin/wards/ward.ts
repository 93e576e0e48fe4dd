import type { Location } from '@medplum/fhirtypes';
import { idOf, ownedBy } from '../common/organizations.ts';
import { WARD_PHYSICAL_TYPE } from '../common/terminology.ts';

/** What the page imposes on a ward: physical type `wa`, an instance, managed by its department, owned by the institution. */
export function wardFixed(input: { institution: string; department: string }): Pick<Location, 'physicalType' | 'mode' | 'managingOrganization' | 'meta'> {
  return {
    physicalType: { coding: [WARD_PHYSICAL_TYPE] },
    mode: 'instance',
    managingOrganization: { reference: `Organization/${input.department}` },
    meta: ownedBy(input.institution),
  };
}

/** FHIR search for wards of one department, or of all the given departments (an institution's) when none is chosen. */
export function wardQuery(department: string | undefined, departments: readonly string[]): Record<string, string> | undefined {
  const scope = department ? [department] : departments;
  if (!scope.length) return undefined;
  return { 'physical-type': `${WARD_PHYSICAL_TYPE.system}|wa`, organization: scope.map((d) => `Organization/${d}`).join(',') };
}

export const wardDepartment = (ward: Location): string | undefined => idOf(ward.managingOrganization);
