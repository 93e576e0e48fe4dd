import type { QcOverview, StatsDimension, StatsMonth, StatsRow, StatsSummary } from '@medunion/recognition/contracts';
import { api } from '../../api/http.api.ts';
import { postForFile, type DownloadedFile } from '../../api/download.ts';

/** The recognition statistics API (`/api/recognition/stats`); its shapes are the module's HTTP contracts. */
export type { QcOverview, StatsCounts, StatsDimension, StatsMonth, StatsRow, StatsSummary } from '@medunion/recognition/contracts';

const STATS = '/api/recognition/stats';

export interface StatsScope {
  month: string;
  institution?: string;
}

export const statsApi = {
  summary: (s: StatsScope) => api<StatsSummary>(`${STATS}/summary`, { query: { ...s } }),
  breakdown: async (by: StatsDimension, s: StatsScope, limit = 100) => (await api<{ rows: StatsRow[] }>(`${STATS}/breakdown`, { query: { by, ...s, limit: String(limit) } })).rows,
  trend: async (year: number, institution?: string) => (await api<{ months: StatsMonth[] }>(`${STATS}/trend`, { query: { year: String(year), institution } })).months,
  qc: (s: StatsScope) => api<QcOverview>(`${STATS}/qc`, { query: { ...s } }),
  exportBreakdown: (by: StatsDimension, s: StatsScope): Promise<DownloadedFile> => postForFile(`${STATS}/export`, { by, ...s }),
};
