/**
 * LIS benchmark (`BENCH_SUITES=lis npm run bench`): issue 6's figures — results ingested/s from concurrent ASTM and
 * HL7 analyzers, auto-verification throughput, report PDFs/s (aim < 100 ms per A4 report) — through the real
 * platform, on PostgreSQL (a fresh schema, dropped afterwards) and optionally PGlite (`BENCH_LIS_BACKENDS`).
 *
 * Per backend: the lab is set up through the LIS APIs (catalogue, analyzers, QC; bench/lis/setup.ts), patients are
 * written, a separate load-client process places and accessions the orders and receives the tubes, runs each
 * analyzer's control, then — after a warm-up and ANALYZE — connects every simulated analyzer at once and sends
 * every tube's results (bench/lis/ingest.ts), timed until each tube's report is complete in the database. Then, in
 * process: labcore's AUTO10 engine over the run's reports (engine.ts) and the report renderer (pdf.ts); over HTTP
 * from the load client: the report PDF route, one client and several.
 *
 * Environment (bench/README.md, "LIS benchmark"): BENCH_LIS_SPECIMENS, BENCH_LIS_ASTM, BENCH_LIS_HL7,
 * BENCH_LIS_QUERY_EVERY, BENCH_LIS_WARMUP, BENCH_LIS_HISTOGRAMS, BENCH_LIS_PDFS, BENCH_LIS_PDF_CLIENTS,
 * BENCH_LIS_SETUP_CLIENTS, BENCH_LIS_BACKENDS, BENCH_DATABASE_URL, BENCH_OUT, BENCH_QUIET_WAIT, BENCH_KEEP=1.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../packages/kernel/src/config.ts';
import type { ModuleContext } from '../../packages/kernel/src/index.ts';
import { buildPlatform, type Platform } from '../../packages/server/src/app.ts';
import { bootstrap } from '../../packages/server/src/bootstrap/bootstrap.ts';
import { openPgliteBackend, openPostgresBackend, probePostgres, type OpenedBackend } from '../backends.ts';
import { InstrumentedDb } from '../instrument.ts';
import { cpuMeter, waitForQuiet } from '../quiet.ts';
import { fmtRate, summarize } from '../stats.ts';
import { readLisConfig, type LisConfig } from './config.ts';
import { analyzeOwnTables, reportsToPrint, runCounts } from './db.ts';
import { benchEngine } from './engine.ts';
import { ingest } from './ingest.ts';
import { runJob, runSimpleJob } from './jobs.ts';
import { renderInProcess } from './pdf.ts';
import { LAB } from './patients.ts';
import { SECTION_OF } from './progress.ts';
import { renderLisSection, updateLisSection, type LisRun } from './report.ts';
import { settleEvents } from './settle.ts';
import { setUpLab, waitForQcInControl, writePatients, type Lab } from './setup.ts';

const ADMIN_PASSWORD = 'Bench@12345';

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] [lis] ${message}`);

export async function runLisBench(): Promise<void> {
  const config = readLisConfig();
  const started = performance.now();
  const startedAt = new Date();
  console.log(`LIS benchmark: ${JSON.stringify({ ...config, databaseUrl: undefined, out: undefined })}`);
  let postgres = 'not run';
  if (config.backends.includes('postgres')) {
    const probe = await probePostgres(config.databaseUrl);
    if ('error' in probe) throw new Error(`LIS benchmark needs PostgreSQL at ${config.databaseUrl}: ${probe.error}`);
    postgres = probe.version.split(' on ')[0];
  }
  const runs: LisRun[] = [];
  for (const name of config.backends) {
    const backend = name === 'postgres' ? await openPostgresBackend(config.databaseUrl, config.keep) : await openPgliteBackend(config.keep);
    log(`${name}: ${backend.location}`);
    try {
      runs.push(await runOn(backend, config));
    } finally {
      await backend.cleanup();
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${postgres}`;
  const command = `BENCH_SUITES=lis${passedEnv()} npm run bench`;
  updateLisSection(config.out, renderLisSection({ startedAt, seconds: (performance.now() - started) / 1000, machine, command, config, runs }));
  console.log(`Wrote the LIS section of ${config.out}.`);
}

/** The BENCH_LIS_* settings of this run, for the report's command line. */
function passedEnv(): string {
  return Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_LIS_'))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ` ${k}=${v}`)
    .join('');
}

async function runOn(backend: OpenedBackend, config: LisConfig): Promise<LisRun> {
  const platformConfig = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_PASSWORD, ACCESS_TOKEN_TTL: '86400', DATA_DIR: '/tmp/medunion-bench-lis-unused' });
  // The backend drops its schema afterwards, so the platform must not close the database itself.
  const instrumented = new InstrumentedDb({ ...backend.db, close: async () => undefined });
  const platform = await buildPlatform(platformConfig, { db: instrumented.db, modules: ['terminology', 'mpi', 'lis'] });
  try {
    await bootstrap(platform.kernel); // the demo region: institutions, departments, the lab's users
    const url = await platform.listen();
    const ctx = platform.runtime.contexts.get('lis')!;
    // The benchmark's own reads (progress polls, counts) go around the instrumented handle: not in the profile.
    const db = backend.db;
    const lab = await setUpLab(url, config);
    log(`lab set up: ${lab.instruments.map((i) => `${i.code} :${i.port}`).join(', ')}`);

    const requisitions = config.specimens / 2;
    const warm = Math.min(config.warmup, requisitions);
    const patients = warm + requisitions;
    const p0 = performance.now();
    await writePatients(platform, patients);
    const patientsSeconds = (performance.now() - p0) / 1000;
    await settleEvents(platform, 'patient index', log);

    const orders = await runSimpleJob({ kind: 'orders', url, doctorToken: lab.tokens.doctor, labToken: lab.tokens.lab, from: 0, to: patients, clients: config.setupClients });
    log(`${patients} requisitions in ${orders.orderSeconds.toFixed(1)} s (${fmtRate(patients / orders.orderSeconds)}/s), ${2 * patients} tubes received in ${orders.receiveSeconds.toFixed(1)} s`);
    await settleEvents(platform, 'order events', log);
    await analyzeOwnTables(backend.db);

    const qcAt = new Date(Date.now() - 5_000).toISOString(); // analyzer clocks send whole seconds
    const qcTests = await runQc(url, lab);
    log(`QC in control: ${qcTests} series`);

    if (warm) {
      const w = await ingest(db, lab.instruments, orders.requisitions.slice(0, warm), config);
      log(`warm-up: ${2 * warm} tubes in ${w.watched.seconds.toFixed(1)} s`);
      await settleEvents(platform, 'warm-up events', log);
      await analyzeOwnTables(backend.db);
    }

    // The timed ingest.
    const quiet = await waitForQuiet('lis ingest', config.quietWait);
    const before = await runCounts(db);
    const loadBefore = loadavg();
    const cpu = cpuMeter();
    const { result: run, stats } = await instrumented.profiled(() => ingest(db, lab.instruments, orders.requisitions.slice(warm), config));
    const cpuUse = cpu.stop();
    const loadAfter = loadavg();
    const backlogSeconds = await settleEvents(platform, 'ingest events', log);
    const after = await runCounts(db);
    const results = { astm: 0, hl7: 0 };
    for (const a of run.sent.perAnalyzer) results[a.protocol] += a.results;
    log(`ingest: ${fmtRate((results.astm + results.hl7) / run.watched.seconds)} results/s, ${fmtRate((2 * requisitions) / run.watched.seconds)} tubes/s; ${run.watched.released} released, ${run.watched.held} held`);
    const profile = [...stats].filter(([shape]) => shape !== '(transaction wall time)').sort((a, b) => b[1].count - a[1].count);

    const engine = await benchEngine(ctx, db, qcAt);
    log(`AUTO10 engine: ${fmtRate((engine.reports * engine.passes) / engine.seconds)} decisions/s over ${engine.reports} reports (${engine.disagreements} disagree with the stored decision)`);

    const pdf = await benchPdfs(platform, ctx, url, lab, config);
    log(`PDF A4 in process p50 ${summarize(pdf.inProcess.a4).p50.toFixed(1)} ms; HTTP ${fmtRate(pdf.concurrent.latency.length / pdf.concurrent.seconds)} reports/s with ${config.pdfClients} clients`);

    return {
      backend: backend.name === 'postgres' ? 'PostgreSQL' : 'PGlite',
      setup: { patients, patientsSeconds, requisitions: patients, orderSeconds: orders.orderSeconds, receiveSeconds: orders.receiveSeconds, order: summarize(orders.order), receive: summarize(orders.receive), qcTests, warmupRequisitions: warm },
      ingest: {
        specimens: run.specimens,
        results,
        observations: after.observations - before.observations,
        seconds: run.watched.seconds,
        doneAt: { astm: run.watched.doneAt[SECTION_OF.astm], hl7: run.watched.doneAt[SECTION_OF.hl7] },
        sent: run.sent,
        released: run.watched.released,
        held: run.watched.held,
        plans: run.plans,
        criticalNotices: after.communications - before.communications,
        unmatched: after.unmatched - before.unmatched,
        backlogSeconds,
        busyBefore: quiet.busy,
        cpu: cpuUse,
        load: { before: loadBefore, after: loadAfter },
        statements: profile.reduce((s, [, v]) => s + v.count, 0),
        top: profile.slice(0, 10).map(([shape, s]) => ({ shape, count: s.count, ms: s.ms })),
      },
      engine,
      pdf,
    };
  } finally {
    await platform.close();
  }
}

/** Each analyzer runs its control through its own connection; returns the number of series in control. */
async function runQc(url: string, lab: Lab): Promise<number> {
  const job = runJob({ kind: 'qc', analyzers: lab.instruments.map(({ protocol, code, port }) => ({ protocol, code, port })) });
  try {
    await job.answer;
    return await waitForQcInControl(url, lab.tokens.head, lab.instruments);
  } finally {
    job.stop();
    await job.exited;
  }
}

/** Report PDFs: in process through the renderer, then over HTTP from the load client, 1 and N clients. */
async function benchPdfs(platform: Platform, ctx: ModuleContext, url: string, lab: Lab, config: LisConfig): Promise<LisRun['pdf']> {
  const ids = await reportsToPrint(platform.kernel.db, config.pdfs);
  const principal = await platform.kernel.auth.verifyAccessToken(lab.tokens.lab);
  const quiet = await waitForQuiet('lis pdf', config.quietWait);
  const loadBefore = loadavg();
  const inProcess = await renderInProcess(ctx, { principal, institution: LAB, request: { principal, interface: 'api' } }, ids);
  const http = (clients: number) => runSimpleJob({ kind: 'pdf', url, token: lab.tokens.lab, reportIds: ids, clients, pageSize: 'A4' });
  const sequential = await http(1);
  const concurrent = await http(config.pdfClients);
  return { reports: ids.length, busyBefore: quiet.busy, inProcess, sequential, concurrent, clients: config.pdfClients, load: { before: loadBefore, after: loadavg() } };
}
