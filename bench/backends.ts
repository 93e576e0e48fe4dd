import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres } from '../packages/kernel/src/db/index.ts';
import type { Db } from '../packages/kernel/src/db/types.ts';

export type BackendName = 'pglite' | 'postgres';

export interface OpenedBackend {
  name: BackendName;
  db: Db;
  /** Where the data lives, for the report. */
  location: string;
  /** Notes for the report (e.g. an extension we had to create). */
  notes: string[];
  /** PostgreSQL: a URL (with the schema on its search_path) another process can open the same data with. */
  connectionUrl?: string;
  schema?: string;
  /** Closes the database and removes what the benchmark created (unless kept). */
  cleanup: () => Promise<void>;
}

/** Opens embedded PGlite on a fresh temporary data directory on disk (not in memory, so I/O is real). */
export async function openPgliteBackend(keep: boolean): Promise<OpenedBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'medunion-bench-pglite-'));
  const db = await openPglite(dir);
  let done = false;
  return {
    name: 'pglite',
    db,
    location: `data dir ${dir}`,
    notes: [],
    cleanup: async () => {
      if (done) return;
      done = true;
      await db.close().catch(() => undefined);
      if (keep) console.log(`[pglite] kept data dir ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Server version string, or an error message when PostgreSQL cannot be reached. */
export async function probePostgres(url: string): Promise<{ version: string } | { error: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version()');
    return { version: rows[0].version };
  } catch (err) {
    return { error: (err as Error).message || String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Opens PostgreSQL on a fresh schema `bench_<random>`, dropped by cleanup.
 *
 * The search_path is passed as a connection startup option rather than relying on openPostgres'
 * `connect` hook: that hook is attached after the pool's first connection is made, so that first
 * connection would stay on `public` (the test suites work around the same problem).
 *
 * pg_trgm: the store migration runs `create extension if not exists pg_trgm`, which would create the
 * extension inside our schema (first on the search_path) and `drop schema … cascade` would later drop
 * it — together with trigram indexes of anyone else's schema using it. So when the database has no
 * pg_trgm yet we create it in `public`; when it lives elsewhere we put that schema on our search_path.
 */
export async function openPostgresBackend(url: string, keep: boolean): Promise<OpenedBackend> {
  const notes: string[] = [];
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await admin.connect();
  let extSchema: string;
  try {
    const { rows } = await admin.query<{ schema: string }>(`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`);
    if (rows[0]) extSchema = rows[0].schema;
    else {
      await admin.query('create extension if not exists pg_trgm with schema public');
      extSchema = 'public';
      notes.push('created extension pg_trgm in schema public (it was not installed; left in place)');
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const searchPath = [...new Set([schema, 'public', extSchema])].join(',');
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${searchPath}`);
  const db = await openPostgres(withPath.toString(), { schema, maxConnections: 10 });
  let done = false;
  return {
    name: 'postgres',
    db,
    connectionUrl: withPath.toString(),
    schema,
    location: `schema ${schema}`,
    notes,
    cleanup: async () => {
      if (done) return;
      done = true;
      if (keep) console.log(`[postgres] kept schema ${schema}`);
      else await db.exec(`drop schema if exists ${schema} cascade`).catch((err) => console.error(`[postgres] could not drop schema ${schema}:`, err));
      await db.close().catch(() => undefined);
    },
  };
}
