import type { MetaType } from '@medunion/kernel/contracts';
import { api } from '../../api/http.api.ts';

// One element of a resource or data type as `GET /api/meta/elements/:type` describes it: the server's shape.
export type { MetaElement, MetaType } from '@medunion/kernel/contracts';

// Definitions do not change while the console runs: one request per type per page load.
const cache = new Map<string, Promise<MetaType>>();

export function fetchElements(type: string): Promise<MetaType> {
  let pending = cache.get(type);
  if (!pending) {
    pending = api<MetaType>(`/api/meta/elements/${encodeURIComponent(type)}`);
    cache.set(type, pending);
    pending.catch(() => cache.delete(type));
  }
  return pending;
}
