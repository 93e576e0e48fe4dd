import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fmtInt, fmtMs, fmtRate, type Latency } from '../stats.ts';
import type { Accuracy } from './accuracy.ts';

export const MPI_START = '<!-- bench:mpi:start -->';
export const MPI_END = '<!-- bench:mpi:end -->';

export interface MpiBackendResult {
  name: string;
  /** phased: matching timed alone after registration; together: registration and matching at once, timed as a whole. */
  mode?: 'phased' | 'together';
  /** Platform processes: 2 = the golden writer in a process of its own. */
  processes?: number;
  skipped?: string;
  persons: number;
  records: number;
  /** Seconds to write every record (Bundles of `bundleSize`), the index held. */
  ingestSeconds: number;
  /** Seconds for the index to match every queued record, nothing else running. */
  matchSeconds: number;
  accuracy?: Accuracy;
  queries: { label: string; latency: Latency }[];
  busyBefore?: number;
  cpu?: { machine?: number; own: number };
  /** 1-minute load average when matching started and after the queries (other sessions may share the machine). */
  load?: { matching: number; queries: number };
}

export interface MpiReport {
  startedAt: Date;
  machine: string;
  persons: number;
  bundleSize: number;
  results: MpiBackendResult[];
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

export function renderMpiSection(r: MpiReport): string {
  const lines = [
    MPI_START,
    '## Master patient index (`packages/mpi`)',
    '',
    `Run ${r.startedAt.toISOString()} on ${r.machine}; ${fmtInt(r.persons)} synthetic persons (\`BENCH_MPI_PERSONS\`), registered at 1–4 institutions each with realistic desk errors (bench/mpi/population.ts). ` +
      `Records are written as system through \`store.bundle\` in transaction Bundles of ${r.bundleSize}. Phased runs hold the event bus meanwhile ("registered/s"), then release it and ` +
      'the index matches the queued registrations alone, in commit order, in batches of up to 500 per index transaction, while its second subscriber rewrites the touched golden Patients beside the next batch ("matched registrations/s": records ÷ time until both have settled). ' +
      'Together runs register with the index running and time everything from the first registration until both subscribers have settled ("matched registrations/s" is then registration and matching in one). ' +
      'Accuracy is pairwise against the ground truth; open review items count as not linked. ' +
      'PDQm/PIXm latencies are real HTTP requests (bearer token, JSON) against the loaded index, one at a time, after `ANALYZE` of the tables (as autovacuum would have done).',
    '',
    '| backend | records | registered/s | matched registrations/s | precision | recall | F1 | golden records (persons) | review queue (truly same) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const b of r.results) {
    if (b.skipped) {
      lines.push(`| ${b.name} | – | – | – | – | – | – | – | ${b.skipped} |`);
      continue;
    }
    const a = b.accuracy!;
    lines.push(
      `| ${b.name}${b.mode === 'together' ? ' (together)' : ''}${(b.processes ?? 1) > 1 ? `, ${b.processes} processes` : ''} | ${fmtInt(b.records)} | ${fmtRate(b.records / b.ingestSeconds)} (${b.ingestSeconds.toFixed(1)} s) | **${fmtRate(b.records / b.matchSeconds)}** (${b.matchSeconds.toFixed(1)} s) | ${pct(a.precision)} | ${pct(a.recall)} | **${a.f1.toFixed(4)}** | ${fmtInt(a.goldens)} (${fmtInt(a.persons)}) | ${fmtInt(a.reviewOpen)} (${fmtInt(a.reviewTrue)}) |`,
    );
  }
  lines.push('', '| backend | query | n | p50 ms | p95 ms | p99 ms | max ms |', '|---|---|---:|---:|---:|---:|---:|');
  for (const b of r.results.filter((x) => !x.skipped)) {
    // A | inside a table cell (even in code) ends the cell unless escaped.
    for (const q of b.queries) lines.push(`| ${b.name} | ${q.label.replaceAll('|', '\\|')} | ${q.latency.n} | ${fmtMs(q.latency.p50)} | ${fmtMs(q.latency.p95)} | **${fmtMs(q.latency.p99)}** | ${fmtMs(q.latency.max)} |`);
  }
  const notes = r.results.filter((b) => !b.skipped).map((b) => `${b.name}: machine busy ${b.busyBefore === undefined ? '?' : `${(b.busyBefore * 100).toFixed(0)} %`} before the run; during matching ${b.cpu?.machine?.toFixed(2) ?? '?'} cores busy, ${b.cpu?.own.toFixed(2)} of them this process; load average ${b.load?.matching.toFixed(1) ?? '?'} when matching started, ${b.load?.queries.toFixed(1) ?? '?'} after the queries`);
  lines.push('', ...notes.map((n) => `- ${n}`), MPI_END);
  return lines.join('\n');
}

/** Replaces the section between the mpi markers (or appends it), leaving the rest of the file alone. */
export function updateMpiSection(path: string, section: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = current.indexOf(MPI_START);
  const end = current.indexOf(MPI_END);
  let next: string;
  if (start >= 0 && end > start) next = current.slice(0, start) + section + current.slice(end + MPI_END.length);
  else if (current.trim()) next = `${current.replace(/\s*$/, '')}\n\n${section}\n`;
  else next = `# Benchmarks\n\n${section}\n`;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, next);
  renameSync(tmp, path);
}
