import { performance } from 'node:perf_hooks';
import type { Db, Queryable } from '../packages/kernel/src/db/types.ts';

export interface CapturedQuery {
  sql: string;
  params: readonly unknown[];
  ms: number;
}

/** Per-statement-shape totals: how many round trips a workload makes and where database time goes. */
export interface StatementStats {
  count: number;
  ms: number;
}

/**
 * Wraps a Db so the benchmark can see the SQL the store generates: capture the statements of one
 * operation (to EXPLAIN them), and total the time per statement shape (to profile a write path).
 * When neither is switched on it only forwards calls.
 */
export class InstrumentedDb {
  readonly db: Db;
  private capture: CapturedQuery[] | undefined;
  private stats: Map<string, StatementStats> | undefined;

  constructor(private readonly inner: Db) {
    const record = (sql: string, params: readonly unknown[] | undefined, started: number) => {
      if (!this.capture && !this.stats) return;
      const ms = performance.now() - started;
      this.capture?.push({ sql, params: [...(params ?? [])], ms }); // copy: callers may push to the array afterwards
      if (this.stats) {
        const key = statementShape(sql);
        const s = this.stats.get(key) ?? { count: 0, ms: 0 };
        s.count++;
        s.ms += ms;
        this.stats.set(key, s);
      }
    };
    const wrap = (q: Queryable): Queryable['query'] =>
      async <T>(sql: string, params?: readonly unknown[]) => {
        const started = performance.now();
        const result = await q.query<T>(sql, params);
        record(sql, params, started);
        return result;
      };
    this.db = {
      kind: inner.kind,
      query: wrap(inner),
      exec: (sql) => inner.exec(sql),
      transaction: <T>(fn: (tx: Queryable) => Promise<T>) => {
        const started = performance.now();
        return inner
          .transaction((tx) => fn({ query: wrap(tx) }))
          .finally(() => {
            if (this.stats) {
              // Time spent in the transaction beyond its statements (begin/commit, JS work) is the rest.
              const s = this.stats.get('(transaction wall time)') ?? { count: 0, ms: 0 };
              s.count++;
              s.ms += performance.now() - started;
              this.stats.set('(transaction wall time)', s);
            }
          });
      },
      close: () => inner.close(),
    };
  }

  /** Runs `fn` and returns the statements it issued. */
  async captured<T>(fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
    const queries: CapturedQuery[] = [];
    this.capture = queries;
    try {
      return { result: await fn(), queries };
    } finally {
      this.capture = undefined;
    }
  }

  /** Runs `fn` and totals its statements by shape. */
  async profiled<T>(fn: () => Promise<T>): Promise<{ result: T; stats: Map<string, StatementStats> }> {
    const stats = new Map<string, StatementStats>();
    this.stats = stats;
    try {
      return { result: await fn(), stats };
    } finally {
      this.stats = undefined;
    }
  }
}

/** A short label for a statement: its verb and main table (`insert sp_token`, `select fhir_resource`). */
export function statementShape(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  const verb = s.split(' ')[0];
  if (verb === 'with') {
    // data-modifying CTEs (one round trip for several tables): name what it writes
    const writes = [...s.matchAll(/(insert into|delete from|update) (\w+)/g)].map((x) => `${x[1].split(' ')[0]} ${x[2]}`);
    if (writes.length) return `with … ${[...new Set(writes)].join(', ')}`;
  }
  let m: RegExpExecArray | null = null;
  if (verb === 'insert') m = /^insert into (\w+)/.exec(s);
  else if (verb === 'update') m = /^update (\w+)/.exec(s);
  else if (verb === 'delete') m = /^delete from (\w+)/.exec(s);
  else if (verb === 'select') {
    if (s.includes('pg_advisory')) return 'select pg_advisory_xact_lock';
    if (s.startsWith('select patient_ids[1]')) return 'select patient_ids[1] (patientOf)';
    if (s.startsWith('select 1 from fhir_resource r where r.rk')) return 'select 1 … (assertWritable)';
    m = /from (\w+)/.exec(s);
  }
  return m ? `${verb} ${m[1]}` : verb;
}
