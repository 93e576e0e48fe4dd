import type { FastifyRequest } from 'fastify';
import { forbidden, hasPermission, type AdminUser, type Kernel, type Principal } from '@medunion/kernel';
import { principalOf } from '../http/principal.ts';

/** Records an administrative action of the caller (AuditEvent `operation`). Never pass secrets in `detail`. */
export function auditAdmin(kernel: Kernel, req: FastifyRequest, detail: string): Promise<void> {
  return kernel.audit.record({ action: 'operation', principal: principalOf(req), detail, sourceIp: req.ip });
}

/**
 * The institution an administrator below region level manages: their current one. Undefined for region
 * administrators, who manage every institution.
 */
export function managedInstitution(p: Principal): string | undefined {
  if (p.regionAdmin) return undefined;
  if (!p.institution) throw forbidden('Switch to an institution to administer it');
  return p.institution;
}

/**
 * Holders of admin.user.manage / admin.client.manage below region level (institution administrators) may grant
 * or revoke only within their current institution and only roles whose permissions they hold themselves: no escalation.
 */
export async function checkGrants(kernel: Kernel, p: Principal, grants: { role: string; institution?: string }[]): Promise<void> {
  if (p.regionAdmin) return;
  const roles = await kernel.auth.listRoles();
  for (const g of grants) {
    if (!p.institution || g.institution !== p.institution) throw forbidden(`Roles may be granted or removed only within your institution ${p.institution ?? ''}`.trim());
    const missing = roles.find((r) => r.id === g.role)?.permissions.filter((perm) => !hasPermission(p, perm)) ?? [];
    if (missing.length) throw forbidden(`Role ${g.role} carries permissions you do not hold: ${missing.join(', ')}`);
  }
}

/**
 * Changing an account (password, activation, name) hands over whatever the account holds. Below region level
 * that is allowed only for users of the caller's institution whose every role lies there and carries only
 * permissions the caller holds; never for region administrators. `user` must be the unscoped view (all roles).
 */
export async function checkManageable(kernel: Kernel, p: Principal, user: AdminUser): Promise<void> {
  if (p.regionAdmin) return;
  const institution = managedInstitution(p);
  if (!user.roles.some((r) => r.institution === institution)) throw forbidden(`User ${user.username} does not belong to institution ${institution}`);
  if (user.regionAdmin) throw forbidden(`User ${user.username} is a region administrator`);
  const outside = user.roles.filter((r) => r.institution !== institution);
  if (outside.length) {
    throw forbidden(`User ${user.username} also holds roles outside institution ${institution}: ${outside.map((r) => `${r.role}@${r.institution ?? 'region'}`).join(', ')}`);
  }
  const roles = await kernel.auth.listRoles();
  const missing = [...new Set(user.roles.flatMap((g) => roles.find((r) => r.id === g.role)?.permissions ?? []))].filter((perm) => !hasPermission(p, perm));
  if (missing.length) throw forbidden(`User ${user.username} holds permissions you do not hold: ${missing.join(', ')}`);
}
