import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPglite, openPostgres, type Db } from '../src/db/index.ts';

/** PostgreSQL used by tests when reachable (CI on this machine kind has it); override with TEST_DATABASE_URL. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresAvailable: Promise<boolean> | undefined;

export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    if (process.env.TEST_SKIP_POSTGRES === '1') return false;
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresAvailable;
}

export interface TestDbFactory {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database: PGlite in memory, or a new schema on the test PostgreSQL. */
  open(): Promise<Db>;
}

/** Backends every store-level suite runs against: PGlite always, PostgreSQL when reachable. */
export async function testDbFactories(): Promise<TestDbFactory[]> {
  const factories: TestDbFactory[] = [{ name: 'pglite', open: () => openPglite() }];
  if (await isPostgresAvailable()) {
    factories.push({
      name: 'postgres',
      open: async () => {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const db = await openPostgres(TEST_POSTGRES_URL, { schema, maxConnections: 4 });
        const close = db.close.bind(db);
        return {
          ...db,
          close: async () => {
            await db.exec(`drop schema if exists ${schema} cascade`);
            await close();
          },
        };
      },
    });
  }
  return factories;
}
