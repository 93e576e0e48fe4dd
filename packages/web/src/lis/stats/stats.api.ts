import type { AbnormalRateRow, IncomeRow, LabResultRow, TestStatisticsResponse, VolumeRow, WorkloadResponse } from '@medunion/lis/contracts';
import { api } from '../../api/http.api.ts';
import { postForFile, type DownloadedFile } from '../../api/download.ts';
import type { LabScope } from '../qc/lab.api.ts';

/** The LIS statistics API (`/api/lis/stats`, permission `lis.stats`); its shapes are the module's contracts. */
export type { AbnormalRateRow, IncomeRow, LabResultRow, TestStatisticsResponse, VolumeRow, WorkloadResponse } from '@medunion/lis/contracts';

const STATS = '/api/lis/stats';

/** Whole days in China time, both inclusive (the server's periods). */
export interface StatsPeriod {
  from: string;
  to: string;
}

export type WorkloadBy = WorkloadResponse['by'];
export type VolumeBy = 'department' | 'doctor' | 'panel' | 'section';
export type ReportKind = 'workload' | 'abnormal' | 'volume' | 'income' | 'test' | 'results' | 'tat';

/** 检验结果查询 conditions (any of them; the period is the collection time). */
export interface ResultQuery {
  name?: string;
  inpatientNo?: string;
  instrumentId?: string;
  barcode?: string;
  doctor?: string;
  testCode?: string;
}

export interface IncomeTotal {
  orders: number;
  amount: number;
  amountTested: number;
  amountUntested: number;
}

const q = (s: LabScope, p: StatsPeriod, extra: Record<string, string | number | undefined> = {}) => ({ institution: s.institution, from: p.from, to: p.to, ...extra });

export const statsApi = {
  workload: (s: LabScope, p: StatsPeriod, by: WorkloadBy) => api<WorkloadResponse>(`${STATS}/workload`, { query: q(s, p, { by }) }),
  abnormal: async (s: LabScope, p: StatsPeriod, instrumentId?: string) => (await api<{ rows: AbnormalRateRow[] }>(`${STATS}/abnormal`, { query: q(s, p, { instrumentId }) })).rows,
  volume: async (s: LabScope, p: StatsPeriod, by: VolumeBy) => (await api<{ rows: VolumeRow[] }>(`${STATS}/volume`, { query: q(s, p, { by }) })).rows,
  income: (s: LabScope, p: StatsPeriod, by: VolumeBy) => api<{ rows: IncomeRow[]; total: IncomeTotal }>(`${STATS}/income`, { query: q(s, p, { by }) }),
  test: (s: LabScope, p: StatsPeriod, testCode: string, options: { instrumentId?: string; bins?: number } = {}) =>
    api<TestStatisticsResponse>(`${STATS}/tests/${encodeURIComponent(testCode)}`, { query: q(s, p, options) }),
  results: (s: LabScope, p: StatsPeriod, query: ResultQuery, limit = 200) => api<{ from: string; to: string; rows: LabResultRow[]; more: boolean }>(`${STATS}/results`, { query: q(s, p, { ...query, limit }) }),
  /** Excel of a report (streamed by the server; audited as an export). */
  export: (s: LabScope, p: StatsPeriod, report: ReportKind, extra: { by?: string } & ResultQuery = {}): Promise<DownloadedFile> =>
    postForFile(`${STATS}/export`, { report, ...(s.institution ? { institution: s.institution } : {}), from: p.from, to: p.to, ...extra }),
};
