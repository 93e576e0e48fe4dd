// Shapes of the LIS area 5 API (QC, statistics, TAT: /api/lis/qc, /api/lis/stats, /api/lis/tat). Types only.

/** Text in both languages, as labcore explains its decisions. */
export interface BilingualText {
  'zh-CN': string;
  en: string;
}

export type QcVerdict = 'accept' | 'warning' | 'reject';
export type QcStatusValue = 'in-control' | 'warning' | 'out-of-control' | 'unknown';

// ---- QC configuration -----------------------------------------------------------------------------------------

export interface QcSampleId {
  sampleId: string;
  /** Absent: any analyzer of the laboratory reports this control under that id. */
  instrumentId?: string;
}

export interface QcLevel {
  id: string;
  /** 水平: 1, 2, 3 or L, N, H as printed on the vial. */
  level: string;
  name?: string;
  samples: QcSampleId[];
}

export interface QcLot {
  id: string;
  materialId: string;
  lotNo: string;
  /** YYYY-MM-DD. */
  expiresOn: string;
  expired: boolean;
  active: boolean;
  levels: QcLevel[];
}

export interface QcMaterial {
  id: string;
  name: string;
  manufacturer?: string;
  /** 基质, e.g. 人血清, 全血, 尿液. */
  matrix?: string;
  active: boolean;
  lots: QcLot[];
  updatedAt: string;
  updatedBy: string;
}

export interface QcMaterialInput {
  name: string;
  manufacturer?: string;
  matrix?: string;
  active?: boolean;
}

export interface QcLotInput {
  materialId: string;
  lotNo: string;
  expiresOn: string;
  levels: { level: string; name?: string; samples?: QcSampleId[] }[];
}

export interface QcLotChanges {
  expiresOn?: string;
  active?: boolean;
}

/** What a lot creation or sample change did to sample ids other levels held (a new lot takes over QC1). */
export interface QcSampleMove {
  sampleId: string;
  instrumentId?: string;
  fromLevelId: string;
  toLevelId: string;
}

export interface QcTarget {
  id: string;
  testCode: string;
  instrumentId: string;
  levelId: string;
  mean: number;
  sd: number;
  /** SD / mean × 100. */
  cv: number | null;
  /** fixed: entered (e.g. from the insert sheet or the lab's own); cumulative: computed from results of a period. */
  source: 'fixed' | 'cumulative';
  basis?: { from: string; to: string; count: number } | null;
  validFrom: string;
  /** null while in force. */
  validTo: string | null;
  reason?: string;
  setBy: string;
  setByName?: string;
  setAt: string;
}

export interface QcTargetInput {
  testCode: string;
  instrumentId: string;
  levelId: string;
  source: 'fixed' | 'cumulative';
  /** fixed */
  mean?: number;
  sd?: number;
  /** fixed, instead of sd: CV in percent. */
  cv?: number;
  /** cumulative: the period whose results make the target (dates, China time). */
  from?: string;
  to?: string;
  /** cumulative: fewest results accepted (default 20, as WS/T 641 asks for a new lot). */
  minResults?: number;
  /** When the target takes effect (default now); not before the version in force. */
  validFrom?: string;
  reason?: string;
}

export type WestgardRuleName = '1-2s' | '1-3s' | '2-2s' | 'R-4s' | '4-1s' | '10x' | '2of3-2s' | '3-1s' | '6x' | '8x' | '9x' | '12x';
export type WestgardScopeName = 'within-run' | 'across-runs-within-level' | 'across-runs-across-levels';

export interface QcRuleSet {
  testCode: string;
  rules: (WestgardRuleName | { rule: WestgardRuleName; severity?: 'warning' | 'reject'; scopes?: WestgardScopeName[] })[];
  warningTriggersInspection?: boolean;
  /** true when the test has no rule set of its own and the default (1-2s warning; 1-3s, 2-2s, R-4s, 4-1s, 10x reject) applies. */
  isDefault: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

// ---- QC results, events, status -------------------------------------------------------------------------------

export interface QcViolation {
  rule: WestgardRuleName;
  severity: 'warning' | 'reject';
  scope: WestgardScopeName;
  side: 'high' | 'low' | 'both';
  resultIds: string[];
  runIds: string[];
  reason: BilingualText;
}

export interface QcResultEntry {
  id: string;
  runId: string;
  testCode: string;
  instrumentId: string;
  levelId: string;
  level: string;
  lotNo: string;
  materialName: string;
  measuredAt: string;
  value: number;
  targetMean: number | null;
  targetSd: number | null;
  z: number | null;
  /** null: no target in force, not judged. */
  status: QcVerdict | null;
  runStatus: QcVerdict | null;
  violations: QcViolation[];
  reason: BilingualText | null;
  excluded: boolean;
  source: 'instrument' | 'manual';
  enteredBy: string;
  enteredByName?: string;
}

export interface QcManualEntry {
  instrumentId: string;
  testCode: string;
  /** The level measured (or `sampleId` as the analyzer would report it). */
  levelId?: string;
  sampleId?: string;
  value: number;
  measuredAt: string;
}

export interface QcRecordOutcome {
  result: QcResultEntry;
  run: { id: string; status: QcVerdict | null; violations: QcViolation[]; reason: BilingualText | null; results: QcResultEntry[] };
  /** The out-of-control event the run opened or joined. */
  event?: QcEvent;
}

export type QcCauseCategory = 'reagent' | 'calibration' | 'control-material' | 'instrument' | 'operator' | 'environment' | 'random' | 'other';

export interface QcCorrectiveAction {
  id: string;
  eventId: string;
  causeCategory: QcCauseCategory;
  cause: string;
  action: string;
  rerunRunId?: string;
  closes: boolean;
  performedAt: string;
  performedBy: string;
  performedByName?: string;
  recordedAt: string;
}

export interface QcEvent {
  id: string;
  testCode: string;
  instrumentId: string;
  openedAt: string;
  openedRunId: string;
  lastRejectedAt: string;
  rules: WestgardRuleName[];
  reason: BilingualText;
  status: 'open' | 'closed';
  closedAt?: string;
  closedBy?: string;
  closedByName?: string;
  actions: QcCorrectiveAction[];
}

export interface QcCorrectiveActionInput {
  causeCategory: QcCauseCategory;
  cause: string;
  action: string;
  /** The accepted re-run that showed the problem solved. */
  rerunRunId?: string;
  /** Close the event with this action (失控处理完毕). */
  close?: boolean;
  performedAt?: string;
}

export interface QcStatusReport {
  testCode: string;
  instrumentId: string;
  at: string;
  status: QcStatusValue;
  reason?: string;
}

// ---- charts and reports ----------------------------------------------------------------------------------------

export interface QcLevelSeries {
  /** `<material id>:<level>`: one control level across its lots (a lot change starts a new target segment). */
  key: string;
  label: string;
  materialName: string;
  level: string;
  lots: string[];
}

export interface QcPeriodStatistics {
  key: string;
  label: string;
  count: number;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  min: number | null;
  max: number | null;
  targetMean: number | null;
  targetSd: number | null;
  targetCv: number | null;
  biasPercent: number | null;
  sdRatio: number | null;
}

export interface LeveyJenningsResponse {
  testCode: string;
  testName: string;
  instrumentId: string;
  instrumentName: string;
  from: string;
  to: string;
  series: QcLevelSeries[];
  /** labcore LeveyJenningsChart: z lines and, per level key, target segments and points with their rules. */
  chart: {
    zLines: { z: number; label: string }[];
    levels: {
      level: string;
      segments: { from: number; to: number; mean: number; sd: number; lines: { z: number; label: string; value: number }[] }[];
      points: { id: string; runId: string; time: number; value: number; z: number; excluded: boolean; status: QcVerdict; rules: WestgardRuleName[] }[];
    }[];
  };
  statistics: QcPeriodStatistics[];
  events: QcEvent[];
}

export interface MonthlyQcRow {
  testCode: string;
  testName: string;
  instrumentId: string;
  instrumentName: string;
  key: string;
  label: string;
  lotNos: string[];
  targetMean: number | null;
  targetSd: number | null;
  targetCv: number | null;
  count: number;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  biasPercent: number | null;
  warnings: number;
  rejects: number;
  /** Rule → how many results of this level took part in breaking it. */
  rules: Record<string, number>;
}

export interface MonthlyQcReport {
  institution: string;
  month: string;
  from: string;
  to: string;
  rows: MonthlyQcRow[];
  events: (QcEvent & { testName: string; instrumentName: string })[];
  runs: { total: number; accepted: number; warnings: number; rejected: number };
}

// ---- PBRTQC ----------------------------------------------------------------------------------------------------

export interface PbrtqcSettingsBody {
  statistic: 'moving-average' | 'moving-median' | 'ewma';
  blockSize?: number;
  lambda?: number;
  target: number;
  truncation?: { low: number; high: number; mode?: 'exclude' | 'winsorize' };
  limits: { low: number; high: number };
}

export interface PbrtqcAlarm {
  id: string;
  testCode: string;
  instrumentId: string;
  openedAt: string;
  direction: 'high' | 'low';
  statistic: number;
  reason: BilingualText;
  observationId?: string;
  clearedAt?: string;
  clearedBy?: string;
  clearedByName?: string;
  clearNote?: string;
}

export interface PbrtqcStream {
  testCode: string;
  testName: string;
  instrumentId: string;
  instrumentName: string;
  enabled: boolean;
  settings: PbrtqcSettingsBody;
  label: BilingualText;
  updatedAt: string;
  updatedBy: string;
  points: { at: string; value: number; included: boolean; statistic: number | null; alarm: 'high' | 'low' | null }[];
  openAlarm: PbrtqcAlarm | null;
  alarms: PbrtqcAlarm[];
}

export interface PbrtqcSimulationRequest {
  testCode: string;
  instrumentId: string;
  from?: string;
  to?: string;
  biasesPercent?: number[];
  statistics?: ('moving-average' | 'moving-median' | 'ewma')[];
  blockSizes?: number[];
  lambdas?: number[];
  /** Try truncation at the history's 1st/99th percentiles as well as none (default true). */
  truncate?: boolean;
  falseAlarmRate?: number;
  trialsPerBias?: number;
  seed?: number;
}

// ---- statistics ------------------------------------------------------------------------------------------------

export interface StatsRow {
  key: string;
  label: string;
  [measure: string]: string | number | null;
}

export interface WorkloadResponse {
  by: 'day' | 'section' | 'instrument' | 'panel';
  from: string;
  to: string;
  rows: { key: string; label: string; specimens: number; tests: number }[];
  total: { specimens: number; tests: number };
}

export interface AbnormalRateRow {
  testCode: string;
  testName: string;
  results: number;
  abnormal: number;
  high: number;
  low: number;
  critical: number;
  positive: number;
  /** abnormal / results. */
  abnormalRate: number | null;
  positiveRate: number | null;
}

export interface VolumeRow {
  key: string;
  label: string;
  orders: number;
  specimens: number;
  tests: number;
  amount: number;
}

export interface IncomeRow {
  key: string;
  label: string;
  orders: number;
  tested: number;
  untested: number;
  amountTested: number;
  amountUntested: number;
  amount: number;
}

export interface TestStatisticsResponse {
  testCode: string;
  testName: string;
  unit?: string;
  from: string;
  to: string;
  instrumentId?: string;
  count: number;
  mean: number | null;
  sd: number | null;
  cv: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
  p5: number | null;
  p95: number | null;
  histogram: { low: number; high: number; count: number }[];
  trend: { day: string; count: number; mean: number | null; sd: number | null }[];
}

export interface LabResultRow {
  observationId: string;
  patientId?: string;
  patientName?: string;
  barcode?: string;
  testCode?: string;
  testName?: string;
  value?: string;
  unit?: string;
  flag?: string;
  status: string;
  effective?: string;
  instrumentId?: string;
  requester?: string;
}

// ---- TAT -------------------------------------------------------------------------------------------------------

export type TatStage = 'collection-receipt' | 'receipt-result' | 'result-review' | 'receipt-report' | 'order-report';

export interface TatStageStatistics {
  stage: TatStage;
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
  /** receipt-report only: share of specimens reported within their panel's TAT target. */
  withinTarget?: number | null;
}

export interface TatGroupRow {
  key: string;
  label: string;
  specimens: number;
  stages: TatStageStatistics[];
}

export type TatOverdueKind = 'not-received' | 'not-registered' | 'not-reviewed';

export interface TatOverdueItem {
  specimenId: string;
  barcode: string | null;
  kind: TatOverdueKind;
  /** From when the clock of this kind runs (collection, receipt). */
  since: string;
  dueAt: string;
  overdueMinutes: number;
  panels: string[];
  department: string | null;
  priority: string | null;
  status: string;
}

export interface TatAlert extends TatOverdueItem {
  id: string;
  raisedAt: string;
  resolvedAt: string | null;
}

export interface WallScreenData {
  institution: string;
  at: string;
  /** Specimens of today and still open ones, by LIS status. */
  counts: Record<string, number>;
  overdue: TatOverdueItem[];
  today: { reported: number; withinTarget: number | null; receiptToReport: TatStageStatistics };
  /** Received and reported per hour of today (China time). */
  hourly: { hour: number; received: number; reported: number }[];
}
