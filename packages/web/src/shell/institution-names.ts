import { useEffect, useState } from 'react';
import type { Bundle, Organization } from '@medplum/fhirtypes';
import { api } from '../api/http.api.ts';

/**
 * Names of the user's institutions for the top bar (the session carries only their ids). One search for all of
 * them; an institution the user may not read, or a failed request, keeps showing its id.
 */
export function useInstitutionNames(ids: readonly string[]): Map<string, string> {
  const key = ids.join(',');
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    if (!key) return;
    let live = true;
    api<Bundle<Organization>>('/fhir/R4/Organization', { query: { _id: key, _elements: 'name', _count: 100 } }).then(
      (bundle) => live && setNames(new Map((bundle.entry ?? []).flatMap((e) => (e.resource?.id && e.resource.name ? [[e.resource.id, e.resource.name] as const] : [])))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}
