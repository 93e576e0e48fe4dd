import type { Bundle, BundleEntry, BundleEntryResponse, Resource } from '@medplum/fhirtypes';
import { badRequest, FhirError } from '../fhir/errors.ts';
import type { RequestContext } from './context.ts';
import type { FhirStore, Unit, WriteResult } from './fhir-store.ts';

/** Maximum entries in one Bundle; larger uploads should be split. */
export const MAX_BUNDLE_ENTRIES = 5000;

/**
 * Processes a batch or transaction Bundle. A transaction runs every entry in one database
 * transaction (all or nothing) and rewrites `urn:uuid:` references to the ids it assigns.
 * A batch runs each entry in its own transaction and reports each outcome separately.
 */
export async function processBundle(store: FhirStore, ctx: RequestContext, bundle: Bundle): Promise<Bundle> {
  if (bundle?.resourceType !== 'Bundle') throw badRequest('Expected a Bundle', 'resourceType');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') throw badRequest(`Bundle.type must be batch or transaction, not "${bundle.type}"`, 'Bundle.type');
  const entries = bundle.entry ?? [];
  if (entries.length > MAX_BUNDLE_ENTRIES) throw badRequest(`A Bundle may hold at most ${MAX_BUNDLE_ENTRIES} entries`, 'Bundle.entry');
  entries.forEach((e, i) => {
    if (!e.request?.method || !e.request.url) throw badRequest(`Bundle.entry[${i}].request needs method and url`, `Bundle.entry[${i}].request`);
  });

  if (bundle.type === 'batch') {
    const out: BundleEntry[] = [];
    for (const entry of entries) {
      try {
        out.push(await store.inUnit(ctx, (unit) => runEntry(store, unit, ctx, entry, new Map())));
      } catch (err) {
        out.push(errorEntry(err));
      }
    }
    return { resourceType: 'Bundle', type: 'batch-response', entry: out };
  }

  // Transaction: assign ids to POSTed urn:uuid entries first, so any entry may reference any other.
  const ids = new Map<string, string>();
  for (const entry of entries) {
    if (entry.request?.method === 'POST' && entry.fullUrl?.startsWith('urn:uuid:') && entry.resource) {
      ids.set(entry.fullUrl, `${entry.resource.resourceType}/${crypto.randomUUID()}`);
    }
  }
  const order = transactionOrder(entries);
  const results = new Array<BundleEntry>(entries.length);
  const located = (index: number, err: FhirError) =>
    new FhirError(err.status, err.issues.map((i) => ({ ...i, expression: [`Bundle.entry[${index}]`, ...(i.expression ?? [])] })));
  await store.inUnit(ctx, async (unit) => {
    let conditionalsResolved = false;
    for (let i = 0; i < order.length; ) {
      if (!conditionalsResolved && entries[order[i]].request!.method !== 'DELETE') {
        conditionalsResolved = true;
        await resolveConditionalCreates(store, unit, ctx, entries, ids);
      }
      if (isPlainPost(entries[order[i]])) {
        // A run of plain creates goes in as one multi-row insert.
        const run: number[] = [];
        for (; i < order.length && isPlainPost(entries[order[i]]); i++) run.push(order[i]);
        const written = await store.createManyIn(
          unit,
          ctx,
          run.map((ix) => ({
            resource: resolveReferences(entries[ix].resource, ids) as Resource,
            id: (entries[ix].fullUrl && ids.get(entries[ix].fullUrl as string)?.split('/')[1]) || crypto.randomUUID(),
          })),
          (k, err) => located(run[k], err),
        );
        run.forEach((ix, k) => (results[ix] = writeEntry(written[k])));
        continue;
      }
      const index = order[i++];
      try {
        results[index] = await runEntry(store, unit, ctx, entries[index], ids);
      } catch (err) {
        throw err instanceof FhirError ? located(index, err) : err;
      }
    }
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry: results };
}

/**
 * Points the urn:uuid of every conditional create (`ifNoneExist`) that matches an existing resource at that
 * resource before any entry runs: references are rewritten when an entry runs, so an entry processed
 * before the conditional create would otherwise keep the pre-assigned id of a resource that is never made.
 * Takes the same advisory lock as `createIn`, so a concurrent transaction cannot create the match in between.
 */
async function resolveConditionalCreates(store: FhirStore, unit: Unit, ctx: RequestContext, entries: BundleEntry[], ids: Map<string, string>): Promise<void> {
  for (const [index, entry] of entries.entries()) {
    const ifNoneExist = entry.request?.ifNoneExist;
    const type = entry.resource?.resourceType;
    if (entry.request?.method !== 'POST' || !ifNoneExist || !type || !entry.fullUrl || !ids.has(entry.fullUrl)) continue;
    try {
      await unit.tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${type}?${ifNoneExist}`]);
      const existing = await store.findOne(unit, ctx, type, ifNoneExist);
      if (existing) ids.set(entry.fullUrl, `${type}/${existing.id}`);
    } catch (err) {
      if (err instanceof FhirError) {
        throw new FhirError(err.status, err.issues.map((i) => ({ ...i, expression: [`Bundle.entry[${index}]`, ...(i.expression ?? [])] })));
      }
      throw err;
    }
  }
}

function isPlainPost(entry: BundleEntry): boolean {
  return entry.request?.method === 'POST' && !entry.request.ifNoneExist && !!entry.resource;
}

/** FHIR transaction processing order: DELETE, POST, PUT/PATCH, GET. */
function transactionOrder(entries: BundleEntry[]): number[] {
  const rank: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
  return entries.map((_, i) => i).sort((a, b) => (rank[entries[a].request!.method] ?? 9) - (rank[entries[b].request!.method] ?? 9) || a - b);
}

async function runEntry(store: FhirStore, unit: Unit, ctx: RequestContext, entry: BundleEntry, ids: Map<string, string>): Promise<BundleEntry> {
  const method = entry.request!.method;
  const url = entry.request!.url.replace(/^\//, '');
  const [path, query] = splitUrl(url);
  const parts = path.split('/');
  const resource = entry.resource ? (resolveReferences(entry.resource, ids) as Resource) : undefined;
  switch (method) {
    case 'POST': {
      if (!resource) throw badRequest('POST entry needs a resource');
      const assigned = entry.fullUrl ? ids.get(entry.fullUrl)?.split('/')[1] : undefined;
      const r = await store.createIn(unit, ctx, resource, { ifNoneExist: entry.request!.ifNoneExist, id: assigned });
      if (assigned && r.resource.id !== assigned && entry.fullUrl) ids.set(entry.fullUrl, `${r.resource.resourceType}/${r.resource.id}`);
      return writeEntry(r);
    }
    case 'PUT': {
      if (!resource) throw badRequest('PUT entry needs a resource');
      const r = query
        ? await store.conditionalUpdateIn(unit, ctx, parts[0], query, resource, {})
        : await store.updateIn(unit, ctx, { ...resource, id: entryId(parts, resource.id, 'PUT') }, { ifMatch: entry.request!.ifMatch });
      return writeEntry(r);
    }
    case 'PATCH': {
      const ops = patchOperations(entry.resource);
      return writeEntry(await store.patchIn(unit, ctx, parts[0], entryId(parts, undefined, 'PATCH'), ops, { ifMatch: entry.request!.ifMatch }));
    }
    case 'DELETE':
      await store.deleteIn(unit, ctx, parts[0], entryId(parts, undefined, 'DELETE'));
      return { response: { status: '204 No Content' } };
    case 'GET': {
      if (parts.length === 4 && parts[2] === '_history' && !query) {
        const r = await store.vread(ctx, parts[0], parts[1], parts[3], unit);
        return { resource: r, response: { status: '200 OK', etag: `W/"${r.meta?.versionId}"` } };
      }
      if (parts.length === 2 && !query) {
        const r = await store.read(ctx, parts[0], parts[1], unit);
        return { resource: r, response: { status: '200 OK', etag: `W/"${r.meta?.versionId}"` } };
      }
      const result = await store.search(ctx, parts[0], new URLSearchParams(query ?? '').entries(), unit);
      const searchset: Bundle = { resourceType: 'Bundle', type: 'searchset', total: result.total, entry: result.resources.map((r) => ({ resource: r })) };
      return { resource: searchset, response: { status: '200 OK' } };
    }
  }
  throw badRequest(`Unsupported method ${method} in Bundle entry`);
}

/** FHIR allows PATCH in bundles as a Binary holding the JSON Patch document, or as Parameters; we take Binary. */
function patchOperations(resource: Resource | undefined): unknown {
  if (resource?.resourceType === 'Binary' && resource.data) {
    try {
      return JSON.parse(Buffer.from(resource.data, 'base64').toString('utf8'));
    } catch {
      throw badRequest('PATCH entry Binary.data is not a base64 JSON Patch document');
    }
  }
  throw badRequest('PATCH entry needs a Binary resource with contentType application/json-patch+json');
}

/** The id an entry's URL names; conditional forms (`Type?query`) are not supported for PATCH and DELETE. */
function entryId(parts: string[], bodyId: string | undefined, method: string): string {
  const id = parts[1];
  if (!id) throw badRequest(`${method} entry URL must name a resource as Type/id (conditional ${method} is not supported)`, 'Bundle.entry.request.url');
  if (bodyId !== undefined && bodyId !== id) throw badRequest(`Resource id "${bodyId}" does not match the entry URL id "${id}"`, 'Bundle.entry.resource.id');
  return id;
}

function splitUrl(url: string): [string, string | undefined] {
  const q = url.indexOf('?');
  return q < 0 ? [url, undefined] : [url.slice(0, q), url.slice(q + 1)];
}

function resolveReferences(value: unknown, ids: Map<string, string>): unknown {
  if (!ids.size) return value;
  if (typeof value === 'string') return ids.get(value) ?? value;
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, ids));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, ids)]));
  }
  return value;
}

function writeEntry(r: WriteResult): BundleEntry {
  const response: BundleEntryResponse = {
    status: r.status === 201 ? '201 Created' : '200 OK',
    location: `${r.resource.resourceType}/${r.resource.id}/_history/${r.resource.meta?.versionId}`,
    etag: `W/"${r.resource.meta?.versionId}"`,
    lastModified: r.resource.meta?.lastUpdated,
  };
  return { fullUrl: `${r.resource.resourceType}/${r.resource.id}`, resource: r.resource, response };
}

function errorEntry(err: unknown): BundleEntry {
  const e = err instanceof FhirError ? err : new FhirError(500, (err as Error).message, 'exception');
  return { response: { status: String(e.status), outcome: e.outcome } };
}
