import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { badRequest, FhirError, parseQuery, toSearchBundle, type FhirOperationDeclaration, type Kernel } from '@medunion/kernel';
import { contextOf } from '../http/principal.ts';
import { buildCapabilityStatement } from './capability.ts';
import { readAuditEvent, searchAuditEvents } from './audit-events.ts';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type Params = { type: string; id: string; vid: string };

/** FHIR R4 REST API at /fhir/R4 over the kernel store; `operations` are the modules' (listed in /metadata). */
export async function fhirRoutes(app: FastifyInstance, kernel: Kernel, operations: readonly FhirOperationDeclaration[] = []): Promise<void> {
  const { store } = kernel;
  // Read per request: with PORT=0 the bound port (and so the base URL) is only known after listen().
  const base = () => `${kernel.config.baseUrl}/fhir/R4`;

  app.get('/metadata', { config: { public: true } }, async (_req, reply) => reply.type(FHIR_JSON).send(buildCapabilityStatement(base(), operations)));

  app.post('/', async (req, reply) => {
    rejectAuditEventWrites(req.body);
    const result = await store.bundle(contextOf(req), req.body as Bundle);
    return reply.type(FHIR_JSON).send(result);
  });

  // Audit trail is append-only: no create, update, patch or delete through any API.
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: '/AuditEvent',
      handler: auditReadOnly,
    });
    app.route({ method, url: '/AuditEvent/:id', handler: auditReadOnly });
  }
  app.get('/AuditEvent', async (req, reply) => reply.type(FHIR_JSON).send(await searchAuditEvents(kernel, req, base())));
  // POST _search is a search, not a write: the form body joins the query string.
  app.post('/AuditEvent/_search', async (req, reply) => {
    const form = new URLSearchParams((req.body ?? {}) as Record<string, string>);
    return reply.type(FHIR_JSON).send(await searchAuditEvents(kernel, req, base(), form));
  });
  // Search results name entries AuditEvent/<seq>: read them from the audit chain, not from the resource store.
  app.get<{ Params: Params }>('/AuditEvent/:id', async (req, reply) => reply.type(FHIR_JSON).send(await readAuditEvent(kernel, req, req.params.id)));

  app.get<{ Params: Params }>('/:type', async (req, reply) => search(req, reply, queryEntries(req)));
  app.post<{ Params: Params }>('/:type/_search', async (req, reply) => {
    const form = (req.body ?? {}) as Record<string, string>;
    return search(req, reply, [...queryEntries(req), ...Object.entries(form).map(([k, v]) => [k, String(v)] as [string, string])]);
  });

  async function search(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, entries: [string, string][]) {
    const parsed = parseQuery(req.params.type, entries);
    const result = await store.search(contextOf(req), req.params.type, parsed);
    const selfQuery = new URLSearchParams(entries.filter(([k]) => k !== '_offset'));
    const page = (offset: number) => {
      const q = new URLSearchParams(selfQuery);
      q.set('_count', String(parsed.count));
      q.set('_offset', String(offset));
      return `${base()}/${req.params.type}?${q}`;
    };
    const bundle = toSearchBundle(result, page(parsed.offset), {
      // _count=0 pages hold nothing: a next link would point at the same offset and never end.
      next: result.hasMore && parsed.count > 0 ? page(parsed.offset + parsed.count) : undefined,
      previous: parsed.offset > 0 ? page(Math.max(0, parsed.offset - parsed.count)) : undefined,
    });
    return reply.type(FHIR_JSON).send(withFullUrls(bundle, base()));
  }

  app.post<{ Params: Params }>('/:type', async (req, reply) => {
    const body = checkBody(req.body, req.params.type);
    const ifNoneExist = header(req, 'if-none-exist');
    const result = await store.create(contextOf(req), body, { ifNoneExist });
    return sendWrite(req, reply, result.resource, result.status);
  });

  app.put<{ Params: Params }>('/:type', async (req, reply) => {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    if (!query) throw new FhirError(405, 'PUT on a type needs search criteria (conditional update)', 'not-supported');
    const body = checkBody(req.body, req.params.type);
    const result = await store.conditionalUpdate(contextOf(req), req.params.type, query, body);
    return sendWrite(req, reply, result.resource, result.status);
  });

  app.get<{ Params: Params }>('/:type/_history', async (req, reply) => history(req, reply, undefined));

  app.get<{ Params: Params }>('/:type/:id', async (req, reply) => {
    const resource = await store.read(contextOf(req), req.params.type, req.params.id);
    return sendResource(reply, resource, 200);
  });

  app.put<{ Params: Params }>('/:type/:id', async (req, reply) => {
    const body = checkBody(req.body, req.params.type);
    if (body.id !== undefined && body.id !== req.params.id) throw badRequest(`Resource id "${body.id}" does not match the URL id "${req.params.id}"`, `${req.params.type}.id`);
    const result = await store.update(contextOf(req), { ...body, id: req.params.id }, { ifMatch: header(req, 'if-match') });
    return sendWrite(req, reply, result.resource, result.status);
  });

  app.patch<{ Params: Params }>('/:type/:id', async (req, reply) => {
    const type = String(req.headers['content-type'] ?? '');
    if (!type.startsWith('application/json-patch+json')) throw new FhirError(415, 'PATCH accepts application/json-patch+json', 'not-supported');
    const result = await store.patch(contextOf(req), req.params.type, req.params.id, req.body, { ifMatch: header(req, 'if-match') });
    return sendWrite(req, reply, result.resource, result.status);
  });

  app.delete<{ Params: Params }>('/:type/:id', async (req, reply) => {
    await store.delete(contextOf(req), req.params.type, req.params.id);
    return reply.status(204).send();
  });

  app.get<{ Params: Params }>('/:type/:id/_history', async (req, reply) => history(req, reply, req.params.id));

  app.get<{ Params: Params }>('/:type/:id/_history/:vid', async (req, reply) => {
    const resource = await store.vread(contextOf(req), req.params.type, req.params.id, req.params.vid);
    return sendResource(reply, resource, 200);
  });

  async function history(req: FastifyRequest<{ Params: Params }>, reply: FastifyReply, id: string | undefined) {
    const q = req.query as Record<string, string>;
    const count = q._count !== undefined ? intParam('_count', q._count) : 50;
    const offset = q._offset !== undefined ? intParam('_offset', q._offset) : 0;
    const result = await store.history(contextOf(req), req.params.type, id, { count, offset, since: q._since });
    const path = id ? `${req.params.type}/${id}/_history` : `${req.params.type}/_history`;
    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'history',
      total: result.total,
      link: [
        { relation: 'self', url: `${base()}/${path}?_count=${count}&_offset=${offset}` },
        ...(count > 0 && offset + count < result.total ? [{ relation: 'next', url: `${base()}/${path}?_count=${count}&_offset=${offset + count}` }] : []),
      ],
      entry: result.entries.map((e) => ({
        fullUrl: `${base()}/${e.resource.resourceType}/${e.resource.id}`,
        ...(e.deleted ? {} : { resource: e.resource }),
        request: { method: e.deleted ? 'DELETE' : e.versionId === 1 ? 'POST' : 'PUT', url: `${e.resource.resourceType}/${e.resource.id}` },
        response: { status: e.deleted ? '204' : e.versionId === 1 ? '201' : '200', etag: `W/"${e.versionId}"`, lastModified: e.lastUpdated },
      })),
    };
    return reply.type(FHIR_JSON).send(bundle);
  }

  function sendResource(reply: FastifyReply, resource: Resource, status: number) {
    if (resource.meta?.versionId) reply.header('ETag', `W/"${resource.meta.versionId}"`);
    if (resource.meta?.lastUpdated) reply.header('Last-Modified', new Date(resource.meta.lastUpdated).toUTCString());
    return reply.status(status).type(FHIR_JSON).send(resource);
  }

  function sendWrite(req: FastifyRequest, reply: FastifyReply, resource: Resource, status: number) {
    reply.header('Location', `${base()}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`);
    const prefer = String(req.headers.prefer ?? '');
    if (/return\s*=\s*minimal/i.test(prefer)) {
      if (resource.meta?.versionId) reply.header('ETag', `W/"${resource.meta.versionId}"`);
      return reply.status(status).send();
    }
    if (/return\s*=\s*OperationOutcome/i.test(prefer)) {
      return reply.status(status).type(FHIR_JSON).send({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', details: { text: `${resource.resourceType}/${resource.id} stored as version ${resource.meta?.versionId}` } }] });
    }
    return sendResource(reply, resource, status);
  }
}

/** The append-only rule holds inside Bundles too: a batch or transaction entry may not write an AuditEvent. */
function rejectAuditEventWrites(body: unknown): void {
  const entries = (body as Bundle | undefined)?.entry;
  if (!Array.isArray(entries)) return;
  for (const entry of entries) {
    const method = entry?.request?.method;
    if (!method || method === 'GET' || method === 'HEAD') continue;
    const target = String(entry.request?.url ?? '').replace(/^\//, '').split(/[/?]/)[0];
    if (target === 'AuditEvent' || entry.resource?.resourceType === 'AuditEvent') throw auditAppendOnly();
  }
}

function auditAppendOnly(): FhirError {
  return new FhirError(405, 'AuditEvent is append-only: it cannot be created, changed or deleted through the API', 'not-supported');
}

async function auditReadOnly(): Promise<never> {
  throw auditAppendOnly();
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function checkBody(body: unknown, type: string): Resource {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a FHIR resource (a JSON object)');
  const resource = body as Resource;
  if (resource.resourceType !== type) throw badRequest(`Body resourceType "${String(resource.resourceType)}" does not match the URL type "${type}"`, 'resourceType');
  return resource;
}

function intParam(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw badRequest(`${name} must be a non-negative integer`, name);
  return Number(value);
}

/** Query string as ordered pairs (repeated keys kept: they AND). */
function queryEntries(req: FastifyRequest): [string, string][] {
  const i = req.url.indexOf('?');
  return i < 0 ? [] : [...new URLSearchParams(req.url.slice(i + 1)).entries()];
}

function withFullUrls(bundle: Bundle, base: string): Bundle {
  return { ...bundle, entry: bundle.entry?.map((e) => (e.fullUrl ? { ...e, fullUrl: `${base}/${e.fullUrl}` } : e)) };
}
