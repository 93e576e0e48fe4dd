import type { DecisionInput, DecisionList, DownloadedReport, ItemTrend, OrderCheck, PatientRef, RecognizableList, RecordedDecision } from '@medunion/recognition/contracts';
import { api, ApiError, outcomeMessage } from '../../api/http.api.ts';
import { authorizedFetch, jsonBody } from '../../api/authorized-fetch.ts';

/** The doctor-side recognition interface (`/api/recognition/v1`, packages/recognition README); its shapes are the module's HTTP contracts. */
export type {
  Decision,
  DecisionInput,
  DecisionKind,
  DownloadedReport,
  Duplicate,
  OfferedResult,
  OrderCheck,
  PatientRef,
  RecognizableList,
  ReportResult,
  TrendPoint,
} from '@medunion/recognition/contracts';

const V1 = '/api/recognition/v1';

/** The catalogues items are picked from (CodeSystem urls of packages/recognition). */
export const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';
export const EXAM_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/exam-items';
export const REFUSAL_REASONS = 'https://medunion.org/fhir/CodeSystem/recognition/refusal-reason';

const refQuery = (ref: PatientRef) => ({ mrn: ref.mrn, idCard: ref.idCard, patient: ref.patient });

export const listRecognizable = (ref: PatientRef) => api<RecognizableList>(`${V1}/recognizable`, { query: refQuery(ref) });

export const checkOrder = (ref: PatientRef, codes: string[], orderNo: string) =>
  api<OrderCheck>(`${V1}/orders/check`, { method: 'POST', body: { ...refQuery(ref), orderNo, items: codes.map((code) => ({ code })) } });

export const recordDecision = (ref: PatientRef, input: DecisionInput) => api<RecordedDecision>(`${V1}/decisions`, { method: 'POST', body: { ...refQuery(ref), ...input } });

export const listDecisions = (ref: PatientRef) => api<DecisionList>(`${V1}/decisions`, { query: refQuery(ref) });

export const downloadReport = (reportId: string, ref: PatientRef) => api<DownloadedReport>(`${V1}/reports/${encodeURIComponent(reportId)}`, { query: refQuery(ref) });

export const itemTrend = (ref: PatientRef, item: string) => api<ItemTrend>(`${V1}/trend`, { query: { ...refQuery(ref), item } });

/** The report's PDF as a Blob (for PdfPreview's blob URL). */
export async function reportPdf(reportId: string, ref: PatientRef): Promise<Blob> {
  const query = new URLSearchParams({ format: 'pdf', ...Object.fromEntries(Object.entries(refQuery(ref)).filter(([, v]) => v)) } as Record<string, string>);
  const res = await authorizedFetch(`${V1}/reports/${encodeURIComponent(reportId)}?${query}`);
  if (!res.ok) throw new ApiError(res.status, outcomeMessage(await jsonBody(res), `HTTP ${res.status}`));
  return res.blob();
}

const ID_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.3';

/**
 * The patient of an embed URL: `system|value` (the resident ID card system → idCard; any 病历号 system → mrn of
 * the caller's institution) or a bare platform Patient id.
 */
export function patientRefOf(param: string): PatientRef | undefined {
  const text = param.trim();
  if (!text) return undefined;
  const bar = text.lastIndexOf('|');
  if (bar < 0) return { patient: text.replace(/^Patient\//, '') };
  const system = text.slice(0, bar);
  const value = text.slice(bar + 1);
  if (!value) return undefined;
  if (system === ID_CARD_SYSTEM || system === 'idCard') return { idCard: value };
  return { mrn: value };
}
