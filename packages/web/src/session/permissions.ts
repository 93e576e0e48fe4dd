/**
 * Whether a permission list grants `permission`, with the kernel's wildcards (`*`, `fhir.*`); mirrors kernel
 * hasPermission so the shell hides exactly what the API would refuse.
 */
export function holds(permissions: readonly string[], permission: string): boolean {
  if (permissions.includes('*') || permissions.includes(permission)) return true;
  const parts = permission.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    if (permissions.includes(`${parts.slice(0, i).join('.')}.*`)) return true;
  }
  return false;
}
