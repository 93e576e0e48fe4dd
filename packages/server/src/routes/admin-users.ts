import type { FastifyInstance } from 'fastify';
import { AuthError, badRequest, forbidden, MAX_USER_PAGE, notFound, type Kernel, type UserChanges } from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';
import { auditAdmin, checkGrants, checkManageable, managedInstitution } from './admin-common.ts';

const PROFILE_PATTERN = '^(Practitioner|Patient|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}$';
const PATCHABLE = new Set(['displayName', 'active', 'password', 'unlock', 'profile']);

const grantSchema = { type: 'object', required: ['role'], properties: { role: { type: 'string' }, institution: { type: 'string' } } } as const;

export const adminUserSchema = {
  type: 'object',
  required: ['id', 'username', 'active', 'regionAdmin', 'locked', 'roles', 'createdAt'],
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    profile: { type: 'string', description: 'FHIR reference, e.g. Practitioner/abc' },
    active: { type: 'boolean' },
    regionAdmin: { type: 'boolean' },
    locked: { type: 'boolean', description: 'Locked by too many failed logins' },
    lockedUntil: { type: 'string', format: 'date-time' },
    roles: { type: 'array', items: grantSchema, description: 'institution omitted = region-wide' },
    lastLoginAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } } as const;

interface ListQuery {
  search?: string;
  institution?: string;
  role?: string;
  _count: number;
  _offset: number;
}

/**
 * Users administration. Institution administrators see the users holding a role in their current institution
 * (and only those roles); they change accounts only as far as checkManageable allows.
 */
export async function adminUserRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const manage = requirePermission('admin.user.manage');

  app.get<{ Querystring: ListQuery }>(
    '/api/admin/users',
    {
      preHandler: manage,
      schema: {
        tags: ['admin'],
        summary: 'List users (search matches username or display name, case-insensitive)',
        querystring: {
          type: 'object',
          properties: {
            search: { type: 'string', maxLength: 100 },
            institution: { type: 'string', minLength: 1, maxLength: 64, description: 'Users holding a role in this institution' },
            role: { type: 'string', minLength: 1, maxLength: 64, description: 'Users holding this role (in `institution`, when given)' },
            _count: { type: 'integer', minimum: 0, maximum: MAX_USER_PAGE, default: 20 },
            _offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: { type: 'object', required: ['total', 'users'], properties: { total: { type: 'integer' }, users: { type: 'array', items: adminUserSchema } } } },
      },
    },
    async (req) => {
      const within = managedInstitution(principalOf(req));
      const { search, institution, role, _count, _offset } = req.query;
      if (within !== undefined && institution !== undefined && institution !== within) throw forbidden(`You administer institution ${within} only`);
      return kernel.auth.listUsers({ search, institution, role, count: _count, offset: _offset, within });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/admin/users/:id',
    { preHandler: manage, schema: { tags: ['admin'], summary: 'One user', params: idParams, response: { 200: adminUserSchema } } },
    async (req) => {
      const within = managedInstitution(principalOf(req));
      const user = await kernel.auth.getUser({ id: req.params.id }, within);
      if (user) return user;
      if (within !== undefined && (await kernel.auth.getUser({ id: req.params.id }))) throw forbidden(`User ${req.params.id} does not belong to institution ${within}`);
      throw notFound(`User ${req.params.id} not found`);
    },
  );

  app.patch<{ Params: { id: string }; Body: UserChanges & Record<string, unknown> }>(
    '/api/admin/users/:id',
    {
      preHandler: manage,
      schema: {
        tags: ['admin'],
        summary: 'Change a user: display name, profile, activation (deactivating ends their sessions), password reset, unlock',
        params: idParams,
        body: {
          type: 'object',
          minProperties: 1,
          properties: {
            displayName: { type: ['string', 'null'], maxLength: 128, description: "null or '' clears it" },
            profile: { type: ['string', 'null'], maxLength: 200, description: "FHIR reference (Practitioner|Patient|RelatedPerson)/<id>; null or '' clears it" },
            active: { type: 'boolean' },
            password: { type: 'string', maxLength: 256, description: 'New password (password policy applies); ends the sessions and clears a lockout' },
            unlock: { type: 'boolean', enum: [true], description: 'Clear a lockout after failed logins' },
          },
        },
        response: { 200: adminUserSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const body = req.body;
      const unknown = Object.keys(body).find((k) => !PATCHABLE.has(k));
      if (unknown) throw badRequest(`"${unknown}" cannot be changed here`, unknown);
      if (typeof body.profile === 'string' && body.profile !== '' && !new RegExp(PROFILE_PATTERN).test(body.profile)) {
        throw badRequest('profile must be a reference such as Practitioner/<id>', 'profile');
      }
      const target = await kernel.auth.getUser({ id: req.params.id });
      if (!target) throw notFound(`User ${req.params.id} not found`);
      await checkManageable(kernel, p, target);
      if (body.active === false && target.id === p.id) throw forbidden('You cannot deactivate your own account');

      const changes: UserChanges = { displayName: body.displayName, profile: body.profile, active: body.active, password: body.password, unlock: body.unlock };
      try {
        await kernel.auth.updateUser(target.id, changes);
      } catch (err) {
        if (err instanceof AuthError && err.code === 'weak_password') throw badRequest(err.message, 'password');
        if (err instanceof AuthError && err.code === 'not_found') throw notFound(`User ${target.id} not found`);
        throw err;
      }
      const what = [
        body.displayName !== undefined && 'display name',
        body.profile !== undefined && 'profile',
        body.active !== undefined && (body.active ? 'activated' : 'deactivated'),
        body.password !== undefined && 'password reset',
        body.unlock && 'unlocked',
      ].filter(Boolean);
      await auditAdmin(kernel, req, `user ${target.username} updated: ${what.join(', ')}`);
      return (await kernel.auth.getUser({ id: target.id }, managedInstitution(p)))!;
    },
  );

  app.post<{ Body: { username: string; password: string; displayName?: string; profile?: string; roles?: { role: string; institution?: string }[] } }>(
    '/api/admin/users',
    {
      preHandler: manage,
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
            profile: { type: 'string', pattern: PROFILE_PATTERN },
            roles: { type: 'array', items: grantSchema },
          },
        },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const { username, password, displayName, profile, roles } = req.body;
      await checkGrants(kernel, p, roles ?? []);
      // Only the declared fields: an undeclared `regionAdmin: true` must not reach the directory (only a region admin may set it).
      const regionAdmin = (req.body as { regionAdmin?: unknown }).regionAdmin === true;
      if (regionAdmin && !p.regionAdmin) throw forbidden('Only a region administrator may create region administrators');
      const user = await kernel.auth.createUser({ username, password, displayName, profile, roles, regionAdmin });
      await auditAdmin(kernel, req, `user ${req.body.username} created`);
      return reply.status(201).send(user);
    },
  );

  app.post<{ Params: { id: string }; Body: { role: string; institution?: string } }>(
    '/api/admin/users/:id/roles',
    {
      preHandler: manage,
      schema: { tags: ['admin'], summary: 'Assign a role to a user (optionally within one institution)', params: idParams, body: grantSchema },
    },
    async (req, reply) => {
      await checkGrants(kernel, principalOf(req), [req.body]);
      await kernel.auth.assignRole(req.params.id, req.body.role, req.body.institution);
      await auditAdmin(kernel, req, `role ${req.body.role} assigned to user ${req.params.id}`);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { id: string }; Querystring: { role: string; institution?: string } }>(
    '/api/admin/users/:id/roles',
    {
      preHandler: manage,
      schema: {
        tags: ['admin'],
        summary: 'Remove a role from a user (institution omitted = the region-wide assignment); 404 if not held',
        params: idParams,
        querystring: { type: 'object', required: ['role'], properties: { role: { type: 'string', minLength: 1, maxLength: 64 }, institution: { type: 'string', minLength: 1, maxLength: 64 } } },
      },
    },
    async (req, reply) => {
      const { role, institution } = req.query;
      await checkGrants(kernel, principalOf(req), [{ role, institution }]);
      const user = await kernel.auth.getUser({ id: req.params.id });
      if (!user) throw notFound(`User ${req.params.id} not found`);
      if (!(await kernel.auth.revokeRole(user.id, role, institution))) {
        throw notFound(`User ${user.username} does not hold role ${role} ${institution ? `in ${institution}` : 'region-wide'}`);
      }
      await auditAdmin(kernel, req, `role ${role}${institution ? `@${institution}` : ''} removed from user ${user.username}`);
      return reply.status(204).send();
    },
  );
}
