import type { Db, Queryable } from './types.ts';

/** A schema change owned by the kernel or a module. Ids are global, so prefix them with the owner id. */
export interface Migration {
  id: string;
  up: string | ((tx: Queryable) => Promise<void>);
}

// Serialises migrations across processes sharing one PostgreSQL.
const MIGRATION_LOCK = 727_100_001;

export async function runMigrations(db: Db, migrations: readonly Migration[]): Promise<string[]> {
  await db.exec('create table if not exists schema_migration (id text primary key, applied_at timestamptz not null default now())');
  const applied: string[] = [];
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('select 1 from schema_migration where id = $1', [migration.id]);
      if (done.rows.length > 0) return;
      if (typeof migration.up === 'string') {
        for (const statement of splitStatements(migration.up)) await tx.query(statement);
      } else {
        await migration.up(tx);
      }
      await tx.query('insert into schema_migration (id) values ($1)', [migration.id]);
      applied.push(migration.id);
    });
  }
  // Fresh tables have no planner statistics, and PGlite has no autovacuum to gather them. (On PostgreSQL
  // autovacuum does this; a database-wide ANALYZE at start-up would be slow on a large region database.)
  if (applied.length && db.kind === 'pglite') await db.exec('analyze');
  return applied;
}

/** Splits a migration script on `;` at line ends (our scripts keep one statement per `;`-terminated block, no functions with bodies). */
export function splitStatements(script: string): string[] {
  return script
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
