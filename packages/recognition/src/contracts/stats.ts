/** `GET /api/recognition/stats/breakdown?by=`: how rows are grouped. */
export type StatsDimension = 'institution' | 'item' | 'department' | 'doctor' | 'reason';

export interface StatsCounts {
  recognized: number;
  refused: number;
  /** recognised / (recognised + refused); null when nothing was decided. */
  rate: number | null;
  /** 元 */
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
  /** by institution only: its uploads and what others decided on its results. */
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
  from: string;
  to: string;
  monitoredItems: number;
  results: number;
  alarmsRaised: number;
  openAlarms: number;
  institutions: { institution: string; label: string; monitoredItems: number; results: number; alarmsRaised: number; openAlarms: number }[];
  items: { item: string; label: string; institutions: number; results: number; openAlarms: number }[];
}
