/**
 * Master patient index benchmark (`BENCH_SUITES=mpi npm run bench`; part of the default `npm run bench`).
 *
 * Per backend: starts the real platform with the mpi module (PGlite on disk / a fresh PostgreSQL schema),
 * registers a synthetic population (bench/mpi/population.ts) through the store in transaction Bundles with the
 * event bus held, then lets the index match the queued registrations and times that alone, scores
 * precision/recall/F1 against the ground truth, and times PDQm searches and PIXm queries over HTTP.
 *
 * Environment:
 *   BENCH_MPI_PERSONS    persons (default 3000, ~4,200 records; the issue's scale is 1000000 — hours on a 2-core machine)
 *   BENCH_MPI_BACKENDS   pglite,postgres (default both)
 *   BENCH_MPI_QUERIES    timed requests per query kind (default 300)
 *   BENCH_MPI_BUNDLE     records per transaction Bundle (default 100)
 *   BENCH_MPI_WRITERS    concurrent Bundle writers on PostgreSQL (default 2; PGlite 1)
 *   BENCH_MPI_PROFILE=1  print where the matching phase spends its database time (statement shapes)
 *   BENCH_MPI_EXPLAIN=1  print EXPLAIN (ANALYZE, BUFFERS) of the SQL behind one request of each PDQm kind
 *   BENCH_MPI_MODE       phased (default: register with the bus held, then time matching alone) or together
 *                        (register with the index running; matching is timed from the first registration)
 *   BENCH_MPI_CPUPROFILE=<file>  write a V8 CPU profile of the matching phase (open in Chrome DevTools)
 *   BENCH_MPI_PROCESSES  1 (default) or 2 on PostgreSQL: the golden writer runs in a second platform process
 *                        (bench/mpi/golden-worker.ts), as a deployment with MEDUNION_BUS_SUBSCRIBERS would run it
 *   BENCH_DATABASE_URL, BENCH_OUT, BENCH_QUIET_WAIT, BENCH_KEEP=1 as for the store benchmark
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL } from '../../packages/kernel/src/access/principal.ts';
import { loadConfig } from '../../packages/kernel/src/config.ts';
import { buildPlatform, type Platform } from '../../packages/server/src/app.ts';
import { bootstrap } from '../../packages/server/src/bootstrap/bootstrap.ts';
import { MPI_TAG_SYSTEM } from '../../packages/mpi/src/golden/golden-tag.ts';
import { ID_CARD_SYSTEM } from '../../packages/mpi/src/identifiers/systems.ts';
import { pinyinKeys } from '../../packages/kernel/src/fhir/search/pinyin.ts';
import { InstrumentedDb } from '../instrument.ts';
import { openPgliteBackend, openPostgresBackend, probePostgres, type OpenedBackend } from '../backends.ts';
import { cpuMeter, waitForQuiet } from '../quiet.ts';
import { fmtMs, fmtRate, summarize } from '../stats.ts';
import { measureAccuracy } from './accuracy.ts';
import { Population, type SyntheticRecord } from './population.ts';
import { renderMpiSection, updateMpiSection, type MpiBackendResult } from './report.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Matching, and the golden writer it feeds: the index has settled when both are idle in the same round. */
const GOLDEN_WRITER = 'module:mpi:MpiGolden:update';
const SUBSCRIBERS = ['module:mpi:Patient:*', GOLDEN_WRITER];
const ADMIN_PASSWORD = 'Bench@12345';

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

const log = (backend: string, message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] [mpi:${backend}] ${message}`);

export async function runMpiBench(): Promise<void> {
  const persons = intEnv('BENCH_MPI_PERSONS', 3_000);
  const backends = (process.env.BENCH_MPI_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`BENCH_MPI_BACKENDS: unknown backend "${b}"`);
  const queries = intEnv('BENCH_MPI_QUERIES', 300);
  const bundleSize = intEnv('BENCH_MPI_BUNDLE', 100);
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const out = resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md');
  const startedAt = new Date();
  console.log(`MPI benchmark: persons=${persons} backends=${backends.join(',')} queries=${queries} bundle=${bundleSize}`);

  const results: MpiBackendResult[] = [];
  for (const name of backends) {
    if (name === 'postgres') {
      const probe = await probePostgres(databaseUrl);
      if ('error' in probe) {
        results.push({ name: 'PostgreSQL', skipped: `skipped: unreachable (${probe.error})`, persons, records: 0, ingestSeconds: 0, matchSeconds: 0, queries: [] });
        continue;
      }
    }
    const keep = process.env.BENCH_KEEP === '1';
    const backend = name === 'pglite' ? await openPgliteBackend(keep) : await openPostgresBackend(databaseUrl, keep);
    try {
      results.push(await runBackend(backend, persons, queries, bundleSize, name === 'postgres' ? intEnv('BENCH_MPI_WRITERS', 2) : 1));
    } finally {
      await backend.cleanup();
    }
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
  updateMpiSection(out, renderMpiSection({ startedAt, machine, persons, bundleSize, results }));
  console.log(`Wrote the mpi section of ${out}.`);
}

/** The golden writer in a process of its own, on the same schema; resolves once it is listening to the bus. */
async function startGoldenWorker(backend: OpenedBackend): Promise<ChildProcess> {
  if (!backend.connectionUrl || !backend.schema) throw new Error('BENCH_MPI_PROCESSES=2 needs PostgreSQL');
  const child = fork(resolve(ROOT, 'bench/mpi/golden-worker.ts'), [backend.connectionUrl, backend.schema, GOLDEN_WRITER], { execArgv: ['--import', 'tsx'], cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((ready, fail) => {
    child.once('message', () => ready());
    child.once('exit', (code) => fail(new Error(`golden worker exited with ${code}`)));
  });
  return child;
}

/** A V8 CPU profile of `fn` (this process: the platform, its index and the bench's own loop). */
async function cpuProfiled(fn: () => Promise<void>): Promise<object> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  await fn();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return profile;
}

async function runBackend(backend: OpenedBackend, persons: number, queryCount: number, bundleSize: number, writers: number): Promise<MpiBackendResult> {
  const together = process.env.BENCH_MPI_MODE === 'together';
  const title = backend.name === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const processes = backend.name === 'postgres' ? intEnv('BENCH_MPI_PROCESSES', 1) : 1;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD,
    SEED_DEMO: 'false',
    DATA_DIR: '/tmp/medunion-bench-mpi-unused',
    ...(processes > 1 ? { MEDUNION_BUS_SUBSCRIBERS: `-${GOLDEN_WRITER}` } : {}),
  });
  // The backend drops its schema / data dir afterwards, so the platform must not close the database itself.
  const instrumented = new InstrumentedDb({ ...backend.db, close: async () => undefined });
  const platform = await buildPlatform(config, { db: instrumented.db, listeners: false, modules: ['mpi'] });
  try {
    await bootstrap(platform.kernel);
    const worker = processes > 1 ? await startGoldenWorker(backend) : undefined;
    const url = await platform.listen();
    const population = new Population(persons);
    const order = population.registrations();
    const personOfMrn = new Map<string, number>();
    const systemOfMrn = new Map<string, string>();
    log(backend.name, `${population.persons.length} persons, ${order.length} registrations generated`);

    const quiet = await waitForQuiet(`mpi ${backend.name}`, intEnv('BENCH_QUIET_WAIT', 30));
    // Phase 1, registration alone: the bus is held, so the events queue up in the outbox. Together: the index runs.
    if (!together) await platform.kernel.bus.stop();
    const loadTogether = loadavg()[0];
    const t0 = performance.now();
    let next = 0;
    let written = 0;
    const write = async () => {
      while (next < order.length) {
        const slice = order.slice(next, next + bundleSize);
        next += slice.length;
        const records: SyntheticRecord[] = slice.map(([p, k]) => population.record(p, k));
        for (const r of records) {
          personOfMrn.set(r.mrn, r.person);
          systemOfMrn.set(r.mrn, r.system);
        }
        const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', entry: records.map((r) => ({ resource: r.resource, request: { method: 'POST', url: 'Patient' } })) };
        await platform.kernel.store.bundle({ principal: SYSTEM_PRINCIPAL }, bundle);
        written += records.length;
        if (written % (bundleSize * 50) === 0) log(backend.name, `${written} written`);
      }
    };
    await Promise.all(Array.from({ length: writers }, write));
    const ingestSeconds = (performance.now() - t0) / 1000;
    log(backend.name, `all ${order.length} written in ${ingestSeconds.toFixed(1)} s (${fmtRate(order.length / ingestSeconds)}/s); now the index matches them`);
    // Phase 2, matching alone: the index works through the queued registrations in commit order (together: the
    // rest of its backlog, timed from the first registration).
    const loadMatching = together ? loadTogether : loadavg()[0];
    const cpu = cpuMeter();
    const t1 = together ? t0 : performance.now();
    platform.kernel.bus.start();
    if (process.env.BENCH_MPI_PROFILE === '1') {
      const { stats } = await instrumented.profiled(() => settle(platform, backend.name, order.length));
      const top = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
      for (const [shape, s] of top) log(backend.name, `  ${s.ms.toFixed(0).padStart(7)} ms ${String(s.count).padStart(6)}×  ${shape}`);
    } else if (process.env.BENCH_MPI_CPUPROFILE) {
      const profile = await cpuProfiled(() => settle(platform, backend.name, order.length));
      writeFileSync(process.env.BENCH_MPI_CPUPROFILE, JSON.stringify(profile));
    } else {
      await settle(platform, backend.name, order.length);
    }
    const matchSeconds = (performance.now() - t1) / 1000;
    const cpuUse = cpu.stop();
    log(backend.name, `index settled after ${matchSeconds.toFixed(1)} s: ${fmtRate(order.length / matchSeconds)} matched registrations/s`);

    await analyzeOwnTables(backend.db);
    const accuracy = await measureAccuracy(backend.db, personOfMrn);
    log(backend.name, `precision ${(accuracy.precision * 100).toFixed(2)} %, recall ${(accuracy.recall * 100).toFixed(2)} %, F1 ${accuracy.f1.toFixed(4)}, review queue ${accuracy.reviewOpen}`);

    const token = await login(url);
    const kinds = queryKinds(population, systemOfMrn);
    if (process.env.BENCH_MPI_EXPLAIN === '1') await explainPdq(instrumented, backend.db, platform, kinds, (m) => log(backend.name, m));
    const queries = await timeQueries(url, token, kinds, queryCount);
    for (const q of queries) log(backend.name, `${q.label}: p50 ${fmtMs(q.latency.p50)} ms, p99 ${fmtMs(q.latency.p99)} ms`);
    const load = { matching: loadMatching, queries: loadavg()[0] };
    worker?.kill('SIGTERM');
    return { name: title, processes, mode: together ? 'together' : 'phased', persons: population.persons.length, records: order.length, ingestSeconds, matchSeconds, accuracy, queries, busyBefore: quiet.busy, cpu: cpuUse, load };
  } finally {
    await platform.close();
  }
}

/**
 * Planner statistics before the queries are timed, as autovacuum would have gathered them on a live system
 * (without them PostgreSQL estimates one row everywhere and picks nested loops over the largest index ranges).
 * On PostgreSQL only this run's schema: a bare `analyze` would walk every schema of the shared database.
 */
async function analyzeOwnTables(db: OpenedBackend['db']): Promise<void> {
  if (db.kind === 'pglite') return db.exec('analyze');
  const { rows } = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema()`);
  for (const { name } of rows) if (/^[a-z_0-9]+$/.test(name)) await db.exec(`analyze ${name}`);
}

/** Waits until the index has handled every event (its golden-record echoes included); fails on a dead letter. */
async function settle(platform: Platform, name: string, records: number): Promise<void> {
  let last = Date.now();
  for (let round = 0; ; round++) {
    // Looking costs the database too: every 200 ms, dead letters every 2 s (and before returning).
    const pending = await Promise.all(SUBSCRIBERS.map((s) => platform.kernel.bus.hasPending(s)));
    if (!pending.includes(true) || round % 10 === 0) {
      for (const subscriber of SUBSCRIBERS) {
        const dead = await platform.kernel.bus.listDeadLetters(subscriber);
        if (dead.length) throw new Error(`${subscriber} dead-lettered event ${dead[0].eventId}: ${dead[0].lastError}`);
      }
    }
    if (!pending.includes(true)) return;
    if (Date.now() - last > 10_000) {
      const { rows } = await platform.kernel.db.query<{ n: number | string }>('select count(*) as n from mpi_record');
      log(name, `${rows[0].n} of ${records} records indexed`);
      last = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Plans of the SQL the store runs for one request of each PDQm kind (run as system, as the store's search). */
async function explainPdq(instrumented: InstrumentedDb, raw: OpenedBackend['db'], platform: Platform, kinds: QueryKind[], print: (m: string) => void): Promise<void> {
  for (const kind of kinds) {
    const path = kind.path();
    const m = /^\/fhir\/R4\/Patient\?(.*)$/.exec(path);
    if (!m) continue;
    const { queries } = await instrumented.captured(() => platform.kernel.store.search({ principal: SYSTEM_PRINCIPAL }, 'Patient', new URLSearchParams(m[1]).entries()));
    for (const q of queries) {
      if (!/from fhir_resource r /.test(q.sql)) continue; // the search itself, not work of others meanwhile
      const { rows } = await raw.query<Record<string, string>>(`explain (analyze, buffers) ${q.sql}`, q.params);
      print(`EXPLAIN ${decodeURIComponent(path)}\n${q.sql}\n${JSON.stringify(q.params)}\n${rows.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  }
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface QueryKind {
  label: string;
  path: () => string;
}

/** PDQm (Patient search) and PIXm requests for randomly chosen persons. */
function queryKinds(population: Population, systemOfMrn: Map<string, string>): QueryKind[] {
  const mrns = [...systemOfMrn.keys()];
  let seed = 7;
  const pick = <T>(list: T[]): T => list[(seed = (seed * 48271) % 2147483647) % list.length];
  const tag = encodeURIComponent(`${MPI_TAG_SYSTEM}|golden`);
  return [
    { label: 'PDQm golden record by ID card: `Patient?identifier=<card>&_tag=…|golden`', path: () => `/fhir/R4/Patient?identifier=${encodeURIComponent(`${ID_CARD_SYSTEM}|${pick(population.persons).idCard}`)}&_tag=${tag}` },
    {
      label: 'PDQm by name and birth date: `Patient?name=<full name>&birthdate=<date>`',
      path: () => {
        const p = pick(population.persons);
        return `/fhir/R4/Patient?name=${encodeURIComponent(population.nameOf(p))}&birthdate=${p.birthDate}`;
      },
    },
    {
      label: 'PDQm by pinyin initials, sex and birth year: `Patient?pinyin=<wxm>&gender=&birthdate=<yyyy>`',
      path: () => {
        const p = pick(population.persons);
        return `/fhir/R4/Patient?pinyin=${pinyinKeys(population.nameOf(p), true)[0]}&gender=${p.sex}&birthdate=${p.birthDate.slice(0, 4)}`;
      },
    },
    {
      label: 'PIXm: `Patient/$ihe-pix?sourceIdentifier=<record number>`',
      path: () => {
        const mrn = pick(mrns);
        return `/fhir/R4/Patient/$ihe-pix?sourceIdentifier=${encodeURIComponent(`${systemOfMrn.get(mrn)}|${mrn}`)}`;
      },
    },
  ];
}

/** Times each kind of request, one at a time, after a warm-up. */
async function timeQueries(url: string, token: string, kinds: QueryKind[], count: number) {
  const results: { label: string; latency: ReturnType<typeof summarize> }[] = [];
  for (const kind of kinds) {
    const samples: number[] = [];
    for (let i = 0; i < count + 20; i++) {
      const path = kind.path();
      const s = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      if (i >= 20) samples.push(performance.now() - s);
    }
    results.push({ label: kind.label, latency: summarize(samples) });
  }
  return results;
}
