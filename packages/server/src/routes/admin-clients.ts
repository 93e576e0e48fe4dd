import type { FastifyInstance } from 'fastify';
import { forbidden, notFound, type Kernel, type NewClient } from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';
import { auditAdmin, checkGrants, managedInstitution } from './admin-common.ts';

const adminClientSchema = {
  type: 'object',
  required: ['clientId', 'name', 'roles', 'active', 'createdAt'],
  properties: {
    clientId: { type: 'string' },
    name: { type: 'string' },
    institution: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    active: { type: 'boolean', description: 'false once revoked' },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: 'string', format: 'date-time', description: 'When the client last obtained a token' },
  },
} as const;

/** API clients (OAuth2 client credentials). Institution administrators see and revoke their institution's clients only. */
export async function adminClientRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const manage = requirePermission('admin.client.manage');

  app.get(
    '/api/admin/clients',
    { preHandler: manage, schema: { tags: ['admin'], summary: 'List API clients (never their secrets)', response: { 200: { type: 'array', items: adminClientSchema } } } },
    async (req) => kernel.auth.listClients(managedInstitution(principalOf(req))),
  );

  app.post<{ Body: NewClient }>(
    '/api/admin/clients',
    {
      preHandler: manage,
      schema: {
        tags: ['admin'],
        summary: 'Register an API client (OAuth2 client credentials); the secret is shown once',
        body: { type: 'object', required: ['name', 'roles'], properties: { name: { type: 'string' }, institution: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } },
      },
    },
    async (req, reply) => {
      await checkGrants(kernel, principalOf(req), req.body.roles.map((role) => ({ role, institution: req.body.institution })));
      const creds = await kernel.auth.createClient(req.body);
      await auditAdmin(kernel, req, `API client ${creds.clientId} created`);
      return reply.status(201).send(creds);
    },
  );

  app.delete<{ Params: { clientId: string } }>(
    '/api/admin/clients/:clientId',
    {
      preHandler: manage,
      schema: {
        tags: ['admin'],
        summary: 'Revoke an API client: token requests fail with invalid_client and its access tokens stop working at once',
        params: { type: 'object', properties: { clientId: { type: 'string', maxLength: 64 } } },
      },
    },
    async (req, reply) => {
      const within = managedInstitution(principalOf(req));
      const client = await kernel.auth.getClient(req.params.clientId);
      if (!client) throw notFound(`API client ${req.params.clientId} not found`);
      if (within !== undefined && client.institution !== within) throw forbidden(`API client ${client.clientId} does not belong to institution ${within}`);
      await kernel.auth.setClientActive(client.clientId, false);
      await auditAdmin(kernel, req, `API client ${client.clientId} revoked`);
      return reply.status(204).send();
    },
  );
}
