import { api } from '../../api/http.api.ts';
import { postForFile, type DownloadedFile } from '../../api/download.ts';

/** The recognition statistics API (`/api/recognition/stats`), typed for the dashboard. */
export type StatsDimension = 'institution' | 'item' | 'department' | 'doctor' | 'reason';

export interface StatsCounts {
  recognized: number;
  refused: number;
  rate: number | null;
  moneySaved: number;
}

export interface StatsSummary extends StatsCounts {
  from: string;
  to: string;
  institution?: string;
  uploads: number;
  revoked: number;
  offersShown: number;
  producerRecognized: number;
  producerRefused: number;
  producerMoneySaved: number;
}

export interface StatsRow extends StatsCounts {
  key: string | null;
  label: string;
  uploads?: number;
  producerRecognized?: number;
  producerRefused?: number;
  producerMoneySaved?: number;
}

export interface StatsMonth extends StatsCounts {
  month: string;
  uploads: number;
  offersShown: number;
}

export interface QcOverview {
  monitoredItems: number;
  results: number;
  alarmsRaised: number;
  openAlarms: number;
  institutions: { institution: string; label: string; monitoredItems: number; results: number; alarmsRaised: number; openAlarms: number }[];
  items: { item: string; label: string; institutions: number; results: number; openAlarms: number }[];
}

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
