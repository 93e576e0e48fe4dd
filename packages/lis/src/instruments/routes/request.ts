import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { FhirError, forbidden, hasPermission, type AuditEntry, type ModuleContext, type Principal, type RequestContext } from '@medunion/kernel';

export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller, when they hold one of the permissions (403 otherwise). */
export function need(req: FastifyRequest, ...permissions: string[]): Principal {
  const p = principalOf(req);
  if (!permissions.some((perm) => hasPermission(p, perm))) {
    throw forbidden(`需要权限 ${permissions.join(' 或 ')} / Permission ${permissions.join(' or ')} is required`);
  }
  return p;
}

/**
 * The institution whose instruments the caller works on: the one they act for; a region-wide user (no current
 * institution) names it with `?institution=`.
 */
export function institutionOf(req: FastifyRequest): string {
  const p = principalOf(req);
  const asked = (req.query as { institution?: string } | undefined)?.institution;
  if (p.institution) {
    if (asked && asked !== p.institution) throw forbidden(`只能操作本机构（${p.institution}）的仪器 / you act for ${p.institution}, not ${asked}`);
    return p.institution;
  }
  if (!asked) throw new FhirError(400, '区域用户须用 institution 参数指定机构 / region-wide users name the institution with ?institution=', 'required', 'institution');
  return asked;
}

export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

export const actorOf = (p: Principal): string => p.username ?? `${p.kind}/${p.id}`;

/** Module-table reads and changes are audited like store operations (deny by default, audit everything). */
export function audit(ctx: ModuleContext, req: FastifyRequest, entry: Omit<AuditEntry, 'principal' | 'sourceIp'>): Promise<void> {
  return ctx.audit.record({ ...entry, principal: principalOf(req), sourceIp: req.ip });
}

/** A 400 listing every problem of a request body, each naming its field. */
export function badBody(issues: OperationOutcomeIssue[]): FhirError {
  return new FhirError(400, issues);
}
