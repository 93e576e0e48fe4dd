// Shapes of /api/lis/results/… and /api/lis/reports/… (area 4: results, review, reports). Types only.

/** A result flag: labcore's (HL7 table 0078 plus `implausible`), null when no range applies. */
export type ResultFlagCode = 'N' | 'L' | 'H' | 'LL' | 'HH' | 'A' | 'AA' | 'implausible';

/** One result of a specimen as the bench and the review screen show it. */
export interface ResultRow {
  observationId: string;
  testCode: string;
  testName: string;
  abbreviation?: string;
  /** As stored: a number (`5.6`), a bound (`<0.10`) or text (`阴性`). */
  value: string;
  unit?: string;
  flag: ResultFlagCode | null;
  /** ↑ ↓ ↑↑ ↓↓ * ? (labcore's display symbol). */
  symbol: string;
  referenceRange?: string;
  status: string;
  source: 'instrument' | 'manual' | 'calculated';
  instrumentId?: string;
  instrumentFlags: string[];
  delta?: { status: string; previousValue?: number; reason: string };
  autoverification?: { decision: 'verify' | 'hold'; reasons: string[]; at: string };
  critical: boolean;
}

export interface ReportSummary {
  reportId: string;
  reportNo: string;
  status: string;
  section: string;
  panels: string[];
  specimenId: string;
  barcode: string;
  patientId: string;
  patientName: string;
  reviewedAt?: string;
  reviewer?: string;
  printedCount: number;
  lastPrintedAt?: string;
  department?: string;
  doctor?: string;
  collectedAt?: string;
  /** 互认 push status, when the institution pushes. */
  recognition?: RecognitionPushStatus;
}

export interface SpecimenResults {
  specimenId: string;
  barcode: string;
  patientId: string;
  status: string;
  /** Ordered tests without a result yet (漏项). */
  missing: string[];
  results: ResultRow[];
  reports: ReportSummary[];
}

export interface EnterResultsResponse {
  observations: ResultRow[];
  reports: ReportSummary[];
}

/** One outcome of a batch review: reviewed, or refused with the OperationOutcome's text. */
export interface ReviewOutcome {
  reportId: string;
  outcome: 'reviewed' | 'refused';
  status?: number;
  reasons?: string[];
}

export interface CriticalValueItem {
  taskId: string;
  status: 'open' | 'acknowledged';
  raisedAt: string;
  observationId: string;
  patientId: string;
  patientName?: string;
  testCode?: string;
  testName?: string;
  value: string;
  unit?: string;
  flag: ResultFlagCode | null;
  department?: string;
  message: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  note?: string;
}

/** One version of a result (the revision trail). */
export interface ResultHistoryEntry {
  version: number;
  at: string;
  by?: string;
  status: string;
  value: string;
  unit?: string;
  flag: ResultFlagCode | null;
}

export interface TrendPoint {
  time: string;
  value: number | null;
  text: string;
  flag: ResultFlagCode | null;
  reportId?: string;
  referenceLow?: number;
  referenceHigh?: number;
}

/** A test's released results over time, for the EMR / doctor-station chart (走趋图). */
export interface TrendSeries {
  testCode: string;
  testName: string;
  unit?: string;
  points: TrendPoint[];
}

export interface PatientResults {
  patientId: string;
  reports: (ReportSummary & { results: ResultRow[] })[];
  trends: TrendSeries[];
}

export interface ReportTemplateOptions {
  pageSize: 'A4' | 'A5' | 'B5';
  orientation: 'portrait' | 'landscape';
  /** More result rows than this print in two columns (双列). */
  doubleColumnAbove: number;
  /** Header text under the institution's name (e.g. 检验报告单). */
  title: string;
  subtitle?: string;
  footerNote?: string;
  showHistograms: boolean;
  showSignature: boolean;
  showQrCode: boolean;
  fontSize: number;
}

export interface ReportTemplate {
  institution: string;
  /** Lab section code; '' = every section without its own template. */
  section: string;
  version: number;
  options: ReportTemplateOptions;
  createdBy: string;
  createdAt: string;
}

/** The public anti-counterfeit check: what a report's QR code proves, and nothing more. */
export interface VerifyAnswer {
  found: boolean;
  reportNo?: string;
  institution?: string;
  patientInitials?: string;
  reviewedAt?: string;
  /** The report as stored now is the one released under this code (and the QR's digest, if given, matches). */
  hashMatch?: boolean;
  /** `valid`, `withdrawn` (un-reviewed or recalled) or `unknown` code. */
  state: 'valid' | 'withdrawn' | 'unknown';
  message: string;
}

export interface RecognitionPushStatus {
  /** What the LIS wants the platform to hold: the report uploaded, or revoked. */
  wanted: 'upload' | 'revoke';
  status: 'pending' | 'uploaded' | 'revoked' | 'failed' | 'skipped';
  attempts: number;
  lastError?: string;
  /** Report numbers on the platform (one per panel mapped to a regional item). */
  pushed: string[];
  /** Panels or results not pushed, with why (not mapped to the regional catalogue). */
  skipped: string[];
  updatedAt: string;
}

export interface PrintLogEntry {
  printedAt: string;
  printedBy: string;
  copyNo: number;
  reprint: boolean;
}
