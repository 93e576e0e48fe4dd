import type { FastifyInstance } from 'fastify';
import { badRequest, conflict, listDeadLetters, notFound, PolicyValidationError, retryDeadLetter, type AccessPolicy, type Kernel } from '@medunion/kernel';
import { requirePermission } from '../http/principal.ts';
import type { LoadedModules } from '../modules/load.ts';
import { auditAdmin } from './admin-common.ts';

const roleSchema = {
  type: 'object',
  required: ['id', 'nameZh', 'nameEn', 'permissions', 'builtIn'],
  properties: { id: { type: 'string' }, nameZh: { type: 'string' }, nameEn: { type: 'string' }, permissions: { type: 'array', items: { type: 'string' } }, builtIn: { type: 'boolean' } },
} as const;

/** Administration API: access policies, roles, permissions and dead letters (users: admin-users.ts, clients: admin-clients.ts). */
export async function adminRoutes(app: FastifyInstance, kernel: Kernel, modules: LoadedModules): Promise<void> {
  app.get('/api/admin/permissions', { schema: { tags: ['admin'], summary: 'All operation-level permissions (kernel and modules), for the role editor' } }, async () => modules.permissions);

  app.get('/api/admin/policies', { preHandler: requirePermission('admin.policy.manage'), schema: { tags: ['admin'], summary: 'List access policies' } }, async () => kernel.policies.all());

  app.put<{ Params: { id: string }; Body: AccessPolicy }>(
    '/api/admin/policies/:id',
    { preHandler: requirePermission('admin.policy.manage'), schema: { tags: ['admin'], summary: 'Create or replace an access policy', body: { type: 'object' } } },
    async (req) => {
      const policy = { ...req.body, id: req.params.id };
      try {
        await kernel.policies.upsert(policy);
      } catch (err) {
        if (err instanceof PolicyValidationError) throw badRequest(err.message, err.field);
        throw err;
      }
      await auditAdmin(kernel, req, `policy ${policy.id} saved`);
      return policy;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/policies/:id',
    { preHandler: requirePermission('admin.policy.manage'), schema: { tags: ['admin'], summary: 'Delete an access policy' } },
    async (req, reply) => {
      if (!(await kernel.policies.remove(req.params.id))) throw notFound(`Policy ${req.params.id} not found`);
      await auditAdmin(kernel, req, `policy ${req.params.id} deleted`);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/admin/roles',
    { preHandler: requirePermission('admin.role.manage'), schema: { tags: ['admin'], summary: 'List roles with their permissions (builtIn: shipped with the platform, read-only)', response: { 200: { type: 'array', items: roleSchema } } } },
    async () => kernel.auth.listRoles(),
  );

  app.put<{ Params: { id: string }; Body: { nameZh: string; nameEn: string; permissions: string[] } }>(
    '/api/admin/roles/:id',
    {
      preHandler: requirePermission('admin.role.manage'),
      schema: {
        tags: ['admin'],
        summary: 'Create or replace a custom role; 409 for a built-in role (read-only: copy it under a new id)',
        params: { type: 'object', properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' } } },
        body: { type: 'object', required: ['nameZh', 'nameEn', 'permissions'], properties: { nameZh: { type: 'string' }, nameEn: { type: 'string' }, permissions: { type: 'array', items: { type: 'string' } } } },
      },
    },
    async (req) => {
      if ((await kernel.auth.listRoles()).some((r) => r.id === req.params.id && r.builtIn)) {
        throw conflict(`Role ${req.params.id} is built in and read-only; save a copy under a new id`);
      }
      const known = new Set(modules.permissions.map((p) => p.id));
      const unknown = req.body.permissions.filter((p) => p !== '*' && !p.endsWith('.*') && !known.has(p));
      if (unknown.length) throw badRequest(`Unknown permissions: ${unknown.join(', ')}`, 'permissions');
      await kernel.auth.upsertRole({ id: req.params.id, ...req.body });
      await auditAdmin(kernel, req, `role ${req.params.id} saved`);
      return { id: req.params.id, ...req.body };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/roles/:id',
    {
      preHandler: requirePermission('admin.role.manage'),
      schema: { tags: ['admin'], summary: 'Delete a custom role; 409 for a built-in role or one still assigned to a user or API client', params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } },
    },
    async (req, reply) => {
      const { id } = req.params;
      const outcome = await kernel.auth.deleteRole(id);
      if (outcome === 'not-found') throw notFound(`Role ${id} not found`);
      if (outcome === 'built-in') throw conflict(`Role ${id} is built in and cannot be deleted`);
      if (outcome === 'in-use') throw conflict(`Role ${id} is still assigned to users or API clients; remove those assignments first`);
      await auditAdmin(kernel, req, `role ${id} deleted`);
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { subscriber?: string } }>(
    '/api/admin/events/dead-letters',
    { preHandler: requirePermission('admin.events.manage'), schema: { tags: ['admin'], summary: 'Events that exhausted their retries (死信)' } },
    async (req) => listDeadLetters(kernel.db, req.query.subscriber),
  );

  app.post<{ Body: { subscriber: string; eventId: number } }>(
    '/api/admin/events/dead-letters/retry',
    {
      preHandler: requirePermission('admin.events.manage'),
      schema: { tags: ['admin'], summary: 'Send a dead-lettered event back for delivery', body: { type: 'object', required: ['subscriber', 'eventId'], properties: { subscriber: { type: 'string' }, eventId: { type: 'integer' } } } },
    },
    async (req, reply) => {
      await retryDeadLetter(kernel.db, req.body.subscriber, req.body.eventId);
      kernel.bus.poke();
      return reply.status(204).send();
    },
  );
}
