import type { FastifyRequest } from 'fastify';
import { forbidden, hasPermission, type Principal, type RequestContext } from '@medunion/kernel';

export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller, when they hold `permission` (403 otherwise). */
export function need(req: FastifyRequest, permission: string): Principal {
  const p = principalOf(req);
  if (!hasPermission(p, permission)) throw forbidden(`Permission ${permission} is required`);
  return p;
}

/**
 * The recognition platform's administrator: `recognition.admin`, acting region-wide (region administrator, or signed
 * in without an institution). Institution-scoped holders of the role may read statistics but cannot change the
 * region's institutions, items, qualifications, prices or QC settings (403).
 */
export function needPlatformAdmin(req: FastifyRequest): Principal {
  const p = need(req, 'recognition.admin');
  if (p.institution && !p.regionAdmin) {
    throw forbidden('互认平台由区域统一管理：请以区域身份操作 / The recognition platform is administered region-wide: act for the region, not an institution');
  }
  return p;
}

export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

export const actorOf = (p: Principal): string => `${p.kind}/${p.id}`;
