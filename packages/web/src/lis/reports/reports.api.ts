import type { PrintLogEntry, RecognitionPushStatus, ReportSummary, ReportTemplate, ReportTemplateOptions, ResultRow, ReviewOutcome } from '@medunion/lis/contracts';
import { api, ApiError, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../../api/authorized-fetch.ts';
import { postForFile } from '../../api/download.ts';
import { reportQuery, type ReportFilter } from './report-logic.ts';

/** The LIS reports API (`/api/lis/reports`, packages/lis README "Results, review and reports"); shapes from its contracts. */
export type { PrintLogEntry, RecognitionPushStatus, ReportSummary, ReportTemplate, ReportTemplateOptions, ResultRow, ReviewOutcome } from '@medunion/lis/contracts';

const BASE = '/api/lis/reports';
const id = (reportId: string) => `${BASE}/${encodeURIComponent(reportId)}`;

export type PageSize = ReportTemplateOptions['pageSize'];
export type ReportWithResults = ReportSummary & { results: ResultRow[] };

/** GET of a binary answer (the report PDF) with the session's token; a refusal carries the server's OperationOutcome. */
async function getBlob(path: string): Promise<Blob> {
  const res = await authorizedFetch(path, { headers: { accept: 'application/pdf' } });
  if (!res.ok) {
    const body = await jsonBody(res);
    throw new ApiError(res.status, outcomeMessage(body, `HTTP ${res.status}`), undefined, body);
  }
  return res.blob();
}

export const reportsApi = {
  /** 打印中心 / report search: one page, newest collection first. */
  list: (filter: ReportFilter) => api<{ total: number; reports: ReportSummary[] }>(BASE, { query: reportQuery(filter) }),
  get: (reportId: string) => api<ReportWithResults>(id(reportId)),
  review: (reportId: string) => api<ReportWithResults>(`${id(reportId)}/review`, { method: 'POST' }),
  /** Each report reviewed on its own: the answer says which were refused and why. */
  reviewBatch: (reportIds: string[]) => api<ReviewOutcome[]>(`${BASE}/review`, { method: 'POST', body: { reports: reportIds } }),
  unreview: (reportId: string, reason: string) => api<ReportWithResults>(`${id(reportId)}/unreview`, { method: 'POST', body: { reason } }),
  /** 召回: the released report is withdrawn and a reissue with preliminary copies of its results is created. */
  recall: (reportId: string, reason: string) => api<{ recalled: ReportWithResults; reissue: ReportWithResults }>(`${id(reportId)}/recall`, { method: 'POST', body: { reason } }),
  /** Preview (unreleased reports are stamped 未审核); `pageSize` overrides the template's paper for this preview. */
  pdf: (reportId: string, pageSize?: PageSize) => getBlob(`${id(reportId)}/pdf${pageSize ? `?pageSize=${pageSize}` : ''}`),
  /** Prints one or many released reports as one PDF and records each printing (re-prints are stamped 补打). */
  print: async (reportIds: string[]) => (await postForFile(`${BASE}/print`, { reports: reportIds }, 'application/pdf')).blob,
  prints: (reportId: string) => api<PrintLogEntry[]>(`${id(reportId)}/prints`),
  templates: () => api<ReportTemplate[]>(`${BASE}/templates`),
  /** A new version of a section's template ('' = every section without its own). */
  saveTemplate: (section: string, options: ReportTemplateOptions) => api<ReportTemplate>(`${BASE}/templates/${encodeURIComponent(section || 'default')}`, { method: 'PUT', body: options }),
  /** The reviewer's handwritten signature (PNG or JPEG), sent as the raw image. */
  uploadSignature: async (practitionerId: string, file: Blob) => {
    const res = await authorizedFetch(`${BASE}/signatures/${encodeURIComponent(practitionerId)}`, { method: 'POST', headers: { 'content-type': file.type, accept: 'application/json' }, body: file });
    const body = await jsonBody(res);
    if (!res.ok) throw new ApiError(res.status, outcomeMessage(body, `HTTP ${res.status}`), undefined, body);
    return body as { practitionerId: string; urn: string; contentType: string; size: number };
  },
  pushStatus: (reportId: string) => api<RecognitionPushStatus>(`${id(reportId)}/recognition`),
  retryPush: (reportId: string) => api<RecognitionPushStatus>(`${id(reportId)}/recognition/retry`, { method: 'POST' }),
};
