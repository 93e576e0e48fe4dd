import type { FastifyRequest } from 'fastify';
import { AuthError, forbidden, hasPermission, type Principal, type RequestContext } from '@medunion/kernel';

/** The caller of a module route (authenticated by the server before the route runs), checked for a permission. */
export function callerWith(req: FastifyRequest, permission: string): RequestContext {
  const principal = (req as FastifyRequest & { principal?: Principal }).principal;
  if (!principal) throw new AuthError('invalid_token', 'Authentication required');
  if (!hasPermission(principal, permission)) throw forbidden(`Permission ${permission} is required`);
  return { principal, interface: 'api', sourceIp: req.ip };
}
