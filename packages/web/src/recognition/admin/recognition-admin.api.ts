import type { InstitutionInput, InstrumentSummary, QcAlarm, QcPoint, QcStream, Qualification, QualificationInput, RecognitionInstitution, RecognitionYear, YearItem, YearItemInput } from '@medunion/recognition/contracts';
import { api } from '../../api/http.api.ts';

/** The recognition module's administration and QC API (`/api/recognition/admin`, `/api/recognition/qc`); its shapes are the module's HTTP contracts. */
export const LEVELS = ['三级甲等', '三级乙等', '三级', '二级甲等', '二级乙等', '二级', '一级', '未定级'] as const;
export const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';
export const EXAM_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/exam-items';

export type {
  InstrumentSummary as QcInstrument,
  QcAlarm,
  QcPoint,
  QcStream,
  QualificationInput as RecQualification,
  RecognitionInstitution as RecInstitution,
  RecognitionYear as RecYear,
  YearItem as RecItem,
} from '@medunion/recognition/contracts';

const ADMIN = '/api/recognition/admin';
const QC = '/api/recognition/qc';

export const recognitionAdminApi = {
  institutions: async (q?: string) => (await api<{ institutions: RecognitionInstitution[] }>(`${ADMIN}/institutions`, { query: { q } })).institutions,
  saveInstitution: (organization: string, body: Omit<InstitutionInput, 'organization'>) =>
    api<RecognitionInstitution>(`${ADMIN}/institutions/${encodeURIComponent(organization)}`, { method: 'PUT', body }),
  years: async () => (await api<{ years: RecognitionYear[] }>(`${ADMIN}/years`)).years,
  createYear: (body: { year: number; name?: string; copyFrom?: number }) => api<RecognitionYear>(`${ADMIN}/years`, { method: 'POST', body }),
  items: async (year: number) => (await api<{ items: YearItem[] }>(`${ADMIN}/years/${year}/items`)).items,
  saveItems: async (year: number, items: YearItemInput[]) => (await api<{ items: YearItem[] }>(`${ADMIN}/years/${year}/items`, { method: 'PUT', body: { items } })).items,
  qualifications: async (year: number) => (await api<{ qualifications: Qualification[] }>(`${ADMIN}/years/${year}/qualifications`)).qualifications,
  saveQualifications: async (year: number, entries: QualificationInput[]) =>
    (await api<{ qualifications: Qualification[] }>(`${ADMIN}/years/${year}/qualifications`, { method: 'PUT', body: { entries } })).qualifications,
  alarms: async (institution?: string, open?: boolean) => (await api<{ alarms: QcAlarm[] }>(`${QC}/alarms`, { query: { institution, open: open ? 'true' : undefined } })).alarms,
  clearAlarm: (id: number, note: string) => api<QcAlarm>(`${QC}/alarms/${id}/clear`, { method: 'POST', body: { note } }),
  streams: async (institution: string) => (await api<{ streams: QcStream[] }>(`${QC}/streams`, { query: { institution } })).streams,
  series: async (institution: string, item: string, instrument: string) => (await api<{ points: QcPoint[] }>(`${QC}/series`, { query: { institution, item, instrument } })).points,
  comparison: async (institution: string, item: string) => (await api<{ instruments: InstrumentSummary[] }>(`${QC}/comparison`, { query: { institution, item } })).instruments,
};
