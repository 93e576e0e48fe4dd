import type { FastifyInstance } from 'fastify';
import { forbidden, type ModuleContext } from '@medunion/kernel';
import { registerAllInstitutions } from '../naming/institutions.ts';
import { resolveNamingSystem } from '../naming/resolve.ts';
import { callerWith } from './request.ts';

/** The OID / identifier registry API. */
export async function namingRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  app.get<{ Querystring: { value?: string } }>(
    '/naming-systems/resolve',
    {
      schema: {
        tags: ['terminology'],
        summary: 'The NamingSystem registered for a URI or OID (urn:oid:… or bare)',
        querystring: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } },
      },
    },
    async (req) => resolveNamingSystem(ctx, callerWith(req, 'terminology.read'), req.query.value),
  );

  app.post(
    '/naming-systems/institutions',
    { schema: { tags: ['terminology'], summary: 'Register the OID root and identifier namespaces (MRN, visit card) of every institution now' } },
    async (req) => {
      const request = callerWith(req, 'terminology.manage');
      if (!request.principal.regionAdmin) throw forbidden('Only the region administrator registers institutions');
      const registered = await registerAllInstitutions(ctx);
      await ctx.audit.record({ action: 'update', principal: request.principal, sourceIp: request.sourceIp, resourceType: 'NamingSystem', detail: `registered ${registered} institution(s)` });
      return { registered };
    },
  );
}
