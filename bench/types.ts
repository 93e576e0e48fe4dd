import type { StatementStats } from './instrument.ts';
import type { CpuUse, QuietCheck } from './quiet.ts';
import type { Latency } from './stats.ts';

export interface BenchConfig {
  resources: number;
  backends: ('pglite' | 'postgres')[];
  queries: number;
  warmup: number;
  singles: number;
  bundles: number;
  growthWriters: number;
  databaseUrl: string;
  out: string;
  keep: boolean;
  explain: boolean;
  /** Longest wait for other processes to go quiet before a timed phase (seconds). */
  quietWait: number;
  /** Time cap for the timed queries of one search kind (seconds). */
  searchSeconds: number;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  ramBytes: number;
  node: string;
  os: string;
  postgres: string;
  pglite: string;
  loadAvg: number[];
  /** sha256 of the kernel sources the run exercised (the store is edited concurrently; this ties numbers to code). */
  sourceFingerprint: string;
  sourceNewest: string;
  /** Set when the sources differed at the end of the run. */
  sourceChangedDuringRun?: string;
}

export interface WriteRow {
  label: string;
  resources: number;
  seconds: number;
  /** Latency per call (a create, or a whole bundle), when meaningful. */
  latency?: Latency;
  peer?: string;
  cpu?: CpuUse;
}

export interface SearchRow {
  key: string;
  label: string;
  example: string;
  principal: 'system' | 'doctor';
  latency: Latency;
  /** Average number of resources returned (matches + included). */
  avgReturned: number;
  /** Average `total` when requested. */
  avgTotal?: number;
  /** Queries that returned nothing. */
  empty: number;
  cpu?: CpuUse;
}

export interface PlanRow {
  key: string;
  label: string;
  example: string;
  statements: { sql: string; params: readonly unknown[]; plan: string; executionMs?: number }[];
}

export interface StorageRow {
  table: string;
  rows: number;
  totalBytes: number;
  indexBytes: number;
}

export interface BackendResult {
  name: 'pglite' | 'postgres';
  title: string;
  skipped?: string;
  location?: string;
  serverVersion?: string;
  notes: string[];
  writes: WriteRow[];
  growth?: { resources: number; seconds: number; writers: number; bundles: number };
  analyzeSeconds?: number;
  /** `show autovacuum`, and how many tables autovacuum had analyzed when loading finished. */
  autovacuum?: string;
  autoAnalyzed?: string;
  totalResources?: number;
  byType?: Record<string, number>;
  searches: SearchRow[];
  /** Statement profile of one 100-entry transaction bundle and of single creates, per resource. */
  bundleProfile?: { resources: number; wallMs: number; stats: [string, StatementStats][] };
  singleProfile?: { resources: number; wallMs: number; stats: [string, StatementStats][] };
  storage: StorageRow[];
  plans: PlanRow[];
  quiet: QuietCheck[];
  seconds: number;
}

export interface CpuCost {
  resourceType: string;
  validateMs: number;
  extractMs: number;
  indexRows: number;
}
