import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, MAX_SETTING_BYTES, notFound, SETTING_KEY_PATTERN, type Kernel } from '@medunion/kernel';
import { principalOf } from '../http/principal.ts';

const keyParams = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', description: `Setting name matching ${SETTING_KEY_PATTERN.source}, e.g. table.admin.users` } },
} as const;

/** Settings belong to people: API clients have none. */
function userIdOf(req: FastifyRequest): string {
  const p = principalOf(req);
  if (p.kind !== 'user') throw forbidden('Interface settings are kept for users only');
  return p.id;
}

/** The caller's interface settings (seed 000 LIS §2.4–2.5): column layout, colours, remembered form fields. */
export async function settingsRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get(
    '/api/me/settings',
    { schema: { tags: ['settings'], summary: "All of the caller's interface settings, by key", response: { 200: { type: 'object', additionalProperties: true } } } },
    async (req) => kernel.settings.all(userIdOf(req)),
  );

  app.get<{ Params: { key: string } }>(
    '/api/me/settings/:key',
    { schema: { tags: ['settings'], summary: 'One setting: its JSON value; 404 when unset', params: keyParams } },
    async (req, reply) => {
      const value = await kernel.settings.get(userIdOf(req), req.params.key);
      if (value === undefined) throw notFound(`Setting ${req.params.key} is not set`);
      // Serialised here: a stored JSON string or null must reach the client as JSON, not as raw text or an empty body.
      return reply.type('application/json').send(JSON.stringify(value));
    },
  );

  app.put<{ Params: { key: string }; Body: unknown }>(
    '/api/me/settings/:key',
    {
      // The parsed value is measured against MAX_SETTING_BYTES; the raw limit only stops huge bodies before parsing.
      bodyLimit: 4 * MAX_SETTING_BYTES,
      schema: {
        tags: ['settings'],
        summary: `Create or replace one setting; the body is any JSON value of at most ${MAX_SETTING_BYTES / 1024} KB (500 settings per user)`,
        params: keyParams,
        body: { description: 'Any JSON value' },
      },
    },
    async (req, reply) => {
      await kernel.settings.put(userIdOf(req), req.params.key, req.body);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { key: string } }>(
    '/api/me/settings/:key',
    { schema: { tags: ['settings'], summary: 'Remove one setting (204 whether or not it was set)', params: keyParams } },
    async (req, reply) => {
      await kernel.settings.remove(userIdOf(req), req.params.key);
      return reply.status(204).send();
    },
  );
}
