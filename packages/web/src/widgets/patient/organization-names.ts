import { useEffect, useState } from 'react';
import type { Bundle, Organization } from '@medplum/fhirtypes';
import { api } from '../../api/http.api.ts';

// Institution names change rarely: fetched once per page load, shared by every banner, table and card.
const names = new Map<string, string>();
const pending = new Map<string, Promise<void>>();

async function fetchNames(ids: string[]): Promise<void> {
  const bundle = await api<Bundle<Organization>>('/fhir/R4/Organization', { query: { _id: ids.join(','), _elements: 'name', _count: ids.length } });
  for (const entry of bundle.entry ?? []) if (entry.resource?.id && entry.resource.name) names.set(entry.resource.id, entry.resource.name);
  // Ids the caller may not see (or that do not exist) stay shown as ids, and are not asked for again.
  for (const id of ids) if (!names.has(id)) names.set(id, id);
}

/** Names of organisations by id, loaded in one search; ids show as themselves until (or unless) their name arrives. */
export function useOrganizationNames(ids: readonly (string | undefined)[]): Record<string, string> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const key = wanted.join(',');
  const [, setVersion] = useState(0);
  useEffect(() => {
    const missing = key ? key.split(',').filter((id) => !names.has(id) && !pending.has(id)) : [];
    const waits = key ? key.split(',').map((id) => pending.get(id)).filter((p): p is Promise<void> => !!p) : [];
    let live = true;
    if (missing.length) {
      const load = fetchNames(missing).catch(() => {
        for (const id of missing) names.set(id, id);
      });
      for (const id of missing) pending.set(id, load);
      void load.finally(() => missing.forEach((id) => pending.delete(id)));
      waits.push(load);
    }
    if (waits.length) void Promise.all(waits).then(() => live && setVersion((v) => v + 1));
    return () => {
      live = false;
    };
  }, [key]);
  return Object.fromEntries(wanted.map((id) => [id, names.get(id) ?? id]));
}
