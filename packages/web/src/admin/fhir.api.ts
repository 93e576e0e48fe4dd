import { api } from '../api/http.api.ts';
import type { Bundle, Resource } from '@medplum/fhirtypes';

const BASE = '/fhir/R4';

/** One page of a FHIR search: the matches (not `_include`d resources) and the total when the server counted it. */
export interface SearchPage<T> {
  resources: T[];
  total?: number;
}

/** `GET /fhir/R4/<type>?…`; the caller's access policies apply server-side. */
export async function searchResources<T extends Resource>(type: string, params: Record<string, string | number | undefined>): Promise<SearchPage<T>> {
  const bundle = await api<Bundle<T>>(`${BASE}/${type}`, { query: params });
  const resources = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include' && e.resource).map((e) => e.resource as T);
  return { resources, total: bundle.total };
}

/** Every match of a search, page by page (for the small administrative sets: institutions, wards of a department). */
export async function searchAll<T extends Resource>(type: string, params: Record<string, string>, pageSize = 500): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = await searchResources<T>(type, { ...params, _count: pageSize, _offset: offset });
    out.push(...page.resources);
    if (page.resources.length < pageSize) return out;
  }
}

export const readResource = <T extends Resource>(type: string, id: string): Promise<T> => api<T>(`${BASE}/${type}/${encodeURIComponent(id)}`);

/** Creates (no id) or replaces (with id) a resource. */
export function saveResource<T extends Resource>(resource: T): Promise<T> {
  return resource.id
    ? api<T>(`${BASE}/${resource.resourceType}/${encodeURIComponent(resource.id)}`, { method: 'PUT', body: resource })
    : api<T>(`${BASE}/${resource.resourceType}`, { method: 'POST', body: resource });
}

/** Posts a transaction Bundle: all entries are written or none. */
export const transaction = (bundle: Bundle): Promise<Bundle> => api<Bundle>(BASE, { method: 'POST', body: bundle });

/** Resource types the server supports (CapabilityStatement), for pickers of `resourceType`. */
export async function supportedResourceTypes(): Promise<string[]> {
  const cs = await api<{ rest?: { resource?: { type: string }[] }[] }>(`${BASE}/metadata`);
  return (cs.rest?.[0]?.resource ?? []).map((r) => r.type).sort();
}
