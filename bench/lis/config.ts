import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export type LisBackend = 'pglite' | 'postgres';

/** The LIS benchmark's knobs (bench/README.md, "LIS benchmark"). */
export interface LisConfig {
  /** Specimens (tubes) ingested: half chemistry (ASTM), half blood counts (HL7); one requisition makes one of each. */
  specimens: number;
  astm: number;
  hl7: number;
  /** Every n-th specimen is asked for by host query before its results (0 = never). */
  queryEvery: number;
  /** Requisitions ingested before the timed run (not counted), then ANALYZE. */
  warmup: number;
  /** Blood counts carry the analyzer's WBC histogram (an image and a count array), as Mindray BC analyzers send them. */
  histograms: boolean;
  /** Reports rendered per PDF measurement. */
  pdfs: number;
  pdfClients: number;
  /** Concurrent HTTP clients placing orders and receiving tubes in the set-up. */
  setupClients: number;
  backends: LisBackend[];
  databaseUrl: string;
  out: string;
  quietWait: number;
  keep: boolean;
}

function intEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, not "${raw}"`);
  return n;
}

export function readLisConfig(): LisConfig {
  const backends = (process.env.BENCH_LIS_BACKENDS ?? 'postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`BENCH_LIS_BACKENDS: unknown backend "${b}" (pglite, postgres)`);
  const specimens = intEnv('BENCH_LIS_SPECIMENS', 2_000, 4);
  return {
    // Whole requisitions: each makes one chemistry and one blood-count tube.
    specimens: specimens + (specimens % 2),
    astm: intEnv('BENCH_LIS_ASTM', 2, 1),
    hl7: intEnv('BENCH_LIS_HL7', 2, 1),
    queryEvery: intEnv('BENCH_LIS_QUERY_EVERY', 10),
    warmup: intEnv('BENCH_LIS_WARMUP', 20),
    histograms: process.env.BENCH_LIS_HISTOGRAMS !== '0',
    pdfs: intEnv('BENCH_LIS_PDFS', 100, 2),
    pdfClients: intEnv('BENCH_LIS_PDF_CLIENTS', 4, 1),
    setupClients: intEnv('BENCH_LIS_SETUP_CLIENTS', 4, 1),
    backends: backends as LisBackend[],
    databaseUrl: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    out: resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md'),
    quietWait: intEnv('BENCH_QUIET_WAIT', 30),
    keep: process.env.BENCH_KEEP === '1',
  };
}
