import type { FastifyInstance } from 'fastify';
import { MAX_COUNT, parseQuery, type Kernel } from '@medunion/kernel';
import { contextOf, principalOf, requirePermission } from '../http/principal.ts';

/**
 * Export of a search's complete result as NDJSON (one resource per line), streamed page by page.
 * Goes through the store with interface `export`, so policies that restrict exports apply, and
 * the export itself is audited with the number of resources disclosed.
 */
export async function exportRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get<{ Params: { type: string } }>(
    '/api/export/:type',
    {
      preHandler: requirePermission('data.export'),
      schema: {
        tags: ['export'],
        summary: 'Export every resource a FHIR search matches, as NDJSON (数据导出)',
        description: 'Query parameters are FHIR search parameters of the type. Permission data.export; audited.',
        params: { type: 'object', properties: { type: { type: 'string', pattern: '^[A-Z][A-Za-z]{1,63}$' } } },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req, 'export');
      const entries = [...new URLSearchParams(req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '').entries()].filter(
        ([k]) => k !== '_count' && k !== '_offset',
      );
      const query = parseQuery(req.params.type, entries);
      query.count = MAX_COUNT;
      // First page before the headers go out, so a bad query still gets a proper 4xx OperationOutcome.
      let page = await kernel.store.search(ctx, req.params.type, query);
      reply.raw.writeHead(200, { 'content-type': 'application/fhir+ndjson; charset=utf-8', 'content-disposition': `attachment; filename="${req.params.type}.ndjson"` });
      let exported = 0;
      for (;;) {
        for (const resource of page.resources) {
          if (!reply.raw.write(`${JSON.stringify(resource)}\n`)) await new Promise((resolve) => reply.raw.once('drain', resolve));
          exported++;
        }
        if (!page.hasMore) break;
        query.offset += query.count;
        page = await kernel.store.search(ctx, req.params.type, query);
      }
      reply.raw.end();
      await kernel.audit.record({ action: 'export', principal: principalOf(req), resourceType: req.params.type, query: entries.map(([k, v]) => `${k}=${v}`).join('&'), detail: `${exported} resources exported`, sourceIp: req.ip });
      return reply;
    },
  );
}
