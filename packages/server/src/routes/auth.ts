import type { FastifyInstance } from 'fastify';
import { AuthError, type Kernel } from '@medunion/kernel';
import { authenticate, principalOf } from '../http/principal.ts';

const tokenPair = {
  type: 'object',
  properties: {
    access_token: { type: 'string' },
    refresh_token: { type: 'string' },
    expires_in: { type: 'integer' },
    token_type: { type: 'string' },
  },
} as const;

/** Password login, refresh, logout, institution switch, and OAuth2 token endpoint. */
export async function authRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const { auth } = kernel;

  app.post<{ Body: { username: string; password: string; institution?: string } }>(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Password login (用户名密码登录)',
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 128 }, password: { type: 'string', minLength: 1, maxLength: 256 }, institution: { type: 'string' } },
        },
        response: { 200: tokenPair },
      },
    },
    async (req) => auth.login(req.body.username, req.body.password, { institution: req.body.institution }),
  );

  app.post<{ Body: { refresh_token: string } }>(
    '/auth/refresh',
    {
      schema: { tags: ['auth'], summary: 'Exchange a refresh token for a new token pair (rotation)', body: { type: 'object', required: ['refresh_token'], properties: { refresh_token: { type: 'string' } } }, response: { 200: tokenPair } },
    },
    async (req) => auth.refresh(req.body.refresh_token),
  );

  app.post('/auth/logout', { preHandler: authenticate(auth), schema: { tags: ['auth'], summary: 'Revoke the current access token and its session' } }, async (req, reply) => {
    const token = String(req.headers.authorization).replace(/^Bearer\s+/i, '');
    await auth.logout(token);
    return reply.status(204).send();
  });

  app.post<{ Body: { institution: string } }>(
    '/auth/switch-institution',
    {
      preHandler: authenticate(auth),
      schema: { tags: ['auth'], summary: 'Switch the active institution (切换机构)', body: { type: 'object', required: ['institution'], properties: { institution: { type: 'string' } } }, response: { 200: tokenPair } },
    },
    async (req) => auth.switchInstitution(String(req.headers.authorization).replace(/^Bearer\s+/i, ''), req.body.institution),
  );

  app.get('/auth/me', { preHandler: authenticate(auth), schema: { tags: ['auth'], summary: 'The caller as the server sees it: roles, permissions, institutions' } }, async (req) => {
    const p = principalOf(req);
    return { kind: p.kind, id: p.id, username: p.username, displayName: p.displayName, profile: p.profile, institution: p.institution, institutions: p.institutions, roles: p.roles, permissions: p.permissions, regionAdmin: p.regionAdmin };
  });

  app.post<{ Body: Record<string, string> }>(
    '/oauth2/token',
    {
      schema: {
        tags: ['auth'],
        summary: 'OAuth2 token endpoint: client_credentials, password and refresh_token grants',
        body: { type: 'object', required: ['grant_type'], properties: { grant_type: { type: 'string' }, client_id: { type: 'string' }, client_secret: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, refresh_token: { type: 'string' } } },
      },
    },
    async (req, reply) => {
      const body = req.body;
      let clientId = body.client_id;
      let clientSecret = body.client_secret;
      const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
      if (basic) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
      reply.header('Cache-Control', 'no-store');
      try {
        switch (body.grant_type) {
          case 'client_credentials':
            if (!clientId || !clientSecret) throw new AuthError('invalid_client', 'client_id and client_secret are required');
            return await auth.clientCredentials(clientId, clientSecret);
          case 'password':
            return await auth.login(body.username ?? '', body.password ?? '');
          case 'refresh_token':
            return await auth.refresh(body.refresh_token ?? '');
          default:
            return reply.status(400).send({ error: 'unsupported_grant_type', error_description: `grant_type "${body.grant_type}" is not supported` });
        }
      } catch (err) {
        // RFC 6749 §5.2 error body
        if (err instanceof AuthError) {
          const error = err.code === 'invalid_client' ? 'invalid_client' : 'invalid_grant';
          return reply.status(error === 'invalid_client' ? 401 : 400).send({ error, error_description: err.message });
        }
        throw err;
      }
    },
  );
}
