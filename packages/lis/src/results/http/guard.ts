import type { FastifyRequest } from 'fastify';
import { hasPermission, type Principal, type RequestContext } from '@medunion/kernel';
import { fieldError } from './errors.ts';

/** The built-in role of a laboratory's head (检验科主任), who may withdraw anyone's review. */
export const SUPERVISOR_ROLE = 'lab-supervisor';

/** The authenticated caller (the server's bearer hook sets it before any module route runs). */
export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** A caller of the laboratory: who, for which institution, and the store context their writes go through. */
export interface LabCaller {
  principal: Principal;
  institution: string;
  request: RequestContext;
}

/**
 * The caller when they hold `permission` and act for an institution (the laboratory's data is the institution's);
 * 403 naming the permission otherwise. Store calls made with `request` are checked and audited as the caller.
 */
export function labCaller(req: FastifyRequest, permission: string): LabCaller {
  // Routes attach validation so bodies and queries are checked here with every field named; a bad path parameter
  // is still a 400 before anything else.
  const invalid = (req as FastifyRequest & { validationError?: Error & { validationContext?: string } }).validationError;
  if (invalid?.validationContext === 'params') throw fieldError(400, invalid.message.split(' ')[0]?.replace(/^params\/?/, '') || 'params', `路径参数无效：${invalid.message}`, `Invalid path parameter: ${invalid.message}`, 'value');
  const principal = principalOf(req);
  if (!hasPermission(principal, permission)) {
    throw fieldError(403, 'permission', `需要权限 ${permission}`, `Permission ${permission} is required`, 'forbidden');
  }
  if (!principal.institution) {
    throw fieldError(403, 'institution', '请以医疗机构身份登录后操作检验数据', 'Act for an institution to work with its laboratory data', 'forbidden');
  }
  return { principal, institution: principal.institution, request: callerContext(req) };
}

export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

export const isSupervisor = (p: Principal): boolean => p.roles.includes(SUPERVISOR_ROLE);

/** `Practitioner/<id>` of a signed-in person, if their account is linked to one. */
export const practitionerOf = (p: Principal): string | undefined => (p.profile?.startsWith('Practitioner/') ? p.profile : undefined);

export const actorName = (p: Principal): string => p.displayName ?? p.username ?? p.id;
