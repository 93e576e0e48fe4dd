import type { TatAlert, TatGroupRow, TatOverdueKind, TatStageStatistics, WallScreenData } from '@medunion/lis/contracts';
import { api } from '../../api/http.api.ts';
import type { LabScope } from '../qc/lab.api.ts';
import type { StatsPeriod } from '../stats/stats.api.ts';

/** The LIS turnaround API (`/api/lis/tat`); its shapes are the module's contracts. */
export type { TatAlert, TatGroupRow, TatOverdueItem, TatOverdueKind, TatStage, TatStageStatistics, WallScreenData } from '@medunion/lis/contracts';

const TAT = '/api/lis/tat';
export type TatGroupBy = 'panel' | 'department' | 'section';

export const tatApi = {
  overview: (s: LabScope, p: StatsPeriod) => api<{ from: string; to: string; specimens: number; stages: TatStageStatistics[] }>(`${TAT}/overview`, { query: { institution: s.institution, ...p } }),
  statistics: async (s: LabScope, p: StatsPeriod, by: TatGroupBy) => (await api<{ rows: TatGroupRow[] }>(`${TAT}/statistics`, { query: { institution: s.institution, ...p, by } })).rows,
  overdue: async (s: LabScope, q: { state?: 'open' | 'resolved' | 'all'; kind?: TatOverdueKind; limit?: number } = {}) => (await api<{ alerts: TatAlert[] }>(`${TAT}/overdue`, { query: { institution: s.institution, ...q } })).alerts,
  wall: (s: LabScope) => api<WallScreenData>(`${TAT}/wall-screen`, { query: { institution: s.institution } }),
};
