import { api } from '../../api/http.api.ts';

/** One element of a resource or data type as `GET /api/meta/elements/:type` describes it (from the StructureDefinitions). */
export interface MetaElement {
  path: string;
  name: string;
  min: number;
  max: string;
  types: { code: string; targetProfiles?: string[] }[];
  short?: string;
  definition?: string;
  binding?: { strength: string; valueSet?: string; codes?: { system: string; code: string; display?: string }[] };
}

export interface MetaElements {
  type: string;
  kind: 'resource' | 'complex-type';
  elements: MetaElement[];
}

// Definitions do not change while the console runs: one request per type per page load.
const cache = new Map<string, Promise<MetaElements>>();

export function fetchElements(type: string): Promise<MetaElements> {
  let pending = cache.get(type);
  if (!pending) {
    pending = api<MetaElements>(`/api/meta/elements/${encodeURIComponent(type)}`);
    cache.set(type, pending);
    pending.catch(() => cache.delete(type));
  }
  return pending;
}
