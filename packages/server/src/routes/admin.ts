import type { FastifyInstance } from 'fastify';
import { badRequest, forbidden, hasPermission, listDeadLetters, notFound, PolicyValidationError, retryDeadLetter, type AccessPolicy, type Kernel, type Principal } from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';
import type { LoadedModules } from '../modules/load.ts';

/** Administration API: access policies, roles, users, API clients, permissions and dead letters. */
export async function adminRoutes(app: FastifyInstance, kernel: Kernel, modules: LoadedModules): Promise<void> {
  const audit = (req: { ip: string }, principal: ReturnType<typeof principalOf>, detail: string) =>
    kernel.audit.record({ action: 'operation', principal, detail, sourceIp: req.ip });

  /**
   * Holders of admin.user.manage / admin.client.manage below region level (institution administrators) may grant
   * only within their current institution and only roles whose permissions they hold themselves: no escalation.
   */
  const checkGrants = async (p: Principal, grants: { role: string; institution?: string }[]) => {
    if (p.regionAdmin) return;
    const roles = await kernel.auth.listRoles();
    for (const g of grants) {
      if (!p.institution || g.institution !== p.institution) throw forbidden(`Roles may be granted only within your institution ${p.institution ?? ''}`.trim());
      const missing = roles.find((r) => r.id === g.role)?.permissions.filter((perm) => !hasPermission(p, perm)) ?? [];
      if (missing.length) throw forbidden(`Role ${g.role} carries permissions you do not hold: ${missing.join(', ')}`);
    }
  };

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
      await audit(req, principalOf(req), `policy ${policy.id} saved`);
      return policy;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/admin/policies/:id',
    { preHandler: requirePermission('admin.policy.manage'), schema: { tags: ['admin'], summary: 'Delete an access policy' } },
    async (req, reply) => {
      if (!(await kernel.policies.remove(req.params.id))) throw notFound(`Policy ${req.params.id} not found`);
      await audit(req, principalOf(req), `policy ${req.params.id} deleted`);
      return reply.status(204).send();
    },
  );

  app.get('/api/admin/roles', { preHandler: requirePermission('admin.role.manage'), schema: { tags: ['admin'], summary: 'List roles with their permissions' } }, async () => kernel.auth.listRoles());

  app.put<{ Params: { id: string }; Body: { nameZh: string; nameEn: string; permissions: string[] } }>(
    '/api/admin/roles/:id',
    {
      preHandler: requirePermission('admin.role.manage'),
      schema: {
        tags: ['admin'],
        summary: 'Create or replace a role',
        body: { type: 'object', required: ['nameZh', 'nameEn', 'permissions'], properties: { nameZh: { type: 'string' }, nameEn: { type: 'string' }, permissions: { type: 'array', items: { type: 'string' } } } },
      },
    },
    async (req) => {
      const known = new Set(modules.permissions.map((p) => p.id));
      const unknown = req.body.permissions.filter((p) => p !== '*' && !p.endsWith('.*') && !known.has(p));
      if (unknown.length) throw badRequest(`Unknown permissions: ${unknown.join(', ')}`, 'permissions');
      await kernel.auth.upsertRole({ id: req.params.id, ...req.body });
      await audit(req, principalOf(req), `role ${req.params.id} saved`);
      return { id: req.params.id, ...req.body };
    },
  );

  app.post<{ Body: { username: string; password: string; displayName?: string; profile?: string; roles?: { role: string; institution?: string }[] } }>(
    '/api/admin/users',
    {
      preHandler: requirePermission('admin.user.manage'),
      schema: {
        tags: ['admin'],
        summary: 'Create a user',
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 2, maxLength: 64 },
            password: { type: 'string' },
            displayName: { type: 'string' },
            profile: { type: 'string', pattern: '^(Practitioner|Patient|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}$' },
            roles: { type: 'array', items: { type: 'object', required: ['role'], properties: { role: { type: 'string' }, institution: { type: 'string' } } } },
          },
        },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { username, password, displayName, profile, roles } = req.body;
      await checkGrants(p, roles ?? []);
      // Only the declared fields: an undeclared `regionAdmin: true` must not reach the directory (only a region admin may set it).
      const regionAdmin = (req.body as { regionAdmin?: unknown }).regionAdmin === true;
      if (regionAdmin && !p.regionAdmin) throw forbidden('Only a region administrator may create region administrators');
      const user = await kernel.auth.createUser({ username, password, displayName, profile, roles, regionAdmin });
      await audit(req, principalOf(req), `user ${req.body.username} created`);
      return reply.status(201).send(user);
    },
  );

  app.post<{ Params: { id: string }; Body: { role: string; institution?: string } }>(
    '/api/admin/users/:id/roles',
    {
      preHandler: requirePermission('admin.user.manage'),
      schema: { tags: ['admin'], summary: 'Assign a role to a user (optionally within one institution)', body: { type: 'object', required: ['role'], properties: { role: { type: 'string' }, institution: { type: 'string' } } } },
    },
    async (req, reply) => {
      await checkGrants(principalOf(req), [req.body]);
      await kernel.auth.assignRole(req.params.id, req.body.role, req.body.institution);
      await audit(req, principalOf(req), `role ${req.body.role} assigned to user ${req.params.id}`);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { name: string; institution?: string; roles: string[] } }>(
    '/api/admin/clients',
    {
      preHandler: requirePermission('admin.client.manage'),
      schema: {
        tags: ['admin'],
        summary: 'Register an API client (OAuth2 client credentials); the secret is shown once',
        body: { type: 'object', required: ['name', 'roles'], properties: { name: { type: 'string' }, institution: { type: 'string' }, roles: { type: 'array', items: { type: 'string' } } } },
      },
    },
    async (req, reply) => {
      await checkGrants(principalOf(req), req.body.roles.map((role) => ({ role, institution: req.body.institution })));
      const creds = await kernel.auth.createClient(req.body);
      await audit(req, principalOf(req), `API client ${creds.clientId} created`);
      return reply.status(201).send(creds);
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
