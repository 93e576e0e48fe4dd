import type { FastifyInstance } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import { MAX_COUNT, parseQuery, type Kernel, type RequestContext } from '@medunion/kernel';
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
      const search = await openExportSearch(kernel, contextOf(req, 'export'), req.params.type, req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '');
      reply.raw.writeHead(200, { 'content-type': 'application/fhir+ndjson; charset=utf-8', 'content-disposition': `attachment; filename="${req.params.type}.ndjson"` });
      let exported = 0;
      for await (const resources of search.pages()) {
        for (const resource of resources) {
          if (!reply.raw.write(`${JSON.stringify(resource)}\n`)) await new Promise((resolve) => reply.raw.once('drain', resolve));
          exported++;
        }
      }
      reply.raw.end();
      await kernel.audit.record({ action: 'export', principal: principalOf(req), resourceType: req.params.type, query: search.query, detail: `${exported} resources exported`, sourceIp: req.ip });
      return reply;
    },
  );
}

/** A search being exported: its first page is already fetched; `pages()` yields it and then the rest. */
export interface ExportSearch {
  /** The query as run (paging parameters removed), for the audit entry. */
  query: string;
  pages(): AsyncGenerator<Resource[]>;
}

/**
 * Runs a search for export in pages of MAX_COUNT (client paging parameters are ignored). The first page
 * is fetched here, before the caller sends headers, so a bad query still gets a proper 4xx OperationOutcome.
 */
export async function openExportSearch(kernel: Kernel, ctx: RequestContext, resourceType: string, queryString: string): Promise<ExportSearch> {
  const entries = [...new URLSearchParams(queryString).entries()].filter(([k]) => k !== '_count' && k !== '_offset');
  const query = parseQuery(resourceType, entries);
  query.count = MAX_COUNT;
  const first = await kernel.store.search(ctx, resourceType, query);
  return {
    query: entries.map(([k, v]) => `${k}=${v}`).join('&'),
    async *pages() {
      let page = first;
      for (;;) {
        yield page.resources;
        if (!page.hasMore) return;
        query.offset += query.count;
        page = await kernel.store.search(ctx, resourceType, query);
      }
    },
  };
}
