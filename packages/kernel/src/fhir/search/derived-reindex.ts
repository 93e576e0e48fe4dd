import type { Resource } from '@medplum/fhirtypes';
import type { Migration } from '../../db/migrate.ts';
import type { Queryable } from '../../db/types.ts';
import { BulkStatement } from '../../store/bulk-statement.ts';
import { queueIndexRows } from '../../store/index-writer.ts';
import type { DerivedSearchParameter } from './derived.ts';
import { addValue, emptyIndexRows, type IndexRows } from './extract.ts';
import { PHONETIC_PARAMETERS, PINYIN_BIRTH_YEAR_PARAMETER, PINYIN_PARAMETERS } from './pinyin.ts';

const TABLE_OF_KIND: Record<string, string> = {
  string: 'sp_string',
  token: 'sp_token',
  date: 'sp_date',
  number: 'sp_number',
  quantity: 'sp_quantity',
  reference: 'sp_reference',
  uri: 'sp_uri',
};

/**
 * Rewrites the index rows of the given derived parameters for every stored resource of their types, in
 * batches by `rk`. New resources are indexed when written; this catches up the ones stored before a
 * parameter existed (or before its derivation changed). Returns the number of resources reindexed.
 */
export async function reindexDerivedParameters(tx: Queryable, params: readonly DerivedSearchParameter[], batchSize = 500): Promise<number> {
  const types = [...new Set(params.flatMap((p) => p.definition.base))];
  const codesByTable = new Map<string, Set<string>>();
  for (const { definition } of params) {
    const table = TABLE_OF_KIND[definition.type];
    if (!table) throw new Error(`Derived parameter ${definition.code} has a kind without an index table: ${definition.type}`);
    codesByTable.set(table, (codesByTable.get(table) ?? new Set()).add(definition.code));
  }
  let lastRk = 0;
  let reindexed = 0;
  for (;;) {
    const { rows } = await tx.query<{ rk: number | string; content: Resource }>(
      'select rk, content from fhir_resource where resource_type = any($1::text[]) and not deleted and rk > $2 order by rk limit $3',
      [types, lastRk, batchSize],
    );
    if (rows.length === 0) return reindexed;
    const items = rows.map((row) => ({ rk: Number(row.rk), resourceType: row.content.resourceType, rows: derivedRows(row.content, params) }));
    const rks = items.map((item) => item.rk);
    for (const [table, codes] of codesByTable) {
      await tx.query(`delete from ${table} where rk = any($1::bigint[]) and param = any($2::text[])`, [rks, [...codes]]);
    }
    const bulk = new BulkStatement();
    queueIndexRows(bulk, items);
    await bulk.run(tx);
    reindexed += rows.length;
    lastRk = rks[rks.length - 1];
  }
}

function derivedRows(resource: Resource, params: readonly DerivedSearchParameter[]): IndexRows {
  const rows = emptyIndexRows();
  for (const { definition, values } of params) {
    if (!definition.base.includes(resource.resourceType)) continue;
    const seen = new Set<string>();
    for (const value of values(resource)) {
      const key = JSON.stringify(value.value);
      if (seen.has(key)) continue;
      seen.add(key);
      addValue(rows, definition.type, definition.code, value);
    }
  }
  return rows;
}

/** Reindexing steps for derived parameters added after resources may already have been stored. */
export const derivedSearchMigrations: Migration[] = [
  { id: 'kernel.search.001-pinyin-reindex', up: (tx) => reindexDerivedParameters(tx, PINYIN_PARAMETERS).then(() => undefined) },
  {
    // phonetic became pinyin for Chinese names (it held the names as written, five rows each); pinyin-birthyear is new.
    // Chinese names no longer index the spaced orders ("张 三丰", "三丰 张") either: drop the rows stored before.
    id: 'kernel.search.002-phonetic-and-birthyear',
    up: async (tx) => {
      await reindexDerivedParameters(tx, [...PHONETIC_PARAMETERS, PINYIN_BIRTH_YEAR_PARAMETER]);
      await tx.query(`delete from sp_string where param = 'name' and norm like '% %' and norm ~ '[\u3400-\u9fff]'`);
    },
  },
];
