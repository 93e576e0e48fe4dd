import type { PractitionerRole } from '@medplum/fhirtypes';
import { searchResources } from '../../admin/fhir.api.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useSession } from '../../session/session.context.tsx';

/** The department extension of the demo region's PractitionerRoles (the LIS reads the same one: specimens/codes.ts). */
const DEPARTMENT_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/department';

/**
 * The department (Organization id) the signed-in user works in at their current institution, from their
 * PractitionerRole — the ordering department by default, and the ward whose rejections the ward page shows.
 * `/auth/me` names the user's Practitioner in `profile`.
 */
export function useMyDepartment(): { department: string | undefined; loaded: boolean } {
  const { me } = useSession();
  const profile = (me as { profile?: string }).profile;
  const enabled = !!profile?.startsWith('Practitioner/') && !!me.institution;
  const { data, loading } = useLoad(
    async () => {
      const { resources } = await searchResources<PractitionerRole>('PractitionerRole', { practitioner: profile!, _count: 10 });
      const own = resources.filter((r) => r.organization?.reference === `Organization/${me.institution}`);
      const ref = own.map((r) => r.extension?.find((e) => e.url === DEPARTMENT_EXTENSION)?.valueReference?.reference).find(Boolean);
      return ref?.replace(/^Organization\//, '') ?? null;
    },
    [profile, me.institution],
    enabled,
  );
  return { department: data ?? undefined, loaded: !enabled || !loading };
}
