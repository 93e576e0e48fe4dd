/** Small database reads of the LIS benchmark: counts for the report, planner statistics, the reports to print. */
import type { Db, Queryable } from '../../packages/kernel/src/db/types.ts';
import { LAB } from './patients.ts';

/** Planner statistics on this run's schema only (a bare `analyze` would walk every schema of a shared database). */
export async function analyzeOwnTables(db: Db): Promise<void> {
  if (db.kind !== 'postgres') return;
  const { rows } = await db.query<{ name: string }>(`select tablename as name from pg_tables where schemaname = current_schema()`);
  for (const { name } of rows) if (/^[a-z_0-9]+$/.test(name)) await db.exec(`analyze ${name}`);
}

export interface RunCounts {
  observations: number;
  /** Critical-value notices (Communication) raised. */
  communications: number;
  unmatched: number;
}

export async function runCounts(db: Queryable): Promise<RunCounts> {
  const count = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: number | string }>(sql, params)).rows[0].n);
  return {
    observations: await count(`select count(*) as n from fhir_resource where resource_type = 'Observation' and institution = $1 and not deleted`, [LAB]),
    communications: await count(`select count(*) as n from fhir_resource where resource_type = 'Communication' and institution = $1 and not deleted`, [LAB]),
    unmatched: await count(`select count(*) as n from lis_unmatched_result`),
  };
}

/** Released reports to render, half of each section, spread over the run (deterministic: by report number). */
export async function reportsToPrint(db: Queryable, count: number): Promise<string[]> {
  const out: string[] = [];
  for (const section of ['biochemistry', 'clinical']) {
    const { rows } = await db.query<{ id: string }>(`select report_id as id from lis_report_index where institution = $1 and status = 'final' and section = $2 order by report_no`, [LAB, section]);
    const want = Math.ceil(count / 2);
    const step = Math.max(1, Math.floor(rows.length / want));
    for (let i = 0; i < rows.length && out.length < (section === 'clinical' ? count : want); i += step) out.push(rows[i].id);
  }
  return out;
}
