import type { CatalogueList, CataloguePanel, CatalogueTest, Instrument } from '@medunion/lis/contracts';
import { api, ApiError, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../../api/authorized-fetch.ts';
import { filenameFromDisposition } from '../../api/content-disposition.ts';
import type { DownloadedFile } from '../../api/download.ts';

/**
 * The laboratory a QC, statistics or TAT page works for: staff act for their current institution (undefined lets the
 * server use it); region-wide users name one, as every area-5 route asks of them.
 */
export interface LabScope {
  institution?: string;
}

/** The lab's analyzers and catalogue, for the pickers of the QC, statistics and TAT pages. */
export interface LabDirectory {
  instruments: Pick<Instrument, 'id' | 'code' | 'name' | 'active'>[];
  tests: Pick<CatalogueTest, 'code' | 'name' | 'unit' | 'decimals' | 'kind' | 'abbreviation'>[];
  panels: Pick<CataloguePanel, 'code' | 'name' | 'section' | 'tatTargetMinutes'>[];
}

const PAGE = 500;

async function allOf<T>(path: string, institution: string | undefined): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api<CatalogueList<T>>(path, { query: { institution, active: 'all', _count: PAGE, _offset: offset } });
    out.push(...page.items);
    if (out.length >= page.total || page.items.length < PAGE) return out;
  }
}

export const labApi = {
  instruments: async (s: LabScope) => (await api<{ instruments: Instrument[] }>('/api/lis/instruments', { query: { institution: s.institution } })).instruments,
  tests: (s: LabScope) => allOf<CatalogueTest>('/api/lis/catalogue/tests', s.institution),
  panels: (s: LabScope) => allOf<CataloguePanel>('/api/lis/catalogue/panels', s.institution),
};

/**
 * GETs a file the platform produces (the monthly QC report as PDF or Excel) with the session's token, one refresh
 * and retry on 401 as `api` does; a refusal becomes an ApiError with the server's OperationOutcome text.
 */
export async function getFile(path: string, query: Record<string, string | number | undefined>): Promise<DownloadedFile> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const res = await authorizedFetch(params.size ? `${path}?${params}` : path);
  if (!res.ok) throw new ApiError(res.status, outcomeMessage(await jsonBody(res), `HTTP ${res.status}`));
  return { blob: await res.blob(), filename: filenameFromDisposition(res.headers.get('content-disposition')) };
}
