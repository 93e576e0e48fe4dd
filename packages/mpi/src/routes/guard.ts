import type { FastifyRequest } from 'fastify';
import { forbidden, hasPermission, type AuditEntry, type ModuleContext, type Principal, type RequestContext } from '@medunion/kernel';

export function principalOf(req: FastifyRequest): Principal {
  return (req as FastifyRequest & { principal: Principal }).principal;
}

/** The caller, when they hold `permission` (403 otherwise). */
export function need(req: FastifyRequest, permission: string): Principal {
  const p = principalOf(req);
  if (!hasPermission(p, permission)) throw forbidden(`Permission ${permission} is required`);
  return p;
}

/** How link events name who decided: `user/<id>`, `client/<id>`. */
export const actorOf = (p: Principal): string => `${p.kind}/${p.id}`;

export const callerContext = (req: FastifyRequest): RequestContext => ({ principal: principalOf(req), interface: 'api', sourceIp: req.ip });

/** Runs an administrative change and audits it, as a failure (outcome 4/8, with the reason) when it throws: a refused permission too. */
export async function audited<T>(ctx: ModuleContext, req: FastifyRequest, entry: Omit<AuditEntry, 'principal' | 'sourceIp' | 'outcome'>, fn: () => Promise<T>): Promise<T> {
  const base = { ...entry, principal: principalOf(req), sourceIp: req.ip };
  try {
    const result = await fn();
    await ctx.audit.record(base);
    return result;
  } catch (err) {
    const status = (err as { status?: number }).status;
    await ctx.audit.record({ ...base, outcome: status && status < 500 ? '4' : '8', detail: (err as Error).message.slice(0, 500) });
    throw err;
  }
}
