/**
 * Result-recognition benchmark (`BENCH_SUITES=recognition npm run bench`): issue 5's upload throughput and
 * doctor-side latency, on PostgreSQL only (the issue's target), through the real platform and HTTP interfaces.
 *
 * Set-up through the module's own admin and terminology APIs: the demo region's three institutions take part, this
 * year's items are the whole catalogue, the county hospital and 河西 are qualified for every item and map a local
 * dictionary of every catalogue item; upload accounts per institution; `BENCH_REC_DOCTORS` doctor users at 东岭.
 * Then, from a separate load-client process (bench/recognition/load-client.ts):
 *   1. patients: every synthetic patient uploaded at 1–3 institutions (the patient index links them);
 *   2. a warm-up of a few hundred reports, then ANALYZE, and a statement profile of 200 reports uploaded one at a
 *      time (event bus held);
 *   3. upload throughput: `BENCH_REC_CLIENTS` concurrent hospital clients post `BENCH_REC_REPORTS` lab (and ~10 % exam)
 *      reports; PBRTQC runs from the outbox meanwhile, as in production; then the time the event backlog takes;
 *   4. doctor-side latency: `BENCH_REC_DOCTORS` virtual doctors alternate listRecognizable and checkOrder for
 *      random patients in their care for `BENCH_REC_SECONDS`.
 *
 * Environment (see bench/README.md): BENCH_REC_REPORTS, BENCH_REC_PATIENTS, BENCH_REC_CLIENTS, BENCH_REC_DOCTORS,
 * BENCH_REC_SECONDS, BENCH_REC_THINK_MS (mean think time of a working doctor, default 1000), BENCH_REC_IN_CARE, BENCH_DATABASE_URL, BENCH_OUT, BENCH_QUIET_WAIT, BENCH_KEEP=1.
 */
import { fork } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../packages/kernel/src/config.ts';
import { buildPlatform, type Platform } from '../../packages/server/src/app.ts';
import { bootstrap } from '../../packages/server/src/bootstrap/bootstrap.ts';
import { CATALOGUE } from '../../packages/recognition/src/catalogue/index.ts';
import { EXAM_CATALOGUE, LAB_CATALOGUE } from '../../packages/recognition/src/urls.ts';
import { openPostgresBackend, probePostgres, type OpenedBackend } from '../backends.ts';
import { InstrumentedDb } from '../instrument.ts';
import { cpuMeter, waitForQuiet } from '../quiet.ts';
import { fmtRate, summarize } from '../stats.ts';
import type { Job, JobResult } from './load-client.ts';
import { renderRecognitionSection, updateRecognitionSection, type RecognitionResult, type TableSize } from './report.ts';
import { DOCTOR_INSTITUTION, examDictionary, labDictionary, mrnOf, registrations, UPLOADERS } from './workload.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ADMIN_PASSWORD = 'Bench@12345';
const PASSWORD = 'Bench@2026x';
const PROFILE_REPORTS = 200;

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] [recognition] ${message}`);

export async function runRecognitionBench(): Promise<void> {
  const config = {
    reports: intEnv('BENCH_REC_REPORTS', 3_000),
    patients: intEnv('BENCH_REC_PATIENTS', 2_000),
    clients: intEnv('BENCH_REC_CLIENTS', 8),
    doctors: intEnv('BENCH_REC_DOCTORS', 200),
    seconds: intEnv('BENCH_REC_SECONDS', 30),
    thinkMs: intEnv('BENCH_REC_THINK_MS', 1000),
    inCareEvery: intEnv('BENCH_REC_IN_CARE', 5),
  };
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const out = resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
  const startedAt = new Date();
  console.log(`Recognition benchmark: ${JSON.stringify(config)}`);
  const probe = await probePostgres(databaseUrl);
  if ('error' in probe) throw new Error(`recognition benchmark needs PostgreSQL at ${databaseUrl}: ${probe.error}`);
  const backend = await openPostgresBackend(databaseUrl, process.env.BENCH_KEEP === '1');
  let result: RecognitionResult;
  try {
    result = await runOn(backend, config);
  } finally {
    await backend.cleanup();
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${probe.version.split(' on ')[0]}`;
  updateRecognitionSection(out, renderRecognitionSection({ startedAt, machine, config, result }));
  console.log(`Wrote the recognition section of ${out}.`);
}

type Config = RecognitionResult['config'];

async function runOn(backend: OpenedBackend, config: Config): Promise<RecognitionResult> {
  const platformConfig = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_PASSWORD, ACCESS_TOKEN_TTL: '86400', DATA_DIR: '/tmp/medunion-bench-recognition-unused' });
  // The backend drops its schema afterwards, so the platform must not close the database itself.
  const instrumented = new InstrumentedDb({ ...backend.db, close: async () => undefined });
  const platform = await buildPlatform(platformConfig, { db: instrumented.db, listeners: false, modules: ['terminology', 'mpi', 'recognition'] });
  try {
    await bootstrap(platform.kernel); // the demo region: institutions, departments, demo users
    const url = await platform.listen();
    const setup = await setUp(platform, url, config);
    log(`set up: ${UPLOADERS.length} uploading institutions, ${config.doctors} doctors at ${DOCTOR_INSTITUTION}`);

    // 1. Patients (every registration a real upload; the patient index links them as events arrive).
    const patients = await runJob({ kind: 'patients', url, tokens: setup.uploadTokens, patients: config.patients, inCareEvery: config.inCareEvery, concurrency: config.clients });
    failOnErrors('patients', patients);
    const registered = patients.samples.patient?.length ?? 0;
    log(`${registered} patient registrations in ${patients.seconds.toFixed(1)} s (${fmtRate(registered / patients.seconds)}/s)`);
    await settle(platform, 'patient index');
    // Planner statistics, as autovacuum keeps them on a live system: a fresh schema has none, and without them the
    // conditional-update lookups of the upload plan as if every table were empty (measured: ~10× slower uploads).
    await analyzeOwnTables(backend.db);

    // 2. Warm-up: a few hundred reports first, then ANALYZE again — statistics taken while no report existed make the
    //    planner treat the report tables as empty long after they are not (measured: 12 ms per lookup instead of 0.3).
    const now = Date.now();
    const clients = Array.from({ length: config.clients }, (_, k) => ({ institution: UPLOADERS[k % UPLOADERS.length], token: setup.uploadTokens[UPLOADERS[k % UPLOADERS.length]] }));
    failOnErrors('warm-up', await runJob({ kind: 'upload', url, clients, perInstitution: PROFILE_REPORTS / 2, from: 20_000_000, patients: config.patients, seed: 5, now }));
    await settle(platform, 'warm-up backlog');
    await analyzeOwnTables(backend.db);

    // 3. Statement profile: a few hundred reports, one at a time, with the event bus held (only the upload's SQL).
    await platform.kernel.bus.stop();
    const profiled = await instrumented.profiled(() => runJob({ kind: 'upload', url, clients: clients.slice(0, 1), perInstitution: PROFILE_REPORTS, from: 0, patients: config.patients, seed: 1, now }));
    platform.kernel.bus.start();
    failOnErrors('profile', profiled.result);
    const profile = [...profiled.stats].filter(([shape]) => shape !== '(transaction wall time)').sort((a, b) => b[1].count - a[1].count);
    const statements = profile.reduce((s, [, v]) => s + v.count, 0);
    const sequential = summarize(profiled.result.samples.lab ?? []);
    log(`profile: ${(statements / PROFILE_REPORTS).toFixed(1)} statements per report; one client: lab p50 ${sequential.p50.toFixed(1)} ms`);
    await settle(platform, 'profile backlog');

    // 4. Upload throughput with concurrent hospital clients; PBRTQC consumes the outbox meanwhile.
    const quietUpload = await waitForQuiet('recognition upload', intEnv('BENCH_QUIET_WAIT', 30));
    const loadBefore = loadavg();
    const cpuUpload = cpuMeter();
    const perInstitution = Math.ceil(config.reports / UPLOADERS.length);
    const upload = await runJob({ kind: 'upload', url, clients, perInstitution, from: PROFILE_REPORTS, patients: config.patients, seed: 1, now });
    const uploadCpu = cpuUpload.stop();
    const loadAfter = loadavg();
    failOnErrors('upload', upload);
    const uploaded = (upload.samples.lab?.length ?? 0) + (upload.samples.exam?.length ?? 0);
    log(`${uploaded} reports (${upload.results} results) in ${upload.seconds.toFixed(1)} s: ${fmtRate(uploaded / upload.seconds)} reports/s, ${fmtRate(upload.results / upload.seconds)} results/s; load ${loadAfter[0].toFixed(2)}`);
    const backlog = await settle(platform, 'PBRTQC backlog');

    // 5. Doctor side, after planner statistics (as autovacuum keeps them on a live system).
    await analyzeOwnTables(backend.db);
    const tables = await tableSizes(backend.db);
    if (process.env.BENCH_REC_EXPLAIN === '1') await explainUpload(instrumented, backend.db, platform, { url, clients, patients: config.patients, now });
    const quietDoctors = await waitForQuiet('recognition doctors', intEnv('BENCH_QUIET_WAIT', 30));
    const mrns = Array.from({ length: config.patients }, (_, i) => i).filter((i) => registrations(i, config.inCareEvery).includes(DOCTOR_INSTITUTION)).map((i) => mrnOf(DOCTOR_INSTITUTION, i));
    await runJob({ kind: 'doctors', url, tokens: setup.doctorTokens, mrns, seconds: Math.min(5, config.seconds), seed: 99, thinkMs: 0 }); // warm-up
    // Doctors at work (think time between calls): the aim's measure. Then the same doctors back to back: the ceiling.
    const doctorLoad = loadavg();
    const cpuDoctors = cpuMeter();
    const doctors = await runJob({ kind: 'doctors', url, tokens: setup.doctorTokens, mrns, seconds: config.seconds, seed: 7, thinkMs: config.thinkMs });
    const doctorsCpu = cpuDoctors.stop();
    failOnErrors('doctors', doctors);
    const list = summarize(doctors.samples.listRecognizable ?? []);
    const check = summarize(doctors.samples.checkOrder ?? []);
    log(`doctors (think ${config.thinkMs} ms): listRecognizable p99 ${list.p99.toFixed(1)} ms (n=${list.n}), checkOrder p99 ${check.p99.toFixed(1)} ms (n=${check.n}), ${fmtRate((list.n + check.n) / doctors.seconds)} requests/s`);
    const saturationLoad = loadavg();
    const saturation = await runJob({ kind: 'doctors', url, tokens: setup.doctorTokens, mrns, seconds: config.seconds, seed: 8, thinkMs: 0 });
    failOnErrors('doctors back to back', saturation);
    const satList = summarize(saturation.samples.listRecognizable ?? []);
    const satCheck = summarize(saturation.samples.checkOrder ?? []);
    log(`doctors back to back: listRecognizable p99 ${satList.p99.toFixed(1)} ms, checkOrder p99 ${satCheck.p99.toFixed(1)} ms, ${fmtRate((satList.n + satCheck.n) / saturation.seconds)} requests/s`);

    return {
      config,
      patients: { registrations: registered, seconds: patients.seconds, latency: summarize(patients.samples.patient ?? []) },
      profile: { reports: PROFILE_REPORTS, statementsPerReport: statements / PROFILE_REPORTS, lab: sequential, top: profile.slice(0, 8).map(([shape, s]) => ({ shape, count: s.count, ms: s.ms })) },
      upload: {
        reports: uploaded,
        results: upload.results,
        seconds: upload.seconds,
        lab: summarize(upload.samples.lab ?? []),
        exam: summarize(upload.samples.exam ?? []),
        backlogSeconds: backlog,
        busyBefore: quietUpload.busy,
        cpu: uploadCpu,
        load: { before: loadBefore, after: loadAfter },
      },
      doctors: {
        seconds: doctors.seconds,
        patientsInCare: mrns.length,
        list,
        check,
        nonEmpty: doctors.nonEmpty ?? 0,
        duplicates: doctors.duplicates ?? 0,
        busyBefore: quietDoctors.busy,
        cpu: doctorsCpu,
        load: { before: doctorLoad, after: saturationLoad },
        saturation: { seconds: saturation.seconds, list: satList, check: satCheck, load: { before: saturationLoad, after: loadavg() } },
      },
      tables,
    };
  } finally {
    await platform.close();
  }
}

function failOnErrors(phase: string, r: JobResult): void {
  if (r.errors) throw new Error(`${phase}: ${r.errors} failed requests; first: ${r.firstError}`);
}

/** Runs one job in a fresh load-client process (its own event loop and core) and returns its timings. */
function runJob(job: Job): Promise<JobResult> {
  return new Promise((done, fail) => {
    const child = fork(resolve(ROOT, 'bench/recognition/load-client.ts'), [], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: JobResult | undefined;
    child.once('message', (m) => (answer = m as JobResult));
    child.once('error', fail);
    child.once('exit', (code) => (answer ? done(answer) : fail(new Error(`load client (${job.kind}) exited with ${code}`))));
    child.send(job);
  });
}

interface SetUp {
  uploadTokens: Record<string, string>;
  doctorTokens: string[];
}

/** Participation, year, items, qualifications, mapped dictionaries, upload accounts and doctors — all through the real APIs. */
async function setUp(platform: Platform, url: string, config: Config): Promise<SetUp> {
  const admin = await login(url, 'admin', ADMIN_PASSWORD);
  const levels: Record<string, string> = { 'lead-hospital': '二级甲等', 'thc-hexi': '一级', 'thc-dongling': '一级' };
  for (const [org, level] of Object.entries(levels)) await call(url, 'PUT', `/api/recognition/admin/institutions/${org}`, admin, { level });
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  await call(url, 'POST', '/api/recognition/admin/years', admin, { year });
  await call(url, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: [...CATALOGUE.keys()].map((code) => ({ code })) });
  const entries = UPLOADERS.flatMap((institution) => [...CATALOGUE.keys()].map((item) => ({ item, institution, allowed: true })));
  await call(url, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries });

  const auth = platform.kernel.auth;
  const uploadTokens: Record<string, string> = {};
  for (const institution of [...UPLOADERS, DOCTOR_INSTITUTION]) {
    const short = institution.replace(/^thc-/, '').replace(/-hospital$/, '');
    await auth.createUser({ username: `${short}.dict`, password: PASSWORD, roles: [{ role: 'institution-admin', institution }] });
    await auth.createUser({ username: `${short}.upload`, password: PASSWORD, roles: [{ role: 'interface', institution }, { role: 'recognition-uploader', institution }] });
    if (institution !== DOCTOR_INSTITUTION) await mapDictionaries(url, await login(url, `${short}.dict`, PASSWORD));
    const token = await call<{ access_token: string }>(url, 'POST', '/api/recognition/v1/token', undefined, { username: `${short}.upload`, password: PASSWORD });
    uploadTokens[institution] = token.access_token;
  }
  const doctorTokens: string[] = [];
  for (let d = 0; d < config.doctors; d++) {
    const username = `dongling.dr${String(d).padStart(3, '0')}`;
    await auth.createUser({ username, password: PASSWORD, roles: [{ role: 'doctor', institution: DOCTOR_INSTITUTION }] });
    doctorTokens.push((await auth.login(username, PASSWORD)).access_token);
  }
  return { uploadTokens, doctorTokens };
}

/** The institution's lab and exam dictionaries (CSV, as hospitals export them), every item mapped to the catalogue. */
async function mapDictionaries(url: string, token: string): Promise<void> {
  for (const [kind, rows, target] of [
    ['lab-items', labDictionary(), LAB_CATALOGUE],
    ['exam-items', examDictionary(), EXAM_CATALOGUE],
  ] as const) {
    const csv = `code,name\n${rows.map(([code, name]) => `${code},${name}`).join('\n')}\n`;
    const res = await fetch(`${url}/api/terminology/import?kind=${kind}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
    if (res.status !== 201) throw new Error(`dictionary import ${kind}: ${res.status} ${await res.text()}`);
    const { codeSystem } = (await res.json()) as { codeSystem: { url: string } };
    await call(url, 'POST', '/api/terminology/mapping', token, { dictionary: codeSystem.url, target, mappings: rows.map(([code, , to]) => ({ code, target: to })) });
  }
}

async function login(url: string, username: string, password: string): Promise<string> {
  return (await call<{ access_token: string }>(url, 'POST', '/auth/login', undefined, { username, password })).access_token;
}

async function call<T = unknown>(url: string, method: string, path: string, token: string | undefined, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Waits until every event subscriber has caught up (fails on a dead letter); returns the seconds it took. */
async function settle(platform: Platform, what: string): Promise<number> {
  const t0 = performance.now();
  const { rows } = await platform.kernel.db.query<{ subscriber: string }>('select subscriber from event_cursor');
  let last = Date.now();
  for (;;) {
    let pending = false;
    for (const { subscriber } of rows) {
      const dead = await platform.kernel.bus.listDeadLetters(subscriber);
      if (dead.length) throw new Error(`${subscriber} dead-lettered event ${dead[0].eventId}: ${dead[0].lastError}`);
      // The cheap check each round (a count would scan the backlog every 100 ms and compete with the subscribers).
      if (await platform.kernel.bus.hasPending(subscriber)) pending = true;
    }
    if (!pending) break;
    if (Date.now() - last > 10_000) {
      let count = 0;
      for (const { subscriber } of rows) count += await platform.kernel.bus.pendingCount(subscriber);
      log(`${what}: ${count} events pending`);
      last = Date.now();
    }
    platform.kernel.bus.poke();
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`${what} settled in ${seconds.toFixed(1)} s`);
  return seconds;
}

/**
 * `BENCH_REC_EXPLAIN=1`: the statements of 50 report uploads by one client (event bus held), and `EXPLAIN (ANALYZE, BUFFERS)`
 * of the slowest selects among them, printed.
 */
async function explainUpload(instrumented: InstrumentedDb, raw: OpenedBackend['db'], platform: Platform, at: { url: string; clients: { institution: string; token: string }[]; patients: number; now: number }): Promise<void> {
  await platform.kernel.bus.stop();
  const { queries } = await instrumented.captured(() => runJob({ kind: 'upload', url: at.url, clients: at.clients.slice(0, 1), perInstitution: 50, from: 10_000_000, patients: at.patients, seed: 3, now: at.now }));
  platform.kernel.bus.start();
  log(`50 uploads: ${queries.length} statements, ${queries.reduce((s, q) => s + q.ms, 0).toFixed(1)} ms in the database`);
  for (const q of [...queries].filter((q) => /^\s*select/i.test(q.sql)).sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    const { rows } = await raw.query<Record<string, string>>(`explain (analyze, buffers) ${q.sql}`, q.params);
    log(`${q.ms.toFixed(1)} ms: ${q.sql}\n${JSON.stringify(q.params)}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`);
  }
}

/** Planner statistics on this run's schema only (a bare `analyze` would walk every schema of the shared database). */
async function analyzeOwnTables(db: OpenedBackend['db']): Promise<void> {
  const { rows } = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema()`);
  for (const { name } of rows) if (/^[a-z_0-9]+$/.test(name)) await db.exec(`analyze ${name}`);
}

async function tableSizes(db: OpenedBackend['db']): Promise<TableSize[]> {
  const { rows } = await db.query<{ table: string; rows: string | number; total: string | number }>(
    `select c.relname as table, c.reltuples::bigint as rows, pg_total_relation_size(c.oid) as total
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind = 'r'
       and (c.relname in ('fhir_resource', 'event_outbox', 'audit_log') or c.relname like 'recognition_%' or c.relname like 'sp_%')
     order by pg_total_relation_size(c.oid) desc limit 12`,
  );
  return rows.map((r) => ({ table: r.table, rows: Number(r.rows), bytes: Number(r.total) }));
}
