import type { Principal } from '../access/principal.ts';
import { AuthError } from './errors.ts';

/** One user_role row joined with its role's permissions. */
export interface RoleGrant {
  role: string;
  /** null = region-wide */
  institution: string | null;
  permissions: string[];
}

export interface UserIdentity {
  id: string;
  username: string;
  displayName: string | null;
  profile: string | null;
  regionAdmin: boolean;
}

/** Distinct institutions the user holds roles in, sorted so "the first" (the login default) is stable. */
export function institutionsOf(grants: readonly RoleGrant[]): string[] {
  return [...new Set(grants.flatMap((g) => (g.institution === null ? [] : [g.institution])))].sort();
}

/** The institution to act for: the requested one if the user holds a role there, else the first. */
export function chooseInstitution(grants: readonly RoleGrant[], requested?: string): string | undefined {
  const institutions = institutionsOf(grants);
  if (requested === undefined) return institutions[0];
  if (!institutions.includes(requested)) throw new AuthError('invalid_institution');
  return requested;
}

/** Roles and permissions in force at `institution`: that institution's grants plus region-wide ones. */
export function userPrincipal(user: UserIdentity, grants: readonly RoleGrant[], institution: string | undefined): Principal {
  const active = grants.filter((g) => g.institution === null || g.institution === institution);
  const principal: Principal = {
    kind: 'user',
    id: user.id,
    username: user.username,
    institutions: institutionsOf(grants),
    roles: [...new Set(active.map((g) => g.role))].sort(),
    permissions: [...new Set(active.flatMap((g) => g.permissions))].sort(),
    regionAdmin: user.regionAdmin,
  };
  if (user.displayName !== null) principal.displayName = user.displayName;
  if (user.profile !== null) principal.profile = user.profile;
  if (institution !== undefined) principal.institution = institution;
  return principal;
}
