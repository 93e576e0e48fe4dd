import { useCallback, useState } from 'react';
import type { Organization } from '@medplum/fhirtypes';
import type { Me } from '../../api/auth.api.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useWorkingInstitution } from './institution-picker.tsx';
import { useInstitutions, type InstitutionOption } from './use-institutions.ts';

/** The state every administration list of an institution's resources shares (what `AdminListPage` renders). */
export interface AdminList {
  me: Me;
  /** Editing resources at all (`fhir.update`); without it the page is a 403. */
  allowed: boolean;
  /** The create button (`fhir.create`). */
  canCreate: boolean;
  institutions: InstitutionOption[];
  organizations: Organization[];
  nameOf(id: string | undefined): string;
  /** The institution the page works in, and its Organization once loaded. */
  institution: string | undefined;
  setInstitution(id: string): void;
  current: Organization | undefined;
  /** Passed to the table; `reload()` after the page's own create/update. */
  reloadToken: number;
  reload(): void;
}

export function useAdminList(): AdminList {
  const { me } = useSession();
  const allowed = holds(me.permissions, 'fhir.update');
  const canCreate = holds(me.permissions, 'fhir.create');
  const { institutions, organizations, nameOf } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const [reloadToken, setReloadToken] = useState(0);
  const reload = useCallback(() => setReloadToken((n) => n + 1), []);
  const current = organizations.find((o) => o.id === institution);
  return { me, allowed, canCreate, institutions, organizations, nameOf, institution, setInstitution, current, reloadToken, reload };
}
