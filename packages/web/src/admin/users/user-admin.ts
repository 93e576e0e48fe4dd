import type { AdminUser, RoleAssignment } from '../users.api.ts';

/** Mirrors the kernel's password rules (checkPasswordPolicy) so the form says what is wrong before the server does. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password would be refused, as a message key suffix under `admin.users.password.`, or null. */
export function passwordProblem(password: string): 'tooShort' | 'tooLong' | 'lettersDigits' | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'tooLong';
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return 'lettersDigits';
  return null;
}

/** What the status column shows; a lock only counts while it lasts. */
export function userStatus(u: Pick<AdminUser, 'active' | 'locked' | 'lockedUntil'>, now = new Date()): 'inactive' | 'locked' | 'active' {
  if (!u.active) return 'inactive';
  if (u.locked && (!u.lockedUntil || new Date(u.lockedUntil) > now)) return 'locked';
  return 'active';
}

export const sameGrant = (a: RoleAssignment, b: RoleAssignment): boolean => a.role === b.role && (a.institution ?? '') === (b.institution ?? '');

/** Adds a grant unless the same role is already held in the same institution (the server treats it as a no-op too). */
export function addGrant(grants: readonly RoleAssignment[], grant: RoleAssignment): RoleAssignment[] {
  const clean: RoleAssignment = grant.institution ? { role: grant.role, institution: grant.institution } : { role: grant.role };
  return grants.some((g) => sameGrant(g, clean)) ? [...grants] : [...grants, clean];
}

/**
 * The institutions a new grant may name. Region administrators may grant anywhere (or region-wide: `undefined`);
 * institution administrators only within their current institution (the server refuses anything else).
 */
export function grantableInstitutions(me: { regionAdmin?: boolean; institution?: string }, all: readonly string[]): { institutions: string[]; regionWide: boolean } {
  if (me.regionAdmin) return { institutions: [...all], regionWide: true };
  return { institutions: me.institution ? [me.institution] : [], regionWide: false };
}

/** Usernames as the kernel accepts them (2–64 characters, trimmed); we also keep to characters safe in logs and URLs. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;
