import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Observation, Patient, Resource } from '@medplum/fhirtypes';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../../kernel/src/db/index.ts';
import { isPostgresAvailable, TEST_POSTGRES_URL } from '../../../kernel/test/dbs.ts';

/**
 * Crash durability of the real server process: every write the server acknowledged (2xx) must survive a
 * SIGKILL sent right after the acknowledgement, with the same version, on PGlite (data dir) and PostgreSQL.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ADMIN_PASSWORD = 'Kill9@Admin1';
const WRITES = 50;
// Every fifth write is an update of an earlier resource.
const CREATES = WRITES - Math.floor(WRITES / 5);
const START_TIMEOUT_MS = 90_000;

const children = new Set<ChildProcess>();
const killAll = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
// Safety net should the worker exit without running afterAll.
process.once('exit', killAll);

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

/** The real CLI in a child process; resolves once /healthz answers 200. */
async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Not the test runner's settings, nor a database/base URL meant for something else.
    if (v === undefined || k.startsWith('VITEST') || ['NODE_OPTIONS', 'DATABASE_URL', 'BASE_URL', 'SEED_DEMO', 'DATA_DIR', 'PORT', 'HOST'].includes(k)) continue;
    base[k] = v;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'start'], {
    cwd: ROOT,
    // Without the patient index: its golden records would add Patients the counts below do not expect (the index's
    // catch-up after a crash rests on the event bus cursor, tested in packages/kernel/test/events).
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ADMIN_PASSWORD, SEED_DEMO: 'false', LISTENER_NOTICE_FEED_PORT: '0', MEDUNION_MODULES: '-mpi', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { child, url, output: () => output };
}

async function kill9(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await exited;
  children.delete(child);
}

async function login(server: Server): Promise<string> {
  const res = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}\n${server.output()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function fhir(server: Server, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/fhir/R4${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

interface Acked {
  type: string;
  id: string;
  versionId: string;
  marker: string;
}

/** Every acknowledged resource reads back (200) at the acknowledged version with its content. */
async function expectAllDurable(server: Server, token: string, acked: Acked[]): Promise<void> {
  const lost: string[] = [];
  for (const a of acked) {
    const res = await fhir(server, token, 'GET', `/${a.type}/${a.id}`);
    const body = res.status === 200 ? ((await res.json()) as Resource) : undefined;
    if (!body || body.meta?.versionId !== a.versionId || !JSON.stringify(body).includes(a.marker)) {
      lost.push(`${a.type}/${a.id} v${a.versionId}: ${res.status} v${body?.meta?.versionId}`);
    }
  }
  expect(lost, 'acknowledged writes lost after SIGKILL').toEqual([]);
}

interface Variant {
  name: string;
  env: () => Record<string, string>;
  setup(): Promise<void>;
  /** Patients stored where this variant says they are (guards against the server silently using another database). */
  storedPatients(): Promise<number>;
  cleanup(): Promise<void>;
}

function pgliteVariant(): Variant {
  let dir = '';
  return {
    name: 'pglite',
    env: () => ({ DATA_DIR: dir }),
    setup: async () => {
      dir = mkdtempSync(join(tmpdir(), 'medunion-kill9-'));
    },
    storedPatients: async () => {
      // Opened only while no server runs on the directory.
      const db = await openPglite(join(dir, 'db'));
      try {
        const { rows } = await db.query<{ n: number | string }>("select count(*) as n from fhir_resource where resource_type = 'Patient'");
        return Number(rows[0].n);
      } finally {
        await db.close();
      }
    },
    cleanup: async () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresVariant(): Variant {
  const schema = `k9_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    name: 'postgres',
    env: () => ({ DATABASE_URL: url.toString(), DATA_DIR: join(tmpdir(), `medunion-kill9-unused-${schema}`) }),
    setup: async () => void (await admin(`create schema ${schema}`)),
    storedPatients: async () => Number((await admin(`select count(*) as n from ${schema}.fhir_resource where resource_type = 'Patient'`))[0].n),
    cleanup: async () => void (await admin(`drop schema if exists ${schema} cascade`)),
  };
}

const variants: Variant[] = [pgliteVariant(), ...((await isPostgresAvailable()) ? [postgresVariant()] : [])];

describe.each(variants)('SIGKILL right after acknowledged writes ($name)', (variant) => {
  let server: Server | undefined;
  const run = randomBytes(4).toString('hex');

  beforeAll(async () => {
    await variant.setup();
  });
  afterAll(async () => {
    killAll();
    for (const child of children) await new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
    children.clear();
    await variant.cleanup();
  });

  const restart = async () => {
    if (server) await kill9(server);
    server = await startServer(variant.env());
    return server;
  };

  it(`${WRITES} acknowledged creates and updates survive kill -9 with the same versionId`, async () => {
    const first = await restart();
    const token = await login(first);
    const acked = new Map<string, Acked>();
    for (let i = 0; i < WRITES; i++) {
      const marker = `k9-${run}-${i}`;
      // Updates too, so versions beyond 1 are checked.
      const previous = i % 5 === 4 ? [...acked.values()][acked.size - 2] : undefined;
      const res = previous
        ? await fhir(first, token, 'PUT', `/Patient/${previous.id}`, { resourceType: 'Patient', id: previous.id, name: [{ family: marker }] }, { 'if-match': `W/"${previous.versionId}"` })
        : await fhir(first, token, 'POST', '/Patient', { resourceType: 'Patient', name: [{ family: marker }] });
      if (res.status !== 200 && res.status !== 201) throw new Error(`write ${i}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as Patient;
      acked.set(body.id!, { type: 'Patient', id: body.id!, versionId: body.meta!.versionId!, marker });
    }
    // Immediately after the last acknowledgement.
    await kill9(first);

    const second = await restart();
    const token2 = await login(second);
    await expectAllDurable(second, token2, [...acked.values()]);
    expect([...acked.values()].some((a) => a.versionId === '2')).toBe(true);
    const total = await fhir(second, token2, 'GET', `/Patient?family=k9-${run}&_summary=count`);
    expect(((await total.json()) as Bundle).total).toBe(acked.size);
    if (variant.name === 'postgres') expect(await variant.storedPatients()).toBe(acked.size);
    // The audit trail of those writes survived as well, and its hash chain is intact.
    const audit = await fetch(`${second.url}/api/audit?action=create&resourceType=Patient&count=1000`, { headers: { authorization: `Bearer ${token2}` } });
    const logged = new Set(((await audit.json()) as { entries: { entity?: { what?: { reference?: string } }[] }[] }).entries.map((e) => e.entity?.[0]?.what?.reference));
    for (const a of acked.values()) expect(logged.has(`Patient/${a.id}`), `audit of Patient/${a.id}`).toBe(true);
    const verify = await fetch(`${second.url}/api/audit/verify`, { headers: { authorization: `Bearer ${token2}` } });
    expect(await verify.json()).toMatchObject({ ok: true });
  }, 240_000);

  it('an acknowledged transaction Bundle survives kill -9 whole', async () => {
    const current = server ?? (await restart());
    const token = await login(current);
    const entries: Bundle['entry'] = [];
    for (let i = 0; i < 10; i++) {
      const patientUrl = `urn:uuid:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      entries.push({ fullUrl: patientUrl, resource: { resourceType: 'Patient', name: [{ family: `k9tx-${run}-${i}` }] }, request: { method: 'POST', url: 'Patient' } });
      entries.push({
        resource: { resourceType: 'Observation', status: 'final', code: { text: `k9tx-${run}-obs-${i}` }, subject: { reference: patientUrl } },
        request: { method: 'POST', url: 'Observation' },
      });
    }
    const res = await fhir(current, token, 'POST', '', { resourceType: 'Bundle', type: 'transaction', entry: entries });
    if (res.status !== 200) throw new Error(`transaction: ${res.status} ${await res.text()}`);
    const out = (await res.json()) as Bundle;
    await kill9(current);

    const acked: Acked[] = out.entry!.map((e, i) => ({
      type: e.resource!.resourceType,
      id: e.resource!.id!,
      versionId: e.resource!.meta!.versionId!,
      marker: i % 2 === 0 ? `k9tx-${run}-${i / 2}` : `k9tx-${run}-obs-${(i - 1) / 2}`,
    }));
    expect(acked).toHaveLength(20);

    const next = await restart();
    const token2 = await login(next);
    await expectAllDurable(next, token2, acked);
    // References were resolved before commit and are intact after the crash.
    for (let i = 1; i < out.entry!.length; i += 2) {
      const obs = (await (await fhir(next, token2, 'GET', `/Observation/${acked[i].id}`)).json()) as Observation;
      expect(obs.subject?.reference).toBe(`Patient/${acked[i - 1].id}`);
    }
    // With the server gone, the data is where the variant says it is (a PGlite directory admits one process at a time,
    // so this is checked only now, leaving both restarts above to recover from the crash by themselves).
    await kill9(next);
    server = undefined;
    expect(await variant.storedPatients()).toBe(CREATES + 10);
  }, 240_000);
});
