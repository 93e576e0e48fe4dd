import type { CatalogueList, CataloguePanel, CatalogueTest, CriticalValueItem, EnterResultsResponse, Instrument, PatientResults, ResultHistoryEntry, SpecimenResults, TrendSeries } from '@medunion/lis/contracts';
import type { DiagnosticReport, Media, Patient } from '@medplum/fhirtypes';
import { searchResources } from '../../admin/fhir.api.ts';
import { api } from '../../api/http.api.ts';

/** The LIS results API (`/api/lis/results`, packages/lis README "Results, review and reports"); shapes from its contracts. */
export type { CriticalValueItem, PatientResults, ResultHistoryEntry, ResultRow, SpecimenResults, TrendPoint, TrendSeries } from '@medunion/lis/contracts';

const BASE = '/api/lis/results';
const enc = encodeURIComponent;

// Common results (常见结果) change with the catalogue, rarely: one read per test and page load.
const commonResults = new Map<string, Promise<string[]>>();

export const resultsApi = {
  /** A specimen by barcode or sample number: results in report order, tests still missing, its reports. */
  specimen: (barcode: string) => api<SpecimenResults>(`${BASE}/specimens/${enc(barcode)}`),
  /** Manual entry or correction before review; calculated tests, flags and auto-verification follow on the server. */
  enter: (barcode: string, results: { testCode: string; value: string }[]) => api<EnterResultsResponse>(`${BASE}/specimens/${enc(barcode)}`, { method: 'POST', body: { results } }),
  commonResults: (testCode: string): Promise<string[]> => {
    let loaded = commonResults.get(testCode);
    if (!loaded) {
      loaded = api<{ values?: string[] }>(`${BASE}/tests/${enc(testCode)}/common-results`).then((r) => r.values ?? []);
      loaded.catch(() => commonResults.delete(testCode));
      commonResults.set(testCode, loaded);
    }
    return loaded;
  },
  /** The revision trail of one result, newest first. */
  history: (observationId: string) => api<ResultHistoryEntry[]>(`${BASE}/${enc(observationId)}/history`),
  critical: (status: 'open' | 'acknowledged' | 'all', count = 100) => api<CriticalValueItem[]>(`${BASE}/critical-values`, { query: { status, count } }),
  acknowledge: (taskId: string, note?: string) => api<CriticalValueItem>(`${BASE}/critical-values/${enc(taskId)}/acknowledge`, { method: 'POST', body: note ? { note } : {} }),
  /** Released reports with their results, and every test's trend (EMR / doctor station). */
  patient: (patientId: string) => api<PatientResults>(`${BASE}/patients/${enc(patientId)}`, { query: { count: 200 } }),
  trend: (patientId: string, tests: string[]) => api<TrendSeries[]>(`${BASE}/patients/${enc(patientId)}/trend`, { query: { tests: tests.join(',') } }),
};

const PAGE = 500;
async function allOf<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api<CatalogueList<T>>(path, { query: { active: 'all', _count: PAGE, _offset: offset } });
    out.push(...page.items);
    if (out.length >= page.total || page.items.length < PAGE) return out;
  }
}

/** The laboratory's catalogue and analyzers, for names and filters. */
export const labDirectoryApi = {
  tests: () => allOf<CatalogueTest>('/api/lis/catalogue/tests'),
  panels: () => allOf<CataloguePanel>('/api/lis/catalogue/panels'),
  instruments: async () => (await api<{ instruments: Instrument[] }>('/api/lis/instruments')).instruments,
};

/** FHIR reads the bench needs beyond the LIS API: the patient, the reports' reviewer, verification code and pictures. */
export const fhirApi = {
  patient: (id: string) => api<Patient>(`/fhir/R4/Patient/${enc(id)}`),
  /** The patient a HIS names by `system|value` (病历号, ID card), or undefined. */
  patientByIdentifier: async (identifier: string) => (await searchResources<Patient>('Patient', { identifier, _count: 2 })).resources[0],
  reports: async (ids: string[]) => (ids.length ? (await searchResources<DiagnosticReport>('DiagnosticReport', { _id: ids.join(','), _count: ids.length })).resources : []),
  media: async (ids: string[]) => (ids.length ? (await searchResources<Media>('Media', { _id: ids.join(','), _count: ids.length })).resources : []),
};
