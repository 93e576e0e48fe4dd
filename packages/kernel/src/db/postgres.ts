import pg from 'pg';
import type { Db, QueryResult, Queryable } from './types.ts';

// bigint (int8) columns come back as strings by default; our counters fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export interface PostgresOptions {
  maxConnections?: number;
  /** Use this schema (created if missing) instead of `public`; tests isolate themselves this way. */
  schema?: string;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Db> {
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${options.schema}`);
    } finally {
      await setup.end();
    }
  }
  // search_path as a startup option, so every pooled connection (including the first) uses the schema.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Parallel workers cost more than they save on the small index-driven queries of the store (2-core
    // machines: first page of a token search 10 ms → 1.3 ms without them; docs/benchmarks.md).
    options: [`-c max_parallel_workers_per_gather=0`, ...(options.schema ? [`-c search_path=${options.schema},public`] : [])].join(' '),
  });
  await pool.query('select 1');
  const asResult = <T>(r: pg.QueryResult): QueryResult<T> => ({ rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length });
  return {
    kind: 'postgres',
    query: async <T>(sql: string, params?: readonly unknown[]) => asResult<T>(await pool.query(sql, params as unknown[])),
    exec: async (sql) => void (await pool.query(sql)),
    transaction: async <T>(fn: (tx: Queryable) => Promise<T>) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: async <R>(sql: string, params?: readonly unknown[]) => asResult<R>(await client.query(sql, params as unknown[])) });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
