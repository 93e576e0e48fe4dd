import { api, ApiError, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../pdf/authorized-fetch.ts';
import { filenameFromDisposition, type XlsxExportRequest } from './export-request.ts';
import { queryString } from './table-query.ts';
import type { Resource } from './table.types.ts';

interface SearchBundle<T> {
  total?: number;
  entry?: { resource?: T; search?: { mode?: string } }[];
}

/** One page of a FHIR search: the matches (no `_include`d resources) and the server's accurate total. */
export async function searchPage<T extends Resource>(resourceType: string, entries: [string, string][]): Promise<{ rows: T[]; total: number }> {
  const bundle = await api<SearchBundle<T>>(`/fhir/R4/${encodeURIComponent(resourceType)}?${queryString(entries)}`);
  const rows = (bundle.entry ?? []).filter((e) => e.resource && e.search?.mode !== 'include').map((e) => e.resource!);
  return { rows, total: bundle.total ?? rows.length };
}

/** Excel workbook of every page of the search, rendered and streamed by the server (permission data.export). */
export async function exportXlsx(resourceType: string, request: XlsxExportRequest): Promise<{ blob: Blob; filename?: string }> {
  const res = await authorizedFetch(`/api/export/${encodeURIComponent(resourceType)}/xlsx`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw new ApiError(res.status, outcomeMessage(await jsonBody(res), `HTTP ${res.status}`));
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}

/** Hands a file to the browser's download manager under the given name. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Resource types the server supports (its CapabilityStatement), sorted. */
export async function fetchResourceTypes(): Promise<string[]> {
  const cs = await api<{ rest?: { resource?: { type: string }[] }[] }>('/fhir/R4/metadata');
  return (cs.rest?.[0]?.resource ?? []).map((r) => r.type).sort();
}
