import type { Queryable } from '../db/types.ts';
import type { IndexRows } from '../fhir/search/extract.ts';
import { BulkStatement } from './bulk-statement.ts';

/** Queues the search-index rows of many resources: one `unnest` insert per value kind, all in one statement. */
export function queueIndexRows(bulk: BulkStatement, items: { rk: number; resourceType: string; rows: IndexRows }[]): void {
  const cols = <T>(kind: keyof IndexRows, pick: (row: IndexRows[typeof kind][number] & Record<string, unknown>) => T[]) => {
    const out: unknown[][] = [];
    for (const item of items) {
      for (const row of item.rows[kind]) {
        const values = [item.rk, item.resourceType, row.param, (row as { grp?: number }).grp ?? 0, ...pick(row as never)];
        values.forEach((v, idx) => (out[idx] ??= []).push(v));
      }
    }
    return out;
  };
  const run = (table: string, columns: string[], types: string[], data: unknown[][]) => bulk.insert(table, columns, types, data);
  const base = ['rk', 'resource_type', 'param', 'grp'];
  const baseTypes = ['bigint', 'text', 'text', 'smallint'];
  run('sp_string', [...base, 'norm', 'exact'], [...baseTypes, 'text', 'text'], cols('string', (r) => [r.norm, r.exact]));
  run('sp_token', [...base, 'system', 'code', 'text_norm'], [...baseTypes, 'text', 'text', 'text'], cols('token', (r) => [r.system, r.code, r.textNorm]));
  run('sp_date', [...base, 'lo', 'hi'], [...baseTypes, 'timestamptz', 'timestamptz'], cols('date', (r) => [(r.lo as Date).toISOString(), (r.hi as Date).toISOString()]));
  run('sp_number', [...base, 'lo', 'hi'], [...baseTypes, 'numeric', 'numeric'], cols('number', (r) => [r.lo, r.hi]));
  run(
    'sp_quantity',
    [...base, 'system', 'code', 'unit', 'lo', 'hi'],
    [...baseTypes, 'text', 'text', 'text', 'numeric', 'numeric'],
    cols('quantity', (r) => [r.system, r.code, r.unit, r.lo, r.hi]),
  );
  run(
    'sp_reference',
    [...base, 'target_type', 'target_id', 'ref'],
    [...baseTypes, 'text', 'text', 'text'],
    cols('reference', (r) => [r.targetType, r.targetId, r.ref]),
  );
  run('sp_uri', [...base, 'uri'], [...baseTypes, 'text'], cols('uri', (r) => [r.uri]));
}

export async function deleteIndexRows(tx: Queryable, rks: number[]): Promise<void> {
  if (!rks.length) return;
  const bulk = new BulkStatement();
  for (const table of ['sp_string', 'sp_token', 'sp_date', 'sp_number', 'sp_quantity', 'sp_reference', 'sp_uri']) bulk.deleteByRk(table, rks);
  await bulk.run(tx);
}
