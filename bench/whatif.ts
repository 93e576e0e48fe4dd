/**
 * What-if experiments behind the suggestions in docs/benchmarks.md. Not part of `npm run bench`, and
 * nothing here changes the store: it prototypes alternatives next to it so their payoff is measured,
 * not guessed.
 *
 *   tsx bench/whatif.ts writes            CPU profile of store.bundle: where Node's time goes per resource (fresh PostgreSQL schema and PGlite)
 *   tsx bench/whatif.ts queries <schema>  alternative SQL shapes / indexes for the slow searches, on a schema kept by
 *                                         `BENCH_KEEP=1 npm run bench` (PostgreSQL); drops nothing but the indexes it adds
 *   tsx bench/whatif.ts pglite-nostats <dir>  searches on a kept PGlite dir with and without planner statistics
 */
import { Session } from 'node:inspector/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BundleEntry } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL } from '../packages/kernel/src/access/principal.ts';
import { openPglite, openPostgres, runMigrations } from '../packages/kernel/src/db/index.ts';
import type { Db } from '../packages/kernel/src/db/types.ts';
import { loadFhirDefinitions } from '../packages/kernel/src/fhir/validation/index.ts';
import { FhirStore } from '../packages/kernel/src/store/fhir-store.ts';
import { storeMigrations } from '../packages/kernel/src/store/migrations.ts';
import { openPostgresBackend } from './backends.ts';
import { DATA_DAYS, dayOf, Generator, ID_CARD_SYSTEM, LABS, LOINC } from './data.ts';
import { fmtMs, fmtRate, summarize } from './stats.ts';

const URL_ = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------- writes

/**
 * Where Node's time goes inside `store.bundle` (transaction of 100 POSTs): a CPU profile (node:inspector)
 * of N bundles, with samples attributed to the outermost store step on their stack.
 */
async function writes(): Promise<void> {
  loadFhirDefinitions();
  const bundles = Number(process.env.WHATIF_BUNDLES ?? 40);
  for (const kind of ['postgres', 'pglite'] as const) {
    let db: Db;
    let cleanup: () => Promise<void>;
    if (kind === 'postgres') {
      const url = new URL(URL_);
      url.searchParams.set('application_name', APP_NAME);
      const b = await openPostgresBackend(url.toString(), false);
      db = b.db;
      cleanup = b.cleanup;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'medunion-whatif-'));
      db = await openPglite(dir);
      cleanup = async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      };
    }
    try {
      await runMigrations(db, storeMigrations);
      const store = new FhirStore({ db, policies: async () => [] });
      const gen = new Generator(11);
      const serverCpu = async () => {
        if (kind !== 'postgres') return 0;
        const { rows } = await db.query<{ pid: number }>('select pid from pg_stat_activity where application_name = $1', [APP_NAME]);
        return rows.reduce((sum, r) => sum + backendCpuMs(r.pid), 0);
      };
      const run = (entry: BundleEntry[]) => store.bundle({ principal: SYSTEM_PRINCIPAL }, { resourceType: 'Bundle', type: 'transaction', entry });
      for (let i = 0; i < 5; i++) await run(gen.patientsAndObservations(100).entries); // warm-up (JIT)
      const input = Array.from({ length: bundles }, () => gen.patientsAndObservations(100).entries);
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      const server0 = await serverCpu();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (const entries of input) await run(entries);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const serverMs = (await serverCpu()) - server0;
      const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      const resources = bundles * 100;
      console.log(
        `\n${kind}: ${bundles} bundles, ${fmtRate(resources / (wall / 1000))} resources/s, wall ${fmtMs(wall / resources)} ms/resource, ` +
          `Node CPU ${fmtMs((cpu.user + cpu.system) / 1000 / resources)} ms/resource` +
          (kind === 'postgres' ? `, PostgreSQL backend CPU ${fmtMs(serverMs / resources)} ms/resource` : ' (PGlite runs in this thread)'),
      );
      for (const [step, ms] of attribute(profile)) console.log(`  ${step.padEnd(64)} ${fmtMs(ms / resources).padStart(6)} ms/resource  ${((100 * ms) / wall).toFixed(0).padStart(3)}% of wall`);
    } finally {
      await cleanup();
    }
  }
}

const APP_NAME = 'medunion-bench-whatif';

/** utime + stime of a local PostgreSQL backend process, in ms (Linux /proc, clock ticks of 10 ms). */
function backendCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Store steps; a sample counts for the innermost of these on its stack (matched on `function@file`). */
const STEPS: [string, RegExp][] = [
  ['validateFhirResource: @medplum/core validateResource', /^medplumIssues@.*validation\/medplum\.ts/],
  ['validateFhirResource: our schema walk (schema-checks.ts)', /^schemaIssues@/],
  ['validateFhirResource: other', /^validateFhirResource@/],
  ['extractIndexRows (FHIRPath over all search parameters)', /^extractIndexRows@/],
  ['rowFacts', /^rowFacts@/],
  ['resolveReferences (urn:uuid rewrite, deep copy)', /^resolveReferences@/],
  ['JSON.stringify', /^stringify@$/],
  ['database driver (pg / PGlite: serialise, protocol, socket or WASM)', /@.*node_modules\/(pg|pg-protocol|pg-types|postgres-array|@electric-sql)\//],
  ['node:net / streams (socket writes)', /@node:(net|internal\/streams|internal\/stream_base_commons)/],
];

function attribute(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = profile.timeDeltas[i] / 1000;
    const leaf = byId.get(profile.samples[i])!.callFrame.functionName;
    let step = leaf === '(idle)' ? 'idle (waiting for the database)' : leaf === '(garbage collector)' ? 'garbage collection' : leaf === '(program)' ? 'V8 / native (program)' : '';
    for (let id: number | undefined = profile.samples[i]; id !== undefined && !step; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const key = `${f.functionName}@${f.url}`;
      const hit = STEPS.find(([, re]) => re.test(key));
      if (hit) step = hit[0];
    }
    step ||= 'other JS (store, bundle, tsx, medplum outside validation)';
    totals.set(step, (totals.get(step) ?? 0) + ms);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
}

// ---------------------------------------------------------------- queries

interface Variant {
  name: string;
  sql: string;
  params: unknown[];
  /** Session settings for this variant (`set local …`, inside the EXPLAIN's transaction). */
  settings?: string[];
}

async function explainMs(db: Db, v: Variant): Promise<{ ms: number; plan: string }> {
  const rows = await db.transaction(async (tx) => {
    for (const s of v.settings ?? []) await tx.query(`set local ${s}`);
    return (await tx.query<Record<string, string>>(`explain (analyze, buffers) ${v.sql}`, v.params)).rows;
  });
  const plan = rows.map((r) => Object.values(r)[0]).join('\n');
  return { ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan };
}

async function compare(db: Db, title: string, make: () => Variant[], rounds = 20): Promise<void> {
  console.log(`\n=== ${title}`);
  const times = new Map<string, number[]>();
  const plans = new Map<string, string>();
  for (let i = 0; i < rounds; i++) {
    for (const v of make()) {
      const { ms, plan } = await explainMs(db, v);
      (times.get(v.name) ?? times.set(v.name, []).get(v.name)!).push(ms);
      if (!plans.has(v.name)) plans.set(v.name, plan);
    }
  }
  for (const [name, list] of times) {
    const s = summarize(list);
    console.log(`  ${name.padEnd(78)} execution p50 ${fmtMs(s.p50).padStart(7)} ms  p95 ${fmtMs(s.p95).padStart(7)} ms  max ${fmtMs(s.max).padStart(7)} ms`);
  }
  if (process.env.WHATIF_PLANS === '1') for (const [name, plan] of plans) console.log(`--- ${name}\n${plan}`);
}

async function rowEstimate(db: Db, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await db.query<Record<string, string>>(`explain ${sql}`, params);
  return /rows=(\d+)/.exec(Object.values(rows[0])[0])?.[1] ?? '?';
}

/** Statement-level alternatives, timed with EXPLAIN (ANALYZE) execution time on the same data (random values each round). */
async function queries(schema: string): Promise<void> {
  if (!/^bench_[a-z0-9]+$/.test(schema)) throw new Error('usage: tsx bench/whatif.ts queries bench_<id> (a schema kept by BENCH_KEEP=1)');
  const sections = new Set((process.env.WHATIF_SECTIONS ?? 'date,chained,token,doctor,total').split(','));
  const url = new URL(URL_);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  const db = await openPostgres(url.toString(), { maxConnections: 2 });
  const gen = new Generator(99);
  const order = 'order by r.last_updated desc, r.rk desc limit 21';
  const codeSql = (extra = '') => `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_token i where i.rk = r.rk and i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2)${extra} ${order}`;
  const countSql = `select count(*) from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_token i where i.rk = r.rk and i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2)`;
  const code = () => gen.pick(LABS).code;

  if (sections.has('date')) {
    const dayRange = () => {
      const d = gen.int(0, DATA_DAYS - 1);
      return [new Date(`${dayOf(d)}T00:00:00Z`).toISOString(), new Date(`${dayOf(d + 1)}T00:00:00Z`).toISOString()];
    };
    await compare(db, 'date: Observation?date=ge<day>&date=lt<day+1>&_count=20', () => {
      const [lo, hi] = dayRange();
      return [
        {
          name: 'old shape: one EXISTS per prefix (before migration 003)',
          sql: `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_date a where a.rk = r.rk and a.resource_type = 'Observation' and a.param = 'date' and a.hi >= $1::timestamptz)
              and exists (select 1 from sp_date b where b.rk = r.rk and b.resource_type = 'Observation' and b.param = 'date' and b.lo < $2::timestamptz) ${order}`,
          params: [lo, hi],
        },
        {
          name: 'both prefixes in ONE EXISTS, no range operator',
          sql: `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_date a where a.rk = r.rk and a.resource_type = 'Observation' and a.param = 'date' and a.hi >= $1::timestamptz and a.lo < $2::timestamptz) ${order}`,
          params: [lo, hi],
        },
        {
          name: 'current shape: one EXISTS + tstzrange(lo, hi) && window (GiST sp_date_range)',
          sql: `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_date a where a.rk = r.rk and a.resource_type = 'Observation' and a.param = 'date' and a.hi >= $1::timestamptz and a.lo < $2::timestamptz
                          and tstzrange(a.lo, a.hi, '[]') && tstzrange($1::timestamptz, $2::timestamptz, '[]')) ${order}`,
          params: [lo, hi],
        },
      ];
    });
  }

  if (sections.has('chained')) {
    const { rows: idents } = await db.query<{ code: string }>(
      `select i.code from sp_token i join fhir_resource p on p.rk = i.rk where i.resource_type = 'Patient' and i.param = 'identifier' and i.system = $1
       and exists (select 1 from sp_reference c where c.resource_type = 'Observation' and c.param = 'subject' and c.target_type = 'Patient' and c.target_id = p.id)
       order by random() limit 200`,
      [ID_CARD_SYSTEM],
    );
    await compare(db, 'chained: Observation?subject.identifier=system|value', () => {
      const v = gen.pick(idents).code;
      const types = ['Group', 'Device', 'Patient', 'Location'];
      const perType = types
        .map((t, n) => `(t.resource_type = '${t}' and exists (select 1 from sp_token i${n} where i${n}.rk = t.rk and i${n}.resource_type = '${t}' and i${n}.param = 'identifier' and i${n}.code = $1 and i${n}.system = $2))`)
        .join(' or ');
      const branches = types
        .map((t, n) => `select t${n}.resource_type, t${n}.id from fhir_resource t${n} where t${n}.resource_type = '${t}' and not t${n}.deleted
           and exists (select 1 from sp_token j${n} where j${n}.rk = t${n}.rk and j${n}.resource_type = '${t}' and j${n}.param = 'identifier' and j${n}.code = $1 and j${n}.system = $2)`)
        .join(' union all ');
      return [
        {
          name: 'old shape: EXISTS(ref JOIN target WHERE OR over 4 target types)',
          sql: `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and exists (select 1 from sp_reference c join fhir_resource t on t.resource_type = c.target_type and t.id = c.target_id
                          where c.rk = r.rk and c.resource_type = 'Observation' and c.param = 'subject' and not t.deleted and (${perType})) ${order}`,
          params: [v, ID_CARD_SYSTEM],
        },
        {
          name: 'current shape: rk IN (refs whose (type, id) IN (UNION ALL of per-type targets))',
          sql: `select r.rk, r.content from fhir_resource r where r.resource_type = 'Observation' and not r.deleted
              and r.rk in (select c.rk from sp_reference c where c.resource_type = 'Observation' and c.param = 'subject'
                           and (c.target_type, c.target_id) in (${branches})) ${order}`,
          params: [v, ID_CARD_SYSTEM],
        },
      ];
    });
  }

  if (sections.has('token')) {
    // Observation?code=loinc|X: ~1/12 of Observations match; the first page is the 20 most recently updated.
    const probe = [code(), LOINC];
    const before = await rowEstimate(db, `select 1 from sp_token i where i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2`, probe);
    const actual = (await db.query<{ n: string }>(`select count(*) as n from sp_token i where i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2`, probe)).rows[0].n;
    console.log(`\n  sp_token row estimate for code=${probe[0]}: ${before} (actual ${actual})`);
    const variants = (label: string) => (): Variant[] => {
      const c = code();
      return [
        { name: `${label}: as generated`, sql: codeSql(), params: [c, LOINC] },
        { name: `${label}: as generated, max_parallel_workers_per_gather = 0`, sql: codeSql(), params: [c, LOINC], settings: ['max_parallel_workers_per_gather = 0'] },
        { name: `${label}: + doctor policy (institution = any(…))`, sql: codeSql(` and (r.institution = any($3::text[]))`), params: [c, LOINC, ['org-thc-chengguan']] },
        {
          name: `${label}: + doctor policy, no parallel workers`,
          sql: codeSql(` and (r.institution = any($3::text[]))`),
          params: [c, LOINC, ['org-thc-chengguan']],
          settings: ['max_parallel_workers_per_gather = 0'],
        },
      ];
    };
    await compare(db, 'token: Observation?code=loinc|X, first page (default statistics)', variants('default stats'));
    await db.exec('create statistics if not exists whatif_sp_token_stats (dependencies, mcv) on resource_type, param, code, system from sp_token');
    await db.exec('analyze sp_token');
    console.log(`  sp_token row estimate with extended statistics: ${await rowEstimate(db, `select 1 from sp_token i where i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2`, probe)} (actual ${actual})`);
    await compare(db, 'token: Observation?code=loinc|X, first page (extended statistics on sp_token)', variants('extended stats'));
    await db.exec('create index if not exists whatif_sp_token_rk_param on sp_token (rk, param)');
    await compare(db, 'token: … with extended statistics and an index on sp_token (rk, param)', () => {
      const c = code();
      return [
        { name: 'rk+param index: as generated', sql: codeSql(), params: [c, LOINC] },
        { name: 'rk+param index: + doctor policy', sql: codeSql(` and (r.institution = any($3::text[]))`), params: [c, LOINC, ['org-thc-chengguan']] },
      ];
    });
    await db.exec('drop index if exists whatif_sp_token_rk_param');
    await db.exec('drop statistics if exists whatif_sp_token_stats');
    await db.exec('analyze sp_token');
  }

  if (sections.has('doctor')) {
    // The `own` policy adds `r.institution = any($n::text[])`; ~1/6 of rows pass it, so walking the
    // (resource_type, last_updated) index backwards to fill a page reads ~6× more rows, and the planner
    // flips to the hash plan (all ~6,300 code matches, then sort) for some codes.
    await db.exec('create statistics if not exists whatif_sp_token_stats (dependencies, mcv) on resource_type, param, code, system from sp_token');
    await db.exec('analyze sp_token');
    await db.exec('create index if not exists whatif_res_type_inst_updated on fhir_resource (resource_type, institution, last_updated)');
    await db.exec('analyze fhir_resource');
    await compare(db, 'doctor: Observation?code=loinc|X with the `own` policy; extended stats, no parallel workers, index (resource_type, institution, last_updated)', () => {
      const c = code();
      return [
        {
          name: 'institution = any(array)  (as generated)',
          sql: codeSql(` and (r.institution = any($3::text[]))`),
          params: [c, LOINC, ['org-thc-chengguan']],
          settings: ['max_parallel_workers_per_gather = 0'],
        },
        {
          name: 'institution = $3  (one institution: plain equality keeps index order)',
          sql: codeSql(` and (r.institution = $3)`),
          params: [c, LOINC, 'org-thc-chengguan'],
          settings: ['max_parallel_workers_per_gather = 0'],
        },
      ];
    });
    await db.exec('drop index if exists whatif_res_type_inst_updated');
    await db.exec('drop statistics if exists whatif_sp_token_stats');
    await db.exec('analyze sp_token');
    await db.exec('analyze fhir_resource');
  }

  if (sections.has('total')) {
    await compare(db, '_total=accurate: count of Observation?code=loinc|X (~6,300 matches)', () => {
      const c = code();
      return [
        { name: 'as generated: count(*) over fhir_resource semi-join sp_token', sql: countSql, params: [c, LOINC] },
        {
          name: 'counted on the index alone: count(distinct rk) from sp_token (index rows of deleted resources are removed)',
          sql: `select count(distinct i.rk) from sp_token i where i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2`,
          params: [c, LOINC],
        },
        {
          name: 'planner estimate instead (EXPLAIN row count, i.e. _total=estimate)',
          sql: `select 1 from sp_token i where i.resource_type = 'Observation' and i.param = 'code' and i.code = $1 and i.system = $2 limit 0`,
          params: [c, LOINC],
        },
      ];
    });
  }
  await db.close();
}

// ---------------------------------------------------------------- PGlite without statistics

/** The statements `fn` sends through `db` (the store is built on the wrapped db). */
async function captureSql(db: Db, fn: () => Promise<unknown>, dryRun = false): Promise<{ queries: { sql: string; params: unknown[] }[] }> {
  const queries: { sql: string; params: unknown[] }[] = [];
  const original = db.query.bind(db);
  (db as { query: Db['query'] }).query = (async (sql: string, params?: readonly unknown[]) => {
    queries.push({ sql, params: [...(params ?? [])] });
    return dryRun ? { rows: [], rowCount: 0 } : original(sql, params);
  }) as Db['query'];
  try {
    await fn();
  } finally {
    (db as { query: Db['query'] }).query = original;
  }
  return { queries };
}

/**
 * PGlite never auto-analyzes (no autovacuum worker in the embedded single-process server). On a PGlite
 * data dir kept by `BENCH_KEEP=1 npm run bench` (which ran VACUUM ANALYZE), time a few searches, then
 * wipe the planner statistics to the never-analyzed state and time them again. Destroys nothing but stats.
 */
async function pgliteNoStats(dir: string): Promise<void> {
  if (!dir || !dir.includes('medunion-bench-pglite-')) throw new Error('usage: tsx bench/whatif.ts pglite-nostats /tmp/medunion-bench-pglite-XXXX');
  loadFhirDefinitions();
  const db = await openPglite(dir);
  const store = new FhirStore({ db, policies: async () => [] });
  const ctx = { principal: SYSTEM_PRINCIPAL };
  const gen = new Generator(5);
  const { rows: idents } = await db.query<{ code: string }>(`select code from sp_token where resource_type = 'Patient' and param = 'identifier' and system = $1 order by random() limit 200`, [ID_CARD_SYSTEM]);
  const { rows: names } = await db.query<{ norm: string }>(`select left(norm, 2) as norm from sp_string where resource_type = 'Patient' and param = 'name' and length(norm) = 3 order by random() limit 200`);
  const kinds: [string, string, () => string][] = [
    ['token identifier', 'Patient', () => `identifier=${ID_CARD_SYSTEM}|${gen.pick(idents).code}`],
    ['token code', 'Observation', () => `code=${LOINC}|${gen.pick(LABS).code}`],
    ['string name', 'Patient', () => `name=${gen.pick(names).norm}`],
    ['code + _total=accurate', 'Observation', () => `code=${LOINC}|${gen.pick(LABS).code}&_total=accurate`],
    // last: without statistics one query can take minutes (and PGlite ignores statement_timeout)
    ['date one day', 'Observation', () => {
      const d = gen.int(0, DATA_DAYS - 1);
      return `date=ge${dayOf(d)}&date=lt${dayOf(d + 1)}&_count=20`;
    }],
  ];
  const measure = async (label: string) => {
    for (const [name, type, make] of kinds) {
      const lat: number[] = [];
      const stopAt = performance.now() + 20_000;
      for (let i = 0; i < 40 && performance.now() < stopAt; i++) {
        const t = performance.now();
        await store.search(ctx, type, new URLSearchParams(make()).entries());
        lat.push(performance.now() - t);
      }
      if (lat.length > 6) lat.splice(0, 3); // warm-up
      const s = summarize(lat);
      console.log(`  ${label.padEnd(22)} ${name.padEnd(24)} n=${String(s.n).padStart(2)} p50 ${fmtMs(s.p50).padStart(7)} ms  p95 ${fmtMs(s.p95).padStart(7)} ms`);
    }
  };
  const planOnly = process.env.WHATIF_PLAN_ONLY === '1';
  await db.exec('analyze');
  if (!planOnly && process.env.WHATIF_SKIP_ANALYZED !== '1') await measure('analyzed');
  const tables = ['fhir_resource', 'fhir_history', 'sp_string', 'sp_token', 'sp_date', 'sp_number', 'sp_quantity', 'sp_reference', 'sp_uri'];
  await db.exec(`delete from pg_statistic where starelid in (${tables.map((t) => `'${t}'::regclass`).join(', ')})`);
  await db.exec(`update pg_class set reltuples = -1, relpages = 0, relallvisible = 0 where oid in (${tables.map((t) => `'${t}'::regclass`).join(', ')})`);
  const d = gen.int(0, DATA_DAYS - 1);
  const { queries } = await captureSql(db, () => store.search(ctx, 'Observation', new URLSearchParams(`date=ge${dayOf(d)}&date=lt${dayOf(d + 1)}&_count=20`).entries()), true);
  // plain EXPLAIN: executing it takes minutes without statistics
  const plan = await db.query<Record<string, string>>(`explain ${queries[0].sql}`, queries[0].params);
  console.log(`\n  never analyzed: plan of the date search\n${plan.rows.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`);
  if (!planOnly) await measure('never analyzed');
  await db.exec('analyze');
  await db.close();
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'writes') await writes();
else if (mode === 'queries') await queries(arg);
else if (mode === 'pglite-nostats') await pgliteNoStats(arg);
else {
  console.error('usage: tsx bench/whatif.ts writes | queries <bench_schema> | pglite-nostats <pglite dir>');
  process.exit(2);
}
