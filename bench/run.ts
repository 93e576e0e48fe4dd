/**
 * Benchmarks: `npm run bench` (see docs/benchmarks.md for the latest results). `BENCH_SUITES` picks them:
 * `store` (this file, below), `web` (bench/web.ts: console bundle sizes and the 10,000-Patient table in Chromium) and
 * `mpi` (bench/mpi/run-mpi.ts: patient index matching throughput, F1 against ground truth, PDQm/PIXm latency);
 * default `store,web,mpi`. `recognition` (bench/recognition/run-recognition.ts: 互认 upload throughput and doctor-side
 * latency on PostgreSQL) and `lis` (bench/lis/run-lis.ts: analyzer results ingested/s, auto-verification throughput,
 * report PDFs/s) run only when named.
 *
 * FHIR store benchmark:
 *
 * For each backend (PGlite on a temporary on-disk data dir; PostgreSQL on a fresh schema) it measures
 * single creates, creates in 100-entry transaction Bundles, then grows the store to BENCH_RESOURCES
 * resources and measures search latency, and finally EXPLAINs the SQL of every search kind.
 *
 * Environment:
 *   BENCH_RESOURCES       store size for the search phase (default 100000)
 *   BENCH_BACKENDS        comma list of pglite,postgres (default both)
 *   BENCH_QUERIES         timed queries per search kind (default 300)
 *   BENCH_SINGLE_CREATES  sequential single creates (default 1000; also the total for 4 writers on PostgreSQL)
 *   BENCH_BUNDLES         timed 100-entry transaction bundles (default 20)
 *   BENCH_GROWTH_WRITERS  concurrent bundle writers while growing PostgreSQL (default 2; PGlite always 1)
 *   BENCH_DATABASE_URL    PostgreSQL URL (default TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
 *   BENCH_OUT             markdown file to update (default docs/benchmarks.md)
 *   BENCH_KEEP=1          keep the PGlite dir / PostgreSQL schema afterwards (for manual EXPLAINs)
 *   BENCH_EXPLAIN=0       skip the EXPLAIN (ANALYZE, BUFFERS) pass
 *   BENCH_SEARCH_SECONDS  time cap for the timed queries of one search kind (default 25)
 *   BENCH_QUIET_WAIT      seconds to wait at most for other processes to go quiet before a timed phase (default 30)
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { Principal } from '../packages/kernel/src/access/principal.ts';
import { SYSTEM_PRINCIPAL } from '../packages/kernel/src/access/principal.ts';
import { PolicyRepository, policyMigrations } from '../packages/kernel/src/access/policy-repository.ts';
import type { AccessPolicy } from '../packages/kernel/src/access/policy.ts';
import { runMigrations } from '../packages/kernel/src/db/index.ts';
import type { Db } from '../packages/kernel/src/db/types.ts';
import { extractIndexRows } from '../packages/kernel/src/fhir/search/extract.ts';
import { loadFhirDefinitions, validateFhirResource } from '../packages/kernel/src/fhir/validation/index.ts';
import type { RequestContext } from '../packages/kernel/src/store/context.ts';
import { FhirStore } from '../packages/kernel/src/store/fhir-store.ts';
import { storeMigrations } from '../packages/kernel/src/store/migrations.ts';
import { openPgliteBackend, openPostgresBackend, probePostgres, type OpenedBackend } from './backends.ts';
import { DATA_DAYS, dayOf, DOCTOR_INSTITUTION, Generator, ID_CARD_SYSTEM, LABS, LOINC, type PatientFacts } from './data.ts';
import { InstrumentedDb } from './instrument.ts';
import { cpuMeter, waitForQuiet } from './quiet.ts';
import { renderSection, updateMarkdown } from './report.ts';
import { runWebBench } from './web.ts';
import { runMpiBench } from './mpi/run-mpi.ts';
import { runRecognitionBench } from './recognition/run-recognition.ts';
import { runLisBench } from './lis/run-lis.ts';
import { fmtInt, fmtMs, fmtRate, summarize } from './stats.ts';
import type { BackendResult, BenchConfig, CpuCost, MachineInfo, PlanRow, SearchRow, StorageRow } from './types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not "${raw}"`);
  return n;
}

function readConfig(): BenchConfig {
  const backends = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
  for (const b of backends) if (b !== 'pglite' && b !== 'postgres') throw new Error(`BENCH_BACKENDS: unknown backend "${b}" (pglite, postgres)`);
  const queries = intEnv('BENCH_QUERIES', 300);
  return {
    resources: intEnv('BENCH_RESOURCES', 100_000),
    backends: backends as BenchConfig['backends'],
    queries,
    warmup: Math.min(30, Math.max(5, Math.round(queries / 10))),
    singles: intEnv('BENCH_SINGLE_CREATES', 1000),
    bundles: intEnv('BENCH_BUNDLES', 20),
    growthWriters: Math.max(1, intEnv('BENCH_GROWTH_WRITERS', 2)),
    databaseUrl: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    out: resolve(ROOT, process.env.BENCH_OUT ?? 'docs/benchmarks.md'),
    keep: process.env.BENCH_KEEP === '1',
    explain: process.env.BENCH_EXPLAIN !== '0',
    quietWait: intEnv('BENCH_QUIET_WAIT', 30),
    searchSeconds: Math.max(1, intEnv('BENCH_SEARCH_SECONDS', 25)),
  };
}

/** The ordinary user of the access-filtering run: a doctor at a township health centre. */
const OWN_INSTITUTION = DOCTOR_INSTITUTION;
const DOCTOR: Principal = {
  kind: 'user',
  id: 'bench-doctor',
  username: 'doctor01',
  displayName: '测试医生',
  profile: 'Practitioner/bench-doctor',
  institution: OWN_INSTITUTION,
  institutions: [OWN_INSTITUTION],
  roles: ['doctor'],
  permissions: ['fhir.read', 'fhir.search'],
  regionAdmin: false,
};
const OWN_POLICY: AccessPolicy = { id: 'own', name: 'own', effect: 'allow', access: ['read', 'write'], subjects: { roles: ['doctor'] }, institutions: ['$own'] };

const log = (backend: string, message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] [${backend}] ${message}`);

async function main(): Promise<void> {
  const config = readConfig();
  const started = performance.now();
  const startedAt = new Date();
  console.log(
    `FHIR store benchmark: resources=${config.resources} backends=${config.backends.join(',')} queries=${config.queries} singles=${config.singles} bundles=${config.bundles}`,
  );
  const t = performance.now();
  loadFhirDefinitions();
  console.log(`FHIR definitions loaded in ${fmtMs(performance.now() - t)} ms`);

  const probe = config.backends.includes('postgres') ? await probePostgres(config.databaseUrl) : undefined;
  const machine = machineInfo(probe && 'version' in probe ? probe.version : probe ? `unreachable (${probe.error})` : 'not run');
  const cpuCost = measureCpuCost();
  for (const c of cpuCost) console.log(`CPU per ${c.resourceType}: validate ${fmtMs(c.validateMs)} ms, extract index rows ${fmtMs(c.extractMs)} ms (${c.indexRows} rows)`);

  const results: BackendResult[] = [];
  for (const name of config.backends) {
    if (name === 'postgres' && probe && 'error' in probe) {
      console.log(`[postgres] skipped: PostgreSQL unreachable at ${redact(config.databaseUrl)}: ${probe.error}`);
      results.push(emptyResult('postgres', `Skipped: PostgreSQL unreachable at ${redact(config.databaseUrl)} (${probe.error}).`));
      continue;
    }
    results.push(await runBackend(name, config));
  }

  const after = fingerprint();
  if (after.sourceFingerprint !== machine.sourceFingerprint) {
    machine.sourceChangedDuringRun = `${after.sourceFingerprint} (newest file ${after.sourceNewest})`;
    console.log(`WARNING: kernel sources changed during the run (${machine.sourceFingerprint} → ${after.sourceFingerprint}); modules loaded late (bundle.ts) may be newer.`);
  }
  const section = renderSection({ config, machine, startedAt, seconds: (performance.now() - started) / 1000, results, cpuCost });
  updateMarkdown(config.out, section);
  console.log(`\nWrote ${config.out}; total run time ${fmtMs((performance.now() - started) / 1000)} s.`);
}

function emptyResult(name: 'pglite' | 'postgres', skipped?: string): BackendResult {
  return { name, title: name === 'pglite' ? 'PGlite' : 'PostgreSQL', skipped, notes: [], writes: [], searches: [], storage: [], plans: [], quiet: [], seconds: 0 };
}

let active: OpenedBackend | undefined;

async function runBackend(name: 'pglite' | 'postgres', config: BenchConfig): Promise<BackendResult> {
  const began = performance.now();
  const result = emptyResult(name);
  const backend = name === 'pglite' ? await openPgliteBackend(config.keep) : await openPostgresBackend(config.databaseUrl, config.keep);
  active = backend;
  result.location = backend.location;
  result.notes.push(...backend.notes);
  log(name, `opened (${backend.location})`);
  try {
    const raw = backend.db;
    result.serverVersion = (await raw.query<{ version: string }>('select version()')).rows[0].version;
    await runMigrations(raw, [...storeMigrations, ...policyMigrations]);
    const inst = new InstrumentedDb(raw);
    const policyRepo = new PolicyRepository(raw);
    await policyRepo.upsert(OWN_POLICY);
    const store = new FhirStore({ db: inst.db, policies: () => policyRepo.all() });
    const ctx: RequestContext = { principal: SYSTEM_PRINCIPAL };
    const gen = new Generator();
    const facts: PatientFacts[] = [];
    /** Patients that have Observations (for the chained search). */
    const withObs: PatientFacts[] = [];

    // ---- single creates ----
    {
      const warm = Array.from({ length: 20 }, () => gen.patient());
      for (const p of warm) await store.create(ctx, p.resource);
      facts.push(...warm.map((p) => p.facts));
      const patients = Array.from({ length: config.singles }, () => gen.patient());
      const lat: number[] = [];
      result.quiet.push(await waitForQuiet(`${name}: single creates`, config.quietWait));
      const cpu = cpuMeter();
      const t0 = performance.now();
      for (const p of patients) {
        const s = performance.now();
        await store.create(ctx, p.resource);
        lat.push(performance.now() - s);
      }
      const seconds = (performance.now() - t0) / 1000;
      facts.push(...patients.map((p) => p.facts));
      result.writes.push({ label: 'Single `store.create` (Patient), 1 writer', resources: patients.length, seconds, latency: summarize(lat), peer: '~186/s', cpu: cpu.stop() });
      log(name, `single creates: ${fmtRate(patients.length / seconds)}/s (p50 ${fmtMs(summarize(lat).p50)} ms)`);
    }
    if (name === 'postgres') {
      const writers = 4;
      const patients = Array.from({ length: config.singles }, () => gen.patient());
      const lat: number[] = [];
      let next = 0;
      const cpu = cpuMeter();
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (next < patients.length) {
            const p = patients[next++];
            const s = performance.now();
            await store.create(ctx, p.resource);
            lat.push(performance.now() - s);
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      facts.push(...patients.map((p) => p.facts));
      result.writes.push({ label: `Single \`store.create\` (Patient), ${writers} concurrent writers`, resources: patients.length, seconds, latency: summarize(lat), cpu: cpu.stop() });
      log(name, `single creates, ${writers} writers: ${fmtRate(patients.length / seconds)}/s`);
    }
    {
      const profilePatients = Array.from({ length: 50 }, () => gen.patient());
      const t0 = performance.now();
      const { stats } = await inst.profiled(async () => {
        for (const p of profilePatients) await store.create(ctx, p.resource);
      });
      facts.push(...profilePatients.map((p) => p.facts));
      result.singleProfile = { resources: profilePatients.length, wallMs: performance.now() - t0, stats: [...stats] };
    }

    // ---- transaction bundles ----
    {
      const warm = gen.patientsAndObservations(100);
      await store.bundle(ctx, transaction(warm.entries));
      facts.push(...warm.patients);
      withObs.push(...warm.patients);
      const bundles = Array.from({ length: config.bundles }, () => gen.patientsAndObservations(100));
      const lat: number[] = [];
      let resources = 0;
      result.quiet.push(await waitForQuiet(`${name}: transaction bundles`, config.quietWait));
      const cpu = cpuMeter();
      const t0 = performance.now();
      for (const b of bundles) {
        const s = performance.now();
        await store.bundle(ctx, transaction(b.entries));
        lat.push(performance.now() - s);
        resources += b.entries.length;
      }
      const seconds = (performance.now() - t0) / 1000;
      for (const b of bundles) facts.push(...b.patients);
      for (const b of bundles) withObs.push(...b.patients);
      result.writes.push({
        label: 'Transaction Bundles of 100 POSTs (10 Patients + 90 Observations, urn:uuid refs), latency per bundle',
        resources,
        seconds,
        latency: summarize(lat),
        peer: '~200/s',
        cpu: cpu.stop(),
      });
      log(name, `transaction bundles: ${fmtRate(resources / seconds)} resources/s (bundle p50 ${fmtMs(summarize(lat).p50)} ms)`);

      const profiled = gen.patientsAndObservations(100);
      const p0 = performance.now();
      const { stats } = await inst.profiled(() => store.bundle(ctx, transaction(profiled.entries)));
      facts.push(...profiled.patients);
      withObs.push(...profiled.patients);
      result.bundleProfile = { resources: profiled.entries.length, wallMs: performance.now() - p0, stats: [...stats] };
    }

    // ---- grow the store ----
    {
      const have = await countResources(raw);
      const needed = Math.max(0, config.resources - have);
      const writers = name === 'postgres' ? config.growthWriters : 1;
      log(name, `growing from ${fmtInt(have)} to ${fmtInt(config.resources)} resources with clinic-day transaction bundles (${writers} writer${writers > 1 ? 's' : ''})`);
      let reserved = 0;
      let created = 0;
      let bundles = 0;
      const cpu = cpuMeter();
      const t0 = performance.now();
      let lastLog = t0;
      await Promise.all(
        Array.from({ length: writers }, async () => {
          while (reserved < needed) {
            // generation is synchronous, so writers cannot race between reading and bumping `reserved`
            const b = gen.clinicDay(Math.min(100, Math.max(3, needed - reserved)));
            reserved += b.entries.length;
            await store.bundle(ctx, transaction(b.entries));
            created += b.entries.length;
            bundles++;
            facts.push(...b.patients);
            withObs.push(...b.patients);
            const now = performance.now();
            if (now - lastLog > 15_000) {
              lastLog = now;
              const rate = created / ((now - t0) / 1000);
              log(name, `  ${fmtInt(have + created)} / ${fmtInt(config.resources)} (${fmtRate(rate)}/s, ~${Math.ceil((needed - created) / rate)} s left)`);
            }
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      result.growth = { resources: created, seconds, writers, bundles };
      if (created) {
        result.writes.push({
          label: `Growth load: clinic-day transaction Bundles of ~100 (Patient + Encounter + 4–10 Observations each), ${writers} writer${writers > 1 ? 's' : ''}`,
          resources: created,
          seconds,
          cpu: cpu.stop(),
        });
      }
      log(name, `grew by ${fmtInt(created)} in ${fmtMs(seconds)} s (${fmtRate(created / Math.max(seconds, 1e-9))}/s)`);
    }

    // ---- statistics, sizes ----
    {
      result.autovacuum = (await raw.query<{ autovacuum: string }>('show autovacuum')).rows[0].autovacuum;
      const aa = await raw.query<{ analyzed: number | string; tables: number | string }>(
        `select count(*) filter (where autoanalyze_count > 0) as analyzed, count(*) as tables from pg_stat_user_tables where schemaname = current_schema()`,
      );
      result.autoAnalyzed = `${aa.rows[0].analyzed} of ${aa.rows[0].tables}`;
      const t0 = performance.now();
      await raw.exec('vacuum analyze');
      result.analyzeSeconds = (performance.now() - t0) / 1000;
      const { rows } = await raw.query<{ resource_type: string; n: number | string }>('select resource_type, count(*) as n from fhir_resource group by 1 order by 1');
      result.byType = Object.fromEntries(rows.map((r) => [r.resource_type, Number(r.n)]));
      result.totalResources = Object.values(result.byType).reduce((s, n) => s + n, 0);
      result.storage = await storage(raw);
      log(name, `store holds ${fmtInt(result.totalResources)} resources (${JSON.stringify(result.byType)}); vacuum analyze ${fmtMs(result.analyzeSeconds)} s`);
    }

    // ---- searches ----
    const defs = searchDefs(gen, facts, withObs);
    result.quiet.push(await waitForQuiet(`${name}: searches`, config.quietWait));
    for (const def of defs) {
      const warmUntil = performance.now() + 3000;
      for (let i = 0; i < config.warmup && performance.now() < warmUntil; i++) await store.search(def.ctx, def.type, new URLSearchParams(def.make()).entries());
      const lat: number[] = [];
      let returned = 0;
      let totals = 0;
      let empty = 0;
      let example = '';
      const cpu = cpuMeter();
      const stopAt = performance.now() + config.searchSeconds * 1000;
      for (let i = 0; i < config.queries && performance.now() < stopAt; i++) {
        const q = def.make();
        if (!example) example = q;
        const s = performance.now();
        const r = await store.search(def.ctx, def.type, new URLSearchParams(q).entries());
        lat.push(performance.now() - s);
        returned += r.resources.length + r.included.length;
        totals += r.total ?? 0;
        if (!r.resources.length) empty++;
        if (r.issues.length) throw new Error(`${def.type}?${q}: ${r.issues.map((x) => x.details?.text).join('; ')}`);
      }
      const row: SearchRow = {
        key: def.key,
        label: def.label,
        example: `${def.type}?${example}`,
        principal: def.ctx.principal.kind === 'system' ? 'system' : 'doctor',
        latency: summarize(lat),
        avgReturned: returned / lat.length,
        avgTotal: def.total ? totals / lat.length : undefined,
        empty,
        cpu: cpu.stop(),
      };
      result.searches.push(row);
      log(
        name,
        `search ${def.key.padEnd(18)} n=${lat.length} p50 ${fmtMs(row.latency.p50)} p95 ${fmtMs(row.latency.p95)} p99 ${fmtMs(row.latency.p99)} max ${fmtMs(row.latency.max)} ms; ${row.avgReturned.toFixed(1)} returned${row.avgTotal !== undefined ? `, total ~${fmtInt(row.avgTotal)}` : ''}`,
      );
    }

    // ---- EXPLAIN (ANALYZE, BUFFERS) of the generated SQL ----
    if (config.explain) {
      for (const def of defs) result.plans.push(await explain(inst, raw, store, def));
      log(name, `explained ${result.plans.length} search kinds`);
    }
  } finally {
    await backend.cleanup();
    active = undefined;
    result.seconds = (performance.now() - began) / 1000;
  }
  return result;
}

function transaction(entry: BundleEntry[]): Bundle {
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

async function countResources(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number | string }>('select count(*) as n from fhir_resource');
  return Number(rows[0].n);
}

interface SearchDef {
  key: string;
  label: string;
  type: string;
  ctx: RequestContext;
  total?: boolean;
  make: () => string;
}

function searchDefs(gen: Generator, facts: PatientFacts[], withObs: PatientFacts[]): SearchDef[] {
  const system: RequestContext = { principal: SYSTEM_PRINCIPAL };
  const doctor: RequestContext = { principal: DOCTOR, interface: 'fhir' };
  const own = facts.filter((f) => f.institution === OWN_INSTITUTION);
  const code = () => `${LOINC}|${gen.pick(LABS).code}`;
  const day = () => {
    const d = gen.int(0, DATA_DAYS - 1);
    return `date=ge${dayOf(d)}&date=lt${dayOf(d + 1)}&_count=20`;
  };
  return [
    { key: 'token-identifier', label: 'token: Patient `identifier=system|value`', type: 'Patient', ctx: system, make: () => `identifier=${ID_CARD_SYSTEM}|${gen.pick(facts).identifier}` },
    { key: 'token-code', label: 'token: Observation `code=loinc|code`', type: 'Observation', ctx: system, make: () => `code=${code()}` },
    { key: 'string-name', label: 'string: Patient `name=<surname+given prefix>`', type: 'Patient', ctx: system, make: () => `name=${gen.pick(facts).namePrefix}` },
    { key: 'date-day', label: 'date: Observation one-day window, `_count=20`', type: 'Observation', ctx: system, make: day },
    { key: 'chained', label: 'chained: Observation `subject.identifier=system|value`', type: 'Observation', ctx: system, make: () => `subject.identifier=${ID_CARD_SYSTEM}|${gen.pick(withObs).identifier}` },
    { key: 'include', label: '`_include`: Observation `code=…&_include=Observation:subject&_count=20`', type: 'Observation', ctx: system, make: () => `code=${code()}&_include=Observation:subject&_count=20` },
    { key: 'total-accurate', label: 'token + `_total=accurate`: Observation `code=…`', type: 'Observation', ctx: system, total: true, make: () => `code=${code()}&_total=accurate` },
    { key: 'doctor-identifier', label: 'token as institution doctor (policy `own`): Patient `identifier=`', type: 'Patient', ctx: doctor, make: () => `identifier=${ID_CARD_SYSTEM}|${gen.pick(own).identifier}` },
    { key: 'doctor-code', label: 'token as institution doctor (policy `own`): Observation `code=`', type: 'Observation', ctx: doctor, make: () => `code=${code()}` },
  ];
}

async function explain(inst: InstrumentedDb, raw: Db, store: FhirStore, def: SearchDef): Promise<PlanRow> {
  const q = def.make();
  const { queries } = await inst.captured(() => store.search(def.ctx, def.type, new URLSearchParams(q).entries()));
  const statements: PlanRow['statements'] = [];
  for (const c of queries) {
    if (!/^\s*select/i.test(c.sql) || /from access_policy/.test(c.sql)) continue;
    const { rows } = await raw.query<Record<string, string>>(`explain (analyze, buffers) ${c.sql}`, c.params);
    const plan = rows.map((r) => Object.values(r)[0]).join('\n');
    const m = /Execution Time: ([\d.]+) ms/.exec(plan);
    statements.push({ sql: c.sql, params: c.params, plan, executionMs: m ? Number(m[1]) : undefined });
  }
  return { key: def.key, label: def.label, example: `${def.type}?${q}`, statements };
}

async function storage(db: Db): Promise<StorageRow[]> {
  const { rows } = await db.query<{ table: string; total: number | string; indexes: number | string }>(
    `select c.relname as table, pg_total_relation_size(c.oid) as total, pg_indexes_size(c.oid) as indexes
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind = 'r' and (c.relname like 'fhir_%' or c.relname like 'sp_%')
     order by pg_total_relation_size(c.oid) desc`,
  );
  const out: StorageRow[] = [];
  for (const r of rows) {
    if (!/^[a-z_]+$/.test(r.table)) continue;
    const n = await db.query<{ n: number | string }>(`select count(*) as n from ${r.table}`);
    out.push({ table: r.table, rows: Number(n.rows[0].n), totalBytes: Number(r.total), indexBytes: Number(r.indexes) });
  }
  return out;
}

/** JS-side cost per resource of the two CPU-heavy steps of every write: validation and index extraction. */
function measureCpuCost(): CpuCost[] {
  const gen = new Generator(7);
  const sample = gen.clinicDay(400).entries.map((e) => ({ ...(e.resource as Resource), id: crypto.randomUUID() }) as Resource);
  // references to urn:uuid are left as they are: validation accepts them and the index rows are the same shape
  const out: CpuCost[] = [];
  for (const type of ['Patient', 'Encounter', 'Observation']) {
    const list = sample.filter((r) => r.resourceType === type).slice(0, 200);
    for (const r of list.slice(0, 20)) {
      validateFhirResource(r);
      extractIndexRows(r);
    }
    // best of 5 rounds: the least disturbed by other processes on a shared machine
    let validateMs = Infinity;
    let extractMs = Infinity;
    let rows = 0;
    for (let round = 0; round < 5; round++) {
      let t = performance.now();
      for (const r of list) validateFhirResource(r);
      validateMs = Math.min(validateMs, (performance.now() - t) / list.length);
      t = performance.now();
      rows = 0;
      for (const r of list) {
        const ix = extractIndexRows(r);
        rows += Object.values(ix).reduce((s, l) => s + l.length, 0);
      }
      extractMs = Math.min(extractMs, (performance.now() - t) / list.length);
    }
    out.push({ resourceType: type, validateMs, extractMs, indexRows: rows / list.length });
  }
  return out;
}

function machineInfo(postgres: string): MachineInfo {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) cpu = m[1].trim();
  } catch {
    /* not Linux */
  }
  let pglite = 'unknown';
  try {
    pglite = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* hoisted elsewhere */
  }
  return { cpu, cores: cpus().length, ramBytes: totalmem(), node: process.version, os: `${platform()} ${release()}`, postgres, pglite, loadAvg: loadavg(), ...fingerprint() };
}

/** Hash of the kernel sources under test, and the newest modification time among them. */
function fingerprint(): { sourceFingerprint: string; sourceNewest: string } {
  const hash = createHash('sha256');
  let newest = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        hash.update(path.slice(ROOT.length)).update(readFileSync(path));
        newest = Math.max(newest, st.mtimeMs);
      }
    }
  };
  for (const dir of ['store', 'fhir', 'access', 'db']) walk(join(ROOT, 'packages/kernel/src', dir));
  return { sourceFingerprint: hash.digest('hex').slice(0, 12), sourceNewest: new Date(newest).toISOString() };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    void (active?.cleanup() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

/** Runs the benchmarks named in BENCH_SUITES, in order. */
async function runSuites(): Promise<void> {
  const suites = (process.env.BENCH_SUITES ?? 'store,web,mpi').split(',').map((s) => s.trim()).filter(Boolean);
  const known = ['store', 'web', 'mpi', 'recognition', 'lis'];
  for (const s of suites) if (!known.includes(s)) throw new Error(`BENCH_SUITES: unknown suite "${s}" (${known.join(', ')})`);
  if (suites.includes('store')) await main();
  if (suites.includes('web')) await runWebBench();
  if (suites.includes('mpi')) await runMpiBench();
  if (suites.includes('recognition')) await runRecognitionBench();
  if (suites.includes('lis')) await runLisBench();
}

runSuites().catch(async (err) => {
  console.error(err);
  await active?.cleanup().catch(() => undefined);
  process.exit(1);
});
