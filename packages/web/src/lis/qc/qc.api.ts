import type {
  BilingualText,
  LeveyJenningsResponse,
  MonthlyQcReport,
  PbrtqcAlarm,
  PbrtqcSettingsBody,
  PbrtqcSimulationRequest,
  PbrtqcStream,
  QcCorrectiveActionInput,
  QcEvent,
  QcLot,
  QcLotChanges,
  QcLotInput,
  QcManualEntry,
  QcMaterial,
  QcMaterialInput,
  QcRecordOutcome,
  QcResultEntry,
  QcRuleSet,
  QcSampleId,
  QcSampleMove,
  QcStatusReport,
  QcTarget,
  QcTargetInput,
  QcVerdict,
} from '@medunion/lis/contracts';
import { api } from '../../api/http.api.ts';
import { getFile, type LabScope } from './lab.api.ts';
import type { DownloadedFile } from '../../api/download.ts';

/** The LIS QC API (`/api/lis/qc`, packages/lis README "QC, statistics and TAT"); its shapes are the module's contracts. */
export type {
  BilingualText,
  LeveyJenningsResponse,
  PbrtqcAlarm,
  PbrtqcSettingsBody,
  PbrtqcStream,
  QcCauseCategory,
  QcCorrectiveActionInput,
  QcEvent,
  QcLevel,
  QcLot,
  QcMaterial,
  QcPeriodStatistics,
  QcResultEntry,
  QcRuleSet,
  QcSampleId,
  QcTarget,
  QcTargetInput,
  QcVerdict,
  WestgardRuleName,
} from '@medunion/lis/contracts';
export type { LabScope } from './lab.api.ts';

const QC = '/api/lis/qc';

/** One candidate of the bias-detection simulation (labcore CandidateOutcome, as `simulatePbrtqc` returns it). */
export interface SimulationCandidate {
  rank: number;
  name: string;
  label: BilingualText;
  settings: PbrtqcSettingsBody;
  limitsDerived: boolean;
  falseAlarms: number;
  judged: number;
  falseAlarmRate: number;
  qualified: boolean;
  perBias: { biasPercent: number; trials: number; detected: number; anped: number; mnped: number; p95: number }[];
  meanAnped: number;
  reason: BilingualText;
}

/**
 * `simulatePbrtqc`'s answer (packages/lis src/qc/pbrtqc/simulate.ts SimulationResponse). Not in the contracts yet,
 * so it is written out here; the report is labcore's BiasSimulationReport.
 */
export interface SimulationResponse {
  history: { count: number; from: string; to: string; target: number };
  report: { seed: number; trialsPerBias: number; maxAffected: number; maxFalseAlarmRate: number; ranked: SimulationCandidate[]; best: SimulationCandidate | null; reason: BilingualText };
  recommended: PbrtqcSettingsBody | null;
}

export interface QcSeriesQuery {
  testCode: string;
  instrumentId: string;
  from?: string;
  to?: string;
}

const scoped = (s: LabScope, extra: Record<string, string | number | boolean | undefined> = {}) => {
  const query: Record<string, string | number | undefined> = { institution: s.institution };
  for (const [k, v] of Object.entries(extra)) query[k] = typeof v === 'boolean' ? String(v) : v;
  return query;
};

export const qcApi = {
  materials: async (s: LabScope) => (await api<{ materials: QcMaterial[] }>(`${QC}/materials`, { query: scoped(s) })).materials,
  createMaterial: (s: LabScope, input: QcMaterialInput) => api<QcMaterial>(`${QC}/materials`, { method: 'POST', query: scoped(s), body: input }),
  updateMaterial: (s: LabScope, id: string, changes: Partial<QcMaterialInput>) => api<QcMaterial>(`${QC}/materials/${encodeURIComponent(id)}`, { method: 'PUT', query: scoped(s), body: changes }),
  createLot: (s: LabScope, input: QcLotInput) => api<{ lot: QcLot; moved: QcSampleMove[] }>(`${QC}/lots`, { method: 'POST', query: scoped(s), body: input }),
  updateLot: (s: LabScope, id: string, changes: QcLotChanges) => api<QcLot>(`${QC}/lots/${encodeURIComponent(id)}`, { method: 'PUT', query: scoped(s), body: changes }),
  setLevelSamples: (s: LabScope, levelId: string, samples: QcSampleId[]) =>
    api<{ lot: QcLot; moved: QcSampleMove[] }>(`${QC}/levels/${encodeURIComponent(levelId)}/samples`, { method: 'PUT', query: scoped(s), body: { samples } }),

  targets: async (s: LabScope, filter: { testCode?: string; instrumentId?: string; levelId?: string; history?: boolean } = {}) =>
    (await api<{ targets: QcTarget[] }>(`${QC}/targets`, { query: scoped(s, filter) })).targets,
  setTarget: (s: LabScope, input: QcTargetInput) => api<QcTarget>(`${QC}/targets`, { method: 'POST', query: scoped(s), body: input }),
  rules: (s: LabScope, testCode: string) => api<QcRuleSet>(`${QC}/rules/${encodeURIComponent(testCode)}`, { query: scoped(s) }),
  setRules: (s: LabScope, testCode: string, body: Pick<QcRuleSet, 'rules' | 'warningTriggersInspection'>) =>
    api<QcRuleSet>(`${QC}/rules/${encodeURIComponent(testCode)}`, { method: 'PUT', query: scoped(s), body }),

  recordResult: (s: LabScope, entry: QcManualEntry) => api<QcRecordOutcome>(`${QC}/results`, { method: 'POST', query: scoped(s), body: entry }),
  results: async (s: LabScope, q: QcSeriesQuery & { levelId?: string; status?: QcVerdict; limit?: number }) =>
    (await api<{ from: string; to: string; results: QcResultEntry[] }>(`${QC}/results`, { query: scoped(s, { ...q }) })).results,
  status: async (s: LabScope, q: { testCode?: string; instrumentId?: string } = {}) => (await api<{ at: string; statuses: QcStatusReport[] }>(`${QC}/status`, { query: scoped(s, q) })).statuses,
  events: async (s: LabScope, q: { testCode?: string; instrumentId?: string; status?: 'open' | 'closed' | 'all'; from?: string; to?: string }) =>
    (await api<{ events: QcEvent[] }>(`${QC}/events`, { query: scoped(s, q) })).events,
  recordAction: (s: LabScope, eventId: string, input: QcCorrectiveActionInput) => api<QcEvent>(`${QC}/events/${encodeURIComponent(eventId)}/actions`, { method: 'POST', query: scoped(s), body: input }),

  leveyJennings: (s: LabScope, q: QcSeriesQuery) => api<LeveyJenningsResponse>(`${QC}/levey-jennings`, { query: scoped(s, { ...q }) }),
  monthlyReport: (s: LabScope, month: string, filter: { instrumentId?: string; testCode?: string } = {}) => api<MonthlyQcReport>(`${QC}/reports/monthly`, { query: scoped(s, { month, ...filter }) }),
  /** 月度质控报告 as PDF (audited as a print) or Excel (audited as an export). */
  monthlyReportFile: (s: LabScope, month: string, format: 'pdf' | 'xlsx', filter: { instrumentId?: string; testCode?: string } = {}): Promise<DownloadedFile> =>
    getFile(`${QC}/reports/monthly`, scoped(s, { month, format, ...filter })),

  pbrtqc: async (s: LabScope, q: { testCode?: string; instrumentId?: string; points?: number } = {}) => (await api<{ streams: PbrtqcStream[] }>(`${QC}/pbrtqc`, { query: scoped(s, q) })).streams,
  setPbrtqc: (s: LabScope, body: { testCode: string; instrumentId: string; enabled?: boolean; settings: PbrtqcSettingsBody }) => api<unknown>(`${QC}/pbrtqc/settings`, { method: 'PUT', query: scoped(s), body }),
  clearAlarm: (s: LabScope, id: string, note: string) => api<PbrtqcAlarm>(`${QC}/pbrtqc/alarms/${encodeURIComponent(id)}/clear`, { method: 'POST', query: scoped(s), body: { note } }),
  simulate: (s: LabScope, body: PbrtqcSimulationRequest) => api<SimulationResponse>(`${QC}/pbrtqc/simulate`, { method: 'POST', query: scoped(s), body }),
};
