import type { Resource } from '@medplum/fhirtypes';
import type { Queryable } from '../db/types.ts';
import { extractIndexRows, type IndexRows } from '../fhir/search/extract.ts';
import { BulkStatement } from './bulk-statement.ts';
import { deleteIndexRows, queueIndexRows } from './index-writer.ts';
import { rowFacts, type RowFacts } from './row-facts.ts';

/** The stored row of a resource (current version). */
export interface StoredRow {
  rk: number;
  resource_type: string;
  id: string;
  version_id: number;
  last_updated: Date | string;
  deleted: boolean;
  institution: string | null;
  patient_ids: string[];
  content: Resource;
}

export const ROW_COLUMNS = 'r.rk, r.resource_type, r.id, r.version_id, r.last_updated, r.deleted, r.institution, r.patient_ids, r.content';

export async function selectRow(q: Queryable, resourceType: string, id: string, forUpdate: boolean): Promise<StoredRow | undefined> {
  const { rows } = await q.query<StoredRow>(
    `select ${ROW_COLUMNS} from fhir_resource r where r.resource_type = $1 and r.id = $2${forUpdate ? ' for update' : ''}`,
    [resourceType, id],
  );
  return rows[0] ? normalizeRow(rows[0]) : undefined;
}

/** pg returns jsonb as objects and PGlite too, but bigint/int come back differently; make them uniform. */
export function normalizeRow(row: StoredRow): StoredRow {
  return { ...row, rk: Number(row.rk), version_id: Number(row.version_id) };
}

/** Index and history rows of written versions, inserted in bulk before the transaction next reads or commits. */
export interface PendingWrites {
  index: { rk: number; resourceType: string; rows: IndexRows }[];
  history: { resourceType: string; id: string; version: number; lastUpdated: string; institution: string | null; content: string }[];
}

export const emptyPending = (): PendingWrites => ({ index: [], history: [] });

/**
 * Inserts or replaces the current version of a resource. Its history row and search-index rows are
 * queued in `pending` and written by `flushPending` in a few bulk statements per transaction, which is
 * what makes a 100-entry Bundle cost a handful of round trips instead of a thousand.
 */
export async function writeVersion(
  tx: Queryable,
  pending: PendingWrites,
  resource: Resource & { id: string },
  version: number,
  lastUpdated: Date,
  institution: string | null,
  existingRk: number | undefined,
): Promise<{ rk: number; facts: RowFacts }> {
  const index = extractIndexRows(resource);
  const facts = rowFacts(resource, index);
  const content = JSON.stringify(resource);
  let rk: number;
  const values = [resource.resourceType, resource.id, version, lastUpdated.toISOString(), institution, facts.patientIds, facts.security, facts.source, facts.dataTime?.toISOString() ?? null, content];
  if (existingRk === undefined) {
    const r = await tx.query<{ rk: number }>(
      `insert into fhir_resource (resource_type, id, version_id, last_updated, institution, patient_ids, security, source, data_time, content, deleted)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false) returning rk`,
      values,
    );
    rk = Number(r.rows[0].rk);
  } else {
    await tx.query(
      `update fhir_resource set version_id = $3, last_updated = $4, institution = $5, patient_ids = $6, security = $7, source = $8, data_time = $9, content = $10, deleted = false
       where resource_type = $1 and id = $2`,
      values,
    );
    rk = existingRk;
    dropPendingIndex(pending, rk);
    await deleteIndexRows(tx, [rk]);
  }
  pending.history.push({ resourceType: resource.resourceType, id: resource.id, version, lastUpdated: lastUpdated.toISOString(), institution, content });
  pending.index.push({ rk, resourceType: resource.resourceType, rows: index });
  return { rk, facts };
}

/** Inserts many new resources with one statement (transaction Bundles); returns rk and facts in input order. */
export async function insertNewVersions(
  tx: Queryable,
  pending: PendingWrites,
  items: { resource: Resource & { id: string }; lastUpdated: Date; institution: string | null }[],
): Promise<{ rk: number; facts: RowFacts }[]> {
  if (!items.length) return [];
  const prepared = items.map((item) => {
    const index = extractIndexRows(item.resource);
    return { ...item, index, facts: rowFacts(item.resource, index), content: JSON.stringify(item.resource) };
  });
  const col = <T>(f: (p: (typeof prepared)[number]) => T) => prepared.map(f);
  const { rows } = await tx.query<{ rk: number; id: string }>(
    `insert into fhir_resource (resource_type, id, version_id, last_updated, institution, patient_ids, security, source, data_time, content, deleted)
     select t, i, 1, u, inst, coalesce(string_to_array(p, chr(31)), '{}'), coalesce(string_to_array(sec, chr(31)), '{}'), src, dt, c::jsonb, false
     from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[]) as x(t, i, u, inst, p, sec, src, dt, c)
     returning rk, id`,
    [
      col((p) => p.resource.resourceType),
      col((p) => p.resource.id),
      col((p) => p.lastUpdated.toISOString()),
      col((p) => p.institution),
      // text[][] cannot be ragged, so arrays travel as unit-separator-joined strings
      col((p) => (p.facts.patientIds.length ? p.facts.patientIds.join('\u001f') : null)),
      col((p) => (p.facts.security.length ? p.facts.security.join('\u001f') : null)),
      col((p) => p.facts.source),
      col((p) => p.facts.dataTime?.toISOString() ?? null),
      col((p) => p.content),
    ],
  );
  const rkById = new Map(rows.map((r) => [r.id, Number(r.rk)]));
  return prepared.map((p) => {
    const rk = rkById.get(p.resource.id) as number;
    pending.history.push({ resourceType: p.resource.resourceType, id: p.resource.id, version: 1, lastUpdated: p.lastUpdated.toISOString(), institution: p.institution, content: p.content });
    pending.index.push({ rk, resourceType: p.resource.resourceType, rows: p.index });
    return { rk, facts: p.facts };
  });
}

/** Forgets queued index rows of resources about to be rewritten (their new rows are queued afresh). */
export function dropPendingIndex(pending: PendingWrites, ...rks: number[]): void {
  const gone = new Set(rks);
  pending.index = pending.index.filter((p) => !gone.has(p.rk));
}

/** Writes queued history and index rows; call before anything in the transaction reads them, and before commit. */
export async function flushPending(tx: Queryable, pending: PendingWrites): Promise<void> {
  if (!pending.history.length && !pending.index.length) return;
  const bulk = new BulkStatement();
  const h = pending.history;
  bulk.insert(
    'fhir_history',
    ['resource_type', 'id', 'version_id', 'last_updated', 'institution', 'content', 'deleted'],
    ['text', 'text', 'int', 'timestamptz', 'text', 'jsonb', 'boolean'],
    h.length ? [h.map((x) => x.resourceType), h.map((x) => x.id), h.map((x) => x.version), h.map((x) => x.lastUpdated), h.map((x) => x.institution), h.map((x) => x.content), h.map(() => false)] : [],
  );
  queueIndexRows(bulk, pending.index);
  pending.history = [];
  pending.index = [];
  await bulk.run(tx);
}

/** Soft delete: a new version marked deleted; index rows go so searches no longer find it. */
export async function writeDeletion(tx: Queryable, pending: PendingWrites, row: StoredRow, lastUpdated: Date): Promise<number> {
  dropPendingIndex(pending, row.rk);
  const version = row.version_id + 1;
  await tx.query(`update fhir_resource set deleted = true, version_id = $3, last_updated = $4 where resource_type = $1 and id = $2`, [
    row.resource_type,
    row.id,
    version,
    lastUpdated.toISOString(),
  ]);
  await tx.query(
    `insert into fhir_history (resource_type, id, version_id, last_updated, deleted, institution, content) values ($1, $2, $3, $4, true, $5, $6)`,
    [row.resource_type, row.id, version, lastUpdated.toISOString(), row.institution, JSON.stringify(row.content)],
  );
  await deleteIndexRows(tx, [row.rk]);
  return version;
}
