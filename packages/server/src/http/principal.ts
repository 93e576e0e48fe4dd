import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, forbidden, hasPermission, type AccessInterface, type AuthService, type Principal, type RequestContext } from '@medunion/kernel';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Route answers without authentication (e.g. /fhir/R4/metadata). */
    public?: boolean;
  }
}

/** Resolves the bearer token into `request.principal`; 401 when missing or invalid. */
export function authenticate(auth: AuthService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new AuthError('invalid_token', 'Authentication required: send Authorization: Bearer <token>');
    request.principal = await auth.verifyAccessToken(match[1]);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthError('invalid_token', 'Authentication required');
  return request.principal;
}

/** Route guard for operation-level permissions. */
export function requirePermission(permission: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasPermission(principalOf(request), permission)) throw forbidden(`Permission ${permission} is required`);
  };
}

export function contextOf(request: FastifyRequest, iface: AccessInterface = 'fhir'): RequestContext {
  const prefer = String(request.headers.prefer ?? '');
  return { principal: principalOf(request), interface: iface, sourceIp: request.ip, strictHandling: /handling\s*=\s*strict/i.test(prefer) };
}
