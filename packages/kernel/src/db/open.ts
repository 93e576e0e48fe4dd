import { join } from 'node:path';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

/** PostgreSQL when a URL is given, otherwise embedded PGlite under `<dataDir>/db` (in memory when dataDir is null). */
export function openDb(options: { databaseUrl?: string; dataDir?: string | null }): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir ? join(options.dataDir, 'db') : undefined);
}
