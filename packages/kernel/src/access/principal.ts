/** Who is calling: resolved from an access token (or built in-process for system jobs). */
export interface Principal {
  /** `user` for people (linked to Practitioner/Patient), `client` for OAuth2 client-credential apps, `system` for in-process jobs. */
  kind: 'user' | 'client' | 'system';
  /** users.id or api_client.id; 'system' for the kernel itself. */
  id: string;
  username?: string;
  displayName?: string;
  /** FHIR reference of the linked resource, e.g. `Practitioner/123`. */
  profile?: string;
  /** Institution (Organization id) the caller acts for now; undefined for region-wide actors. */
  institution?: string;
  /** Institutions the user may switch between (institution switcher). */
  institutions: string[];
  roles: string[];
  /** Operation-level permissions granted by the roles, e.g. `fhir.read`, `admin.user.manage`. `*` grants all. */
  permissions: string[];
  /** True for the region administrator: sees all institutions. Policies still apply. */
  regionAdmin: boolean;
}

export const SYSTEM_PRINCIPAL: Principal = {
  kind: 'system',
  id: 'system',
  username: 'system',
  institutions: [],
  roles: ['system'],
  permissions: ['*'],
  regionAdmin: true,
};

export function hasPermission(principal: Principal, permission: string): boolean {
  if (principal.permissions.includes('*')) return true;
  if (principal.permissions.includes(permission)) return true;
  // `fhir.*` grants `fhir.read`, `fhir.create`, …
  const parts = permission.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    if (principal.permissions.includes(`${parts.slice(0, i).join('.')}.*`)) return true;
  }
  return false;
}
