import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CpuUse } from '../quiet.ts';
import { fmtBytes, fmtInt, fmtMs, fmtRate, type Latency } from '../stats.ts';

export const RECOGNITION_START = '<!-- bench:recognition:start -->';
export const RECOGNITION_END = '<!-- bench:recognition:end -->';

export interface TableSize {
  table: string;
  /** Planner estimate (`reltuples`, fresh after ANALYZE). */
  rows: number;
  bytes: number;
}

type Load = { before: number[]; after: number[] };

export interface RecognitionResult {
  config: { reports: number; patients: number; clients: number; doctors: number; seconds: number; inCareEvery: number; thinkMs: number };
  patients: { registrations: number; seconds: number; latency: Latency };
  profile: { reports: number; statementsPerReport: number; lab: Latency; top: { shape: string; count: number; ms: number }[] };
  upload: { reports: number; results: number; seconds: number; lab: Latency; exam: Latency; backlogSeconds: number; busyBefore?: number; cpu: CpuUse; load: Load };
  doctors: {
    seconds: number;
    patientsInCare: number;
    list: Latency;
    check: Latency;
    nonEmpty: number;
    duplicates: number;
    busyBefore?: number;
    cpu: CpuUse;
    load: Load;
    /** The same doctors calling back to back: the most the platform serves. */
    saturation: { seconds: number; list: Latency; check: Latency; load: Load };
  };
  tables: TableSize[];
}

export interface RecognitionReport {
  startedAt: Date;
  machine: string;
  config: RecognitionResult['config'];
  result: RecognitionResult;
}

const uptime = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
const busy = (b: number | undefined) => (b === undefined ? '?' : `${(b * 100).toFixed(0)} %`);
const cores = (c: CpuUse) => `${c.machine?.toFixed(2) ?? '?'} cores busy (${c.own.toFixed(2)} the platform process)`;
const latencyCells = (l: Latency) => `${l.n} | ${fmtMs(l.p50)} | ${fmtMs(l.p95)} | **${fmtMs(l.p99)}** | ${fmtMs(l.max)}`;

export function renderRecognitionSection(r: RecognitionReport): string {
  const { result: x, config: c } = r;
  const u = x.upload;
  const d = x.doctors;
  const requests = d.list.n + d.check.n;
  const lines = [
    RECOGNITION_START,
    '## Result recognition (`packages/recognition`, issue 5)',
    '',
    `Run ${r.startedAt.toISOString()} on ${r.machine}, PostgreSQL (a fresh schema). The real platform (modules terminology, mpi, recognition) on one Node process; ` +
      'the clients run in a separate Node process (bench/recognition/load-client.ts) and talk real HTTP with bearer tokens over keep-alive connections. ' +
      `Set-up through the admin and terminology APIs: 3 participating institutions, this year's items = the whole catalogue, 2 uploading institutions qualified for every item with a mapped local dictionary of every catalogue item. ` +
      `${fmtInt(c.patients)} synthetic patients (\`BENCH_REC_PATIENTS\`), each uploaded at 1–2 hospitals and every ${c.inCareEvery}th also at 东岭 (the doctors' institution) — ${fmtInt(x.patients.registrations)} registrations, linked by the patient index. ` +
      `Reports (\`BENCH_REC_REPORTS\`): ~90 % lab reports of one catalogue panel with all its analytes (2–10 results, mean ${fmtRate(u.results / Math.max(1, u.lab.n))}; panels weighted as a county lab orders them, values around the WS/T reference intervals), ~10 % exam reports; collected 0–20 days ago. ` +
      'PBRTQC consumes the uploaded results from the outbox during the upload, as in production. Timed phases run after a warm-up of 200 reports and `ANALYZE` (planner statistics as autovacuum keeps them on a live system).',
    '',
    '| upload | n | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    `| patient registration (\`uploadPatient\`), ${c.clients} clients | ${latencyCells(x.patients.latency)} |`,
    `| lab report, 1 client (statement profile, event bus held) | ${latencyCells(x.profile.lab)} |`,
    `| lab report (\`uploadLabReport\`), ${c.clients} concurrent clients | ${latencyCells(u.lab)} |`,
    `| exam report (\`uploadExamReport\`), ${c.clients} concurrent clients | ${latencyCells(u.exam)} |`,
    '',
    `**Upload throughput: ${fmtRate(u.reports / u.seconds)} reports/s** (${fmtRate(u.results / u.seconds)} results/s; ${fmtInt(u.reports)} reports with ${fmtInt(u.results)} results in ${u.seconds.toFixed(1)} s, ${c.clients} clients, 2 institutions) — aim ≥ 1,000 reports/s. ` +
      `Patients: ${fmtRate(x.patients.registrations / x.patients.seconds)} registrations/s. PBRTQC backlog after the upload: ${u.backlogSeconds.toFixed(1)} s. ` +
      `One lab report costs ${x.profile.statementsPerReport.toFixed(1)} SQL statements (profile of ${x.profile.reports} reports).`,
    '',
    '| doctor side, ' + `${c.doctors} concurrent doctors, ${d.seconds.toFixed(0)} s each` + ' | n | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    `| 互认信息列表 \`GET /v1/recognizable?mrn=\` (listRecognizable), doctors at work (think ${fmtInt(c.thinkMs)} ms) | ${latencyCells(d.list)} |`,
    `| 处方保存校验 \`POST /v1/orders/check\` (checkOrder, 1–4 items), doctors at work | ${latencyCells(d.check)} |`,
    `| listRecognizable, back to back (saturation) | ${latencyCells(d.saturation.list)} |`,
    `| checkOrder, back to back (saturation) | ${latencyCells(d.saturation.check)} |`,
    '',
    `Doctors at work: each calls, then thinks for an exponentially distributed time of mean ${fmtInt(c.thinkMs)} ms (\`BENCH_REC_THINK_MS\`) — one call a second per doctor is far above a clinic's pace (a patient every few minutes, two or three calls each) — ` +
      `${fmtRate(requests / d.seconds)} requests/s over ${fmtInt(d.patientsInCare)} patients in care; ${fmtInt(d.nonEmpty)} of ${fmtInt(d.list.n)} lists were non-empty, ${fmtInt(d.duplicates)} of ${fmtInt(d.check.n)} order checks found a duplicate. Aim: p99 < 50 ms. ` +
      `Back to back (no think time, each doctor's next call as soon as the last answers): ${fmtRate((d.saturation.list.n + d.saturation.check.n) / d.saturation.seconds)} requests/s — the ceiling of one platform process; latency there is queueing (Little's law: ${c.doctors} ÷ rate).`,
    '',
    '| table | rows (estimate) | size |',
    '|---|---:|---:|',
    ...x.tables.map((t) => `| \`${t.table}\` | ${fmtInt(t.rows)} | ${fmtBytes(t.bytes)} |`),
    '',
    '| statement shape (1-client profile) | count | ms |',
    '|---|---:|---:|',
    ...x.profile.top.map((s) => `| \`${s.shape.replaceAll('|', '\\|').slice(0, 140)}\` | ${fmtInt(s.count)} | ${fmtInt(s.ms)} |`),
    '',
    `- Upload: machine busy ${busy(u.busyBefore)} before; ${cores(u.cpu)}; load average (uptime 1/5/15 min) ${uptime(u.load.before)} before, ${uptime(u.load.after)} after.`,
    `- Doctors at work: machine busy ${busy(d.busyBefore)} before; ${cores(d.cpu)}; load average ${uptime(d.load.before)} before, ${uptime(d.load.after)} after; back to back: load average ${uptime(d.saturation.load.before)} before, ${uptime(d.saturation.load.after)} after.`,
    RECOGNITION_END,
  ];
  return lines.join('\n');
}

/** Replaces the section between the recognition markers (or appends it), leaving the rest of the file alone. */
export function updateRecognitionSection(path: string, section: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = current.indexOf(RECOGNITION_START);
  const end = current.indexOf(RECOGNITION_END);
  let next: string;
  if (start >= 0 && end > start) next = current.slice(0, start) + section + current.slice(end + RECOGNITION_END.length);
  else if (current.trim()) next = `${current.replace(/\s*$/, '')}\n\n${section}\n`;
  else next = `# Benchmarks\n\n${section}\n`;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, next);
  renameSync(tmp, path);
}
