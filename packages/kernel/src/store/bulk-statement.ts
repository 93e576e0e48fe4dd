import type { Queryable } from '../db/types.ts';

/**
 * Several `insert … select from unnest(…)` or `delete` statements sent as ONE statement of data-modifying
 * CTEs: a write touches up to nine tables, and one round trip instead of nine is most of a single
 * create's cost on PostgreSQL.
 */
export class BulkStatement {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  /** Queues `insert into table (columns) select * from unnest(columns as arrays of types)`. */
  insert(table: string, columns: string[], types: string[], data: unknown[][], select = '*'): this {
    if (!data.length || !data[0]?.length) return this;
    const args = types.map((t, i) => `$${this.params.length + i + 1}::${t}[]`).join(', ');
    this.params.push(...data);
    this.parts.push(`insert into ${table} (${columns.join(', ')}) select ${select} from unnest(${args}) as x(${columns.map((_, i) => `c${i}`).join(', ')})`);
    return this;
  }

  /** Queues `delete from table where rk = any(rks)`. */
  deleteByRk(table: string, rks: number[]): this {
    if (!rks.length) return this;
    this.params.push(rks);
    this.parts.push(`delete from ${table} where rk = any($${this.params.length}::bigint[])`);
    return this;
  }

  /** Queues any data-modifying statement; `sql` gets the placeholders (`$n`) of `values`, in order. */
  statement(values: unknown[], sql: (placeholders: string[]) => string): this {
    const placeholders = values.map((_, i) => `$${this.params.length + i + 1}`);
    this.params.push(...values);
    this.parts.push(sql(placeholders));
    return this;
  }

  async run(tx: Queryable): Promise<void> {
    if (this.parts.length === 0) return;
    if (this.parts.length === 1) {
      await tx.query(this.parts[0], this.params);
      return;
    }
    const ctes = this.parts.map((sql, i) => `w${i} as (${sql})`).join(', ');
    await tx.query(`with ${ctes} select 1`, this.params);
  }
}
