import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../../api/authorized-fetch.ts';

export type SaveResult<T> = { ok: true; resource: T } | { ok: false; status: number; outcome?: OperationOutcome; message: string };

/**
 * Creates (POST) or updates (PUT, with If-Match on the version the user edited, so a concurrent change is refused
 * rather than overwritten) a resource. A refusal comes back with the server's whole OperationOutcome, whose issues
 * the form maps onto its inputs.
 */
export async function saveResource<T extends Resource>(resource: T, version?: string): Promise<SaveResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' };
  if (resource.id && version) headers['if-match'] = `W/"${version}"`;
  const path = resource.id ? `/fhir/R4/${resource.resourceType}/${encodeURIComponent(resource.id)}` : `/fhir/R4/${resource.resourceType}`;
  const res = await authorizedFetch(path, { method: resource.id ? 'PUT' : 'POST', headers, body: JSON.stringify(resource) });
  const body = await jsonBody(res);
  if (res.ok) return { ok: true, resource: body as T };
  const outcome = (body as OperationOutcome | undefined)?.resourceType === 'OperationOutcome' ? (body as OperationOutcome) : undefined;
  return { ok: false, status: res.status, outcome, message: outcomeMessage(body, `HTTP ${res.status}`) };
}
