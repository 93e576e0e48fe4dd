import { useMemo, type ReactNode } from 'react';
import { InstitutionPicker, useWorkingInstitution } from '../../admin/common/institution-picker.tsx';
import { useInstitutions } from '../../admin/common/use-institutions.ts';
import { useSession } from '../../session/session.context.tsx';

export interface LabScope {
  /** Sent as `?institution=` — only by region-wide users; staff act for their current institution. */
  scope: { institution?: string };
  /** The laboratory is known (a region-wide user has picked one). */
  ready: boolean;
  /** The institution picker for region-wide users, else null. */
  picker: ReactNode;
}

/**
 * Whose laboratory the instrument pages work on. Staff work in their current institution (switched in the top bar);
 * the LIS API refuses them any other. A user without one (region-wide) picks the institution here.
 */
export function useLabScope(): LabScope {
  const { me } = useSession();
  const regionWide = !me.institution;
  const { institutions } = useInstitutions(regionWide);
  const [chosen, choose] = useWorkingInstitution(me, institutions);
  const institution = regionWide ? chosen : undefined;
  const scope = useMemo(() => (institution ? { institution } : {}), [institution]);
  return {
    scope,
    ready: !regionWide || !!institution,
    picker: regionWide ? <InstitutionPicker value={chosen} onChange={choose} institutions={institutions} editable /> : null,
  };
}
