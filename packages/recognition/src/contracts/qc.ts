export interface QcAlarm {
  id: number;
  institution: string;
  institutionName?: string;
  item: string;
  itemName?: string;
  instrument?: string;
  rule?: string;
  reason: string;
  details?: Record<string, unknown>;
  raisedAt: string;
  clearedAt?: string;
  clearedBy?: string;
  clearNote?: string;
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
  ewmaLow: number;
  ewmaHigh: number;
  rule: string | null;
}

export interface QcStream {
  institution: string;
  item: string;
  itemName?: string;
  instrument: string;
  points: number;
  lastAt?: string;
  ma: number | null;
  ewma: number | null;
  target?: number;
  openAlarm: boolean;
}

export interface InstrumentSummary {
  instrument: string;
  results: number;
  included: number;
  /** Mean of the included results in the period and its bias against the target, in %. */
  mean: number | null;
  biasPercent: number | null;
  openAlarm: boolean;
  points: QcPoint[];
}
