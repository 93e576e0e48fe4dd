import type { Bundle, Patient, Specimen } from '@medplum/fhirtypes';
import type {
  AccessionedSpecimen,
  CatalogueList,
  CataloguePanel,
  CatalogueTube,
  ConcessionInput,
  LabelLayout,
  LabOrderImportResult,
  LabOrderInput,
  LabOrderResult,
  LabOrderTemplate,
  PoolResult,
  ReceiveOutcome,
  RejectInput,
  SpecimenList,
  SpecimenSummary,
  SpecimenTimeline,
  WardRejection,
} from '@medunion/lis/contracts';
import { api } from '../../api/http.api.ts';
import { postForFile } from '../../api/download.ts';
import type { SpecimenStatusCode } from './specimen-labels.ts';

/**
 * The LIS orders and specimens API (`/api/lis/orders`, `/api/lis/specimens`; packages/lis README "Orders and
 * specimens"); its shapes are the module's contracts. Refusals come back as ApiError with the OperationOutcome
 * (`err.outcome`), so a page can read the duplicate-order warning or place issues on fields.
 */
export type {
  AccessionedSpecimen,
  CataloguePanel,
  CatalogueTube,
  LabDuplicateOrder,
  LabOrderInput,
  LabOrderResult,
  LabOrderTemplate,
  LabPatientType,
  LabelLayout,
  PoolMember,
  PoolResult,
  ReceiveOutcome,
  SpecimenSummary,
  SpecimenTimeline,
  WardRejection,
} from '@medunion/lis/contracts';

const BASE = '/api/lis';

/** `institution`: only for region-wide users (staff act for their current institution; naming another is refused). */
export type Scope = { institution?: string };

export interface SpecimenFilter extends Scope {
  status?: SpecimenStatusCode;
  department?: string;
  from?: string;
  to?: string;
  _count?: number;
  _offset?: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const path = (barcode: string) => `${BASE}/specimens/${encodeURIComponent(barcode)}`;

/** The lab's catalogue entries of one kind, every page (a county catalogue has a few hundred). */
async function allOf<T>(kind: 'panels' | 'tubes', scope: Scope): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const page = await api<CatalogueList<T>>(`${BASE}/catalogue/${kind}`, { query: { _count: 500, _offset: items.length, ...scope } });
    items.push(...page.items);
    if (!page.items.length || items.length >= page.total) return items;
  }
}

export const specimensApi = {
  panels: (scope: Scope) => allOf<CataloguePanel>('panels', scope),
  tubes: (scope: Scope) => allOf<CatalogueTube>('tubes', scope),
  templates: (scope: Scope) => api<LabOrderTemplate[]>(`${BASE}/orders/templates`, { query: { ...scope } }),
  /** 检验申请 (with `accession: true` the tubes come back too); 409 with warning issues = the duplicate-order warning. */
  order: (input: LabOrderInput, scope: Scope) => api<LabOrderResult>(`${BASE}/orders`, { method: 'POST', body: input, query: { ...scope } }),
  /** 批量导入: an .xlsx or CSV sheet, one requisition per row; all rows or none (400 naming `rows[n].<column>`). */
  importOrders: (file: File, options: { accession: boolean; confirmDuplicates: boolean }, scope: Scope) =>
    api<LabOrderImportResult>(`${BASE}/orders/import`, {
      method: 'POST',
      upload: { data: file, type: /\.xlsx$/i.test(file.name) ? XLSX_TYPE : 'text/csv' },
      query: { ...scope, accession: String(options.accession), confirmDuplicates: String(options.confirmDuplicates) },
    }),
  /** Tubes for the given order lines (after a rejection only the new tube is made). */
  accession: (orders: string[], scope: Scope) => api<AccessionedSpecimen[]>(`${BASE}/specimens/accession`, { method: 'POST', body: { orders }, query: { ...scope } }),
  /** The label PDF; a barcode printed before comes out marked 补 and is logged as a re-print. */
  labels: async (barcodes: string[], layout: LabelLayout, scope: Scope) => {
    const query = scope.institution ? `?institution=${encodeURIComponent(scope.institution)}` : '';
    return (await postForFile(`${BASE}/specimens/labels${query}`, { barcodes, layout }, 'application/pdf')).blob;
  },
  collect: (barcode: string, scope: Scope) => api<SpecimenSummary>(`${path(barcode)}/collect`, { method: 'POST', body: {}, query: { ...scope } }),
  /** 签收 by scan, one barcode or a rack: each gets its own outcome (received, already, rejected, unknown, misread). */
  receive: (barcodes: string[], scope: Scope) => api<ReceiveOutcome[]>(`${BASE}/specimens/receive`, { method: 'POST', body: { barcodes }, query: { ...scope } }),
  reject: (barcode: string, input: RejectInput, scope: Scope) => api<SpecimenSummary & { taskId: string }>(`${path(barcode)}/reject`, { method: 'POST', body: input, query: { ...scope } }),
  concession: (barcode: string, input: ConcessionInput, scope: Scope) => api<SpecimenSummary>(`${path(barcode)}/concession`, { method: 'POST', body: input, query: { ...scope } }),
  timeline: (barcode: string, scope: Scope) => api<SpecimenTimeline>(`${path(barcode)}/timeline`, { query: { ...scope } }),
  list: (filter: SpecimenFilter) => api<SpecimenList>(`${BASE}/specimens`, { query: { ...filter } }),
  rejections: (filter: Scope & { department?: string; status?: 'open' | 'all' }) => api<WardRejection[]>(`${BASE}/specimens/rejections`, { query: { ...filter } }),
  createPool: (members: string[], scope: Scope) => api<PoolResult>(`${BASE}/specimens/pools`, { method: 'POST', body: { members }, query: { ...scope } }),
  pool: (barcode: string, scope: Scope) => api<PoolResult>(`${BASE}/specimens/pools/${encodeURIComponent(barcode)}`, { query: { ...scope } }),
  markPositive: (barcode: string, note: string | undefined, scope: Scope) =>
    api<PoolResult>(`${BASE}/specimens/pools/${encodeURIComponent(barcode)}/positive`, { method: 'POST', body: note ? { note } : {}, query: { ...scope } }),
  /**
   * The tube as FHIR has it, with its patient (one search, `_include`): what a scan card shows — the LIS answers of
   * receipt carry only the outcome. Access policies apply as for any FHIR read.
   */
  specimenWithPatient: async (specimenId: string): Promise<{ specimen?: Specimen; patient?: Patient }> => {
    const bundle = await api<Bundle>('/fhir/R4/Specimen', { query: { _id: specimenId, _include: 'Specimen:subject' } });
    const resources = (bundle.entry ?? []).map((e) => e.resource);
    return {
      specimen: resources.find((r): r is Specimen => r?.resourceType === 'Specimen'),
      patient: resources.find((r): r is Patient => r?.resourceType === 'Patient'),
    };
  },
};
