import { postForFile, type DownloadedFile } from '../../api/download.ts';
import { api } from '../../api/http.api.ts';
import type { XlsxExportRequest } from './export-request.ts';
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
export const exportXlsx = (resourceType: string, request: XlsxExportRequest): Promise<DownloadedFile> =>
  postForFile(`/api/export/${encodeURIComponent(resourceType)}/xlsx`, request);

/** Resource types the server supports (its CapabilityStatement), sorted. */
export async function fetchResourceTypes(): Promise<string[]> {
  const cs = await api<{ rest?: { resource?: { type: string }[] }[] }>('/fhir/R4/metadata');
  return (cs.rest?.[0]?.resource ?? []).map((r) => r.type).sort();
}
