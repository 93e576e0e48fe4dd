import type { FastifyRequest } from 'fastify';
import { hasPermission, type Principal, type RequestContext } from '@medunion/kernel';
import { fieldError } from './body.ts';

/** The authenticated caller (the server's bearer hook sets it before any module route runs). */
export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller when they hold at least one of `permissions`; 403 naming them otherwise. */
export function needAny(req: FastifyRequest, ...permissions: string[]): Principal {
  const p = principalOf(req);
  if (!permissions.some((permission) => hasPermission(p, permission))) {
    throw fieldError(403, 'permission', `需要权限 ${permissions.join(' 或 ')}`, `Permission ${permissions.join(' or ')} is required`, 'forbidden');
  }
  return p;
}

/**
 * The laboratory a request is about. Staff act for their current institution, and naming another is a 403; a
 * region-wide caller (region administrator, or signed in without an institution) names one with `institution`.
 */
export function labInstitution(p: Principal, requested: string | undefined): string {
  if (p.institution) {
    if (requested && requested !== p.institution && !p.regionAdmin) {
      throw fieldError(403, 'institution', '只能操作本机构的检验科数据', 'You may act for your own institution only', 'forbidden');
    }
    return requested || p.institution;
  }
  if (!requested) throw fieldError(400, 'institution', '区域用户须指定 institution（机构）', 'A region-wide caller must name the institution', 'required');
  return requested;
}

/** `user/<id>`: who did it, stable across renames; names are kept beside it for reports. */
export const actorOf = (p: Principal): string => `${p.kind}/${p.id}`;
export const actorName = (p: Principal): string => p.displayName ?? p.username ?? p.id;

export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });
