import { api } from '../../api/http.api.ts';

/** The recognition module's administration and QC API (`/api/recognition/admin`, `/api/recognition/qc`), typed for the pages. */
export const LEVELS = ['三级甲等', '三级乙等', '三级', '二级甲等', '二级乙等', '二级', '一级', '未定级'] as const;
export const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';
export const EXAM_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/exam-items';

export interface RecInstitution {
  organizationId: string;
  code: string;
  name: string;
  shortName?: string;
  level: string;
  contact?: string;
  phone?: string;
  enabled: boolean;
}

export interface RecYear {
  year: number;
  name: string;
  itemCount: number;
}

export interface RecItem {
  code: string;
  kind: 'lab' | 'exam';
  name: string;
  validityDays: number;
  specimen?: string;
  bodyPart?: string;
  methodConstraint?: string;
  active: boolean;
}

export interface RecQualification {
  item: string;
  institution: string;
  allowed: boolean;
  from?: string;
  to?: string;
}

export interface QcAlarm {
  id: number;
  institution: string;
  item: string;
  itemName?: string;
  instrument?: string;
  rule?: string;
  reason: string;
  raisedAt: string;
  clearedAt?: string;
  clearNote?: string;
}

export interface QcStream {
  item: string;
  itemName?: string;
  instrument: string;
  points: number;
  ma: number | null;
  openAlarm: boolean;
}

export interface QcPoint {
  id: number;
  at: string;
  value: number;
  included: boolean;
  ma: number | null;
  ewma: number | null;
  target: number;
  maLow: number;
  maHigh: number;
  rule: string | null;
}

export interface QcInstrument {
  instrument: string;
  results: number;
  biasPercent: number | null;
  openAlarm: boolean;
  points: QcPoint[];
}

const ADMIN = '/api/recognition/admin';
const QC = '/api/recognition/qc';

export const recognitionAdminApi = {
  institutions: async (q?: string) => (await api<{ institutions: RecInstitution[] }>(`${ADMIN}/institutions`, { query: { q } })).institutions,
  saveInstitution: (organization: string, body: Omit<Partial<RecInstitution>, 'organizationId'> & { level: string }) =>
    api<RecInstitution>(`${ADMIN}/institutions/${encodeURIComponent(organization)}`, { method: 'PUT', body }),
  years: async () => (await api<{ years: RecYear[] }>(`${ADMIN}/years`)).years,
  createYear: (body: { year: number; name?: string; copyFrom?: number }) => api<RecYear>(`${ADMIN}/years`, { method: 'POST', body }),
  items: async (year: number) => (await api<{ items: RecItem[] }>(`${ADMIN}/years/${year}/items`)).items,
  saveItems: async (year: number, items: (Partial<RecItem> & { code: string })[]) => (await api<{ items: RecItem[] }>(`${ADMIN}/years/${year}/items`, { method: 'PUT', body: { items } })).items,
  qualifications: async (year: number) => (await api<{ qualifications: RecQualification[] }>(`${ADMIN}/years/${year}/qualifications`)).qualifications,
  saveQualifications: async (year: number, entries: RecQualification[]) =>
    (await api<{ qualifications: RecQualification[] }>(`${ADMIN}/years/${year}/qualifications`, { method: 'PUT', body: { entries } })).qualifications,
  alarms: async (institution?: string, open?: boolean) => (await api<{ alarms: QcAlarm[] }>(`${QC}/alarms`, { query: { institution, open: open ? 'true' : undefined } })).alarms,
  clearAlarm: (id: number, note: string) => api<QcAlarm>(`${QC}/alarms/${id}/clear`, { method: 'POST', body: { note } }),
  streams: async (institution: string) => (await api<{ streams: QcStream[] }>(`${QC}/streams`, { query: { institution } })).streams,
  series: async (institution: string, item: string, instrument: string) => (await api<{ points: QcPoint[] }>(`${QC}/series`, { query: { institution, item, instrument } })).points,
  comparison: async (institution: string, item: string) => (await api<{ instruments: QcInstrument[] }>(`${QC}/comparison`, { query: { institution, item } })).instruments,
};
