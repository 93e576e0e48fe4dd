import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types.ts';
import { extractIndexRows } from '../fhir/search/extract.ts';
import { BulkStatement } from './bulk-statement.ts';
import { rowFacts, type RowFacts } from './row-facts.ts';
import { dropPendingIndex, normalizeRow, ROW_COLUMNS, type PendingWrites, type StoredRow } from './write.ts';

const INDEX_TABLES = ['sp_string', 'sp_token', 'sp_date', 'sp_number', 'sp_quantity', 'sp_reference', 'sp_uri'];

export const rowKey = (resourceType: string, id: string): string => `${resourceType}/${id}`;

/**
 * The current rows of many resources, keyed `Type/id`, locked `for update` in rk order (two bulk writers
 * lock their common rows in the same order, so they wait for each other instead of deadlocking).
 */
export async function selectRowsForUpdate(tx: Queryable, keys: { resourceType: string; id: string }[]): Promise<Map<string, StoredRow>> {
  if (!keys.length) return new Map();
  const { rows } = await tx.query<StoredRow>(
    `select ${ROW_COLUMNS} from fhir_resource r join unnest($1::text[], $2::text[]) as k(t, i) on r.resource_type = k.t and r.id = k.i
     order by r.rk for update of r`,
    [keys.map((k) => k.resourceType), keys.map((k) => k.id)],
  );
  return new Map(rows.map((row) => [rowKey(row.resource_type, row.id), normalizeRow(row)]));
}

/** Serialises concurrent creates of these ids (as `updateIn` does for one), in a fixed order. */
export async function lockNewIds(tx: Queryable, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await tx.query('select pg_advisory_xact_lock(hashtext(k)) from unnest($1::text[]) with ordinality as x(k, n) order by n', [[...keys].sort()]);
}

/**
 * Writes new versions of many existing resources in ONE statement: the rows are updated from arrays and
 * their old index rows deleted (data-modifying CTEs); history and new index rows are queued in `pending`
 * like `writeVersion`'s. Returns the row facts in input order.
 */
export async function updateVersions(
  tx: Queryable,
  pending: PendingWrites,
  items: { rk: number; resource: Resource & { id: string }; version: number; lastUpdated: Date; institution: string | null }[],
): Promise<RowFacts[]> {
  if (!items.length) return [];
  const prepared = items.map((item) => {
    const index = extractIndexRows(item.resource);
    return { ...item, index, facts: rowFacts(item.resource, index), content: JSON.stringify(item.resource) };
  });
  const col = <T>(f: (p: (typeof prepared)[number]) => T) => prepared.map(f);
  const rks = col((p) => p.rk);
  dropPendingIndex(pending, ...rks);
  const bulk = new BulkStatement();
  bulk.statement(
    [
      rks,
      col((p) => p.version),
      col((p) => p.lastUpdated.toISOString()),
      col((p) => p.institution),
      // text[][] cannot be ragged, so arrays travel as unit-separator-joined strings (as in insertNewVersions)
      col((p) => (p.facts.patientIds.length ? p.facts.patientIds.join('\u001f') : null)),
      col((p) => (p.facts.security.length ? p.facts.security.join('\u001f') : null)),
      col((p) => p.facts.source),
      col((p) => p.facts.dataTime?.toISOString() ?? null),
      col((p) => p.content),
    ],
    ([rk, v, u, inst, p, sec, src, dt, c]) =>
      `update fhir_resource r set version_id = x.v, last_updated = x.u, institution = x.inst,
         patient_ids = coalesce(string_to_array(x.p, chr(31)), '{}'), security = coalesce(string_to_array(x.sec, chr(31)), '{}'),
         source = x.src, data_time = x.dt, content = x.c::jsonb, deleted = false
       from unnest(${rk}::bigint[], ${v}::int[], ${u}::timestamptz[], ${inst}::text[], ${p}::text[], ${sec}::text[], ${src}::text[], ${dt}::timestamptz[], ${c}::text[])
         as x(rk, v, u, inst, p, sec, src, dt, c)
       where r.rk = x.rk`,
  );
  for (const table of INDEX_TABLES) bulk.deleteByRk(table, rks);
  await bulk.run(tx);
  for (const p of prepared) {
    pending.history.push({ resourceType: p.resource.resourceType, id: p.resource.id, version: p.version, lastUpdated: p.lastUpdated.toISOString(), institution: p.institution, content: p.content });
    pending.index.push({ rk: p.rk, resourceType: p.resource.resourceType, rows: p.index });
  }
  return col((p) => p.facts);
}
