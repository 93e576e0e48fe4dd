import type { FastifyRequest } from 'fastify';
import { hasPermission, type Principal, type RequestContext } from '@medunion/kernel';
import { fieldError } from './errors.ts';
import { rejectParameterErrors } from './schema.ts';

/** The built-in role of a laboratory's head (检验科主任), who may withdraw anyone's review. */
export const SUPERVISOR_ROLE = 'lab-supervisor';

/** The authenticated caller (the server's bearer hook sets it before any module route runs). */
export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller's request context: store calls made with it are checked by policy and audited as the caller. */
export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

/** The caller when they hold at least one of `permissions`; 403 naming them otherwise. */
export function need(req: FastifyRequest, ...permissions: string[]): Principal {
  const p = principalOf(req);
  if (!permissions.some((permission) => hasPermission(p, permission))) {
    throw fieldError(403, 'permission', `需要权限 ${permissions.join(' 或 ')}`, `Permission ${permissions.join(' or ')} is required`, 'forbidden');
  }
  return p;
}

/**
 * The laboratory (institution) a request is about. Staff act for their current institution, and naming another is a
 * 403; a region administrator may name any; a region-wide caller (signed in without an institution) must name one.
 */
export function labInstitution(p: Principal, requested: string | undefined): string {
  if (p.institution) {
    if (requested && requested !== p.institution && !p.regionAdmin) {
      throw fieldError(403, 'institution', `只能操作本机构（${p.institution}）的检验数据`, `You may act for your own institution (${p.institution}) only`, 'forbidden');
    }
    return requested || p.institution;
  }
  if (!requested) throw fieldError(400, 'institution', '区域用户须以 institution 参数指明实验室所属机构', 'A region-wide caller must name the institution', 'required');
  return requested;
}

/** The laboratory a request names with `?institution=` (or the caller's own): `labInstitution` for route handlers. */
export const requestedLab = (req: FastifyRequest): string =>
  labInstitution(principalOf(req), (req.query as { institution?: unknown } | undefined)?.institution as string | undefined);

/** A caller of the laboratory: who, for which institution, and the store context their writes go through. */
export interface LabCaller {
  principal: Principal;
  institution: string;
  request: RequestContext;
}

/**
 * The caller when they hold `permission` and act for an institution (results and reports are the institution's own;
 * region-wide users do not work at a bench); 403 otherwise. A bad path parameter is a 400 before anything else.
 */
export function labCaller(req: FastifyRequest, permission: string): LabCaller {
  rejectParameterErrors({ validationError: paramsError(req) });
  const principal = need(req, permission);
  if (!principal.institution) {
    throw fieldError(403, 'institution', '请以医疗机构身份登录后操作检验数据', 'Act for an institution to work with its laboratory data', 'forbidden');
  }
  return { principal, institution: principal.institution, request: callerContext(req) };
}

// Bodies and queries are checked by the handlers with every field named; only path problems are raised up front.
function paramsError(req: FastifyRequest) {
  const err = (req as FastifyRequest & { validationError?: Error & { validationContext?: string; validation?: unknown[] } }).validationError;
  return err?.validationContext === 'params' ? err : undefined;
}

export const isSupervisor = (p: Principal): boolean => p.roles.includes(SUPERVISOR_ROLE);

/** `Practitioner/<id>` of a signed-in person, if their account is linked to one. */
export const practitionerOf = (p: Principal): string | undefined => (p.profile?.startsWith('Practitioner/') ? p.profile : undefined);

/** `user/<id>`: who did it, stable across renames; names are kept beside it for reports. */
export const actorOf = (p: Principal): string => `${p.kind}/${p.id}`;
export const actorName = (p: Principal): string => p.displayName ?? p.username ?? p.id;
