import type { FastifyRequest } from 'fastify';
import { FhirError, forbidden, hasPermission, type Principal, type RequestContext } from '@medunion/kernel';

// Generic HTTP helpers of the LIS routes (areas 1 and 2 use them; they hold no area logic).

export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller, when they hold `permission` (403 otherwise). */
export function need(req: FastifyRequest, permission: string): Principal {
  const p = principalOf(req);
  if (!hasPermission(p, permission)) throw forbidden(`需要权限 ${permission} / Permission ${permission} is required`);
  return p;
}

/** The caller, when they hold any of `permissions` (403 naming them otherwise). */
export function needAny(req: FastifyRequest, permissions: string[]): Principal {
  const p = principalOf(req);
  if (!permissions.some((perm) => hasPermission(p, perm))) throw forbidden(`需要权限 ${permissions.join(' 或 ')} / One of ${permissions.join(', ')} is required`);
  return p;
}

/** The caller's request context: writes go through the store as the caller, so policies and audit apply. */
export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

/**
 * The laboratory institution a call acts for: the caller's current institution. Region-wide callers (no current
 * institution) name one with `?institution=`; others may not act for another institution.
 */
export function labInstitution(req: FastifyRequest): string {
  const p = principalOf(req);
  const asked = (req.query as { institution?: unknown } | undefined)?.institution;
  if (typeof asked === 'string' && asked !== '' && asked !== p.institution) {
    if (!p.regionAdmin) throw new FhirError(403, [{ severity: 'error', code: 'forbidden', details: { text: `只能操作本机构（${p.institution ?? '无'}）的检验数据 / You may act only for your own institution` }, expression: ['institution'] }]);
    return asked;
  }
  if (p.institution) return p.institution;
  throw new FhirError(400, [{ severity: 'error', code: 'required', details: { text: '区域用户须以 institution 参数指明实验室所属机构 / Region-wide callers must name the institution' }, expression: ['institution'] }]);
}

