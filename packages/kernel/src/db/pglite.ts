import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Mutex } from './mutex.ts';
import type { Db, QueryResult, Queryable } from './types.ts';

/** Embedded PostgreSQL (PGlite). `dataDir` undefined means in-memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const mutex = new Mutex();
  const asResult = <T>(r: { rows: unknown[]; affectedRows?: number }): QueryResult<T> => ({
    rows: r.rows as T[],
    rowCount: r.affectedRows ?? r.rows.length,
  });
  return {
    kind: 'pglite',
    query: <T>(sql: string, params?: readonly unknown[]) =>
      mutex.run(async () => asResult<T>(await pg.query(sql, params as unknown[]))),
    exec: (sql) => mutex.run(async () => void (await pg.exec(sql))),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      mutex.run(() =>
        pg.transaction(async (tx) =>
          fn({ query: async <R>(sql: string, params?: readonly unknown[]) => asResult<R>(await tx.query(sql, params as unknown[])) }),
        ),
      ),
    close: () => mutex.run(() => pg.close()),
  };
}
