import type { Address, Coding, ContactPoint, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import type { MatchFeatures } from '../matching/features.ts';
import { INSTITUTION_SCOPED_SYSTEMS } from '../identifiers/systems.ts';

/** The parts of a source Patient the golden record and the review screen need (kept with each indexed version). */
export interface Demographics {
  name?: HumanName;
  gender?: string;
  birthDate?: string;
  telecom?: ContactPoint[];
  address?: Address[];
  identifier: Identifier[];
  security?: Coding[];
  lastUpdated?: string;
}

export interface IndexedRecord {
  recordId: string;
  goldenId: string;
  institution: string | null;
  versionId: number;
  status: 'active' | 'deleted';
  features: MatchFeatures;
  demographics: Demographics;
  linkedAt: string;
}

export function demographicsOf(patient: Patient): Demographics {
  const official = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  return {
    ...(official ? { name: official } : {}),
    ...(patient.gender ? { gender: patient.gender } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.telecom?.length ? { telecom: patient.telecom } : {}),
    ...(patient.address?.length ? { address: patient.address } : {}),
    identifier: (patient.identifier ?? []).filter((i) => i.system && i.value).map((i) => ({ system: i.system, value: i.value, ...(i.type ? { type: i.type } : {}) })),
    ...(patient.meta?.security?.length ? { security: patient.meta.security } : {}),
    ...(patient.meta?.lastUpdated ? { lastUpdated: patient.meta.lastUpdated } : {}),
  };
}

interface RecordRow {
  record_id: string;
  golden_id: string;
  institution: string | null;
  version_id: number;
  status: 'active' | 'deleted';
  features: MatchFeatures;
  demographics: Demographics;
  linked_at: Date | string;
}

const COLUMNS = 'record_id, golden_id, institution, version_id, status, features, demographics, linked_at';

function toRecord(r: RecordRow): IndexedRecord {
  return {
    recordId: r.record_id,
    goldenId: r.golden_id,
    institution: r.institution,
    versionId: Number(r.version_id),
    status: r.status,
    features: r.features,
    demographics: r.demographics,
    linkedAt: new Date(r.linked_at).toISOString(),
  };
}

export async function loadRecord(q: Queryable, recordId: string): Promise<IndexedRecord | undefined> {
  const { rows } = await q.query<RecordRow>(`select ${COLUMNS} from mpi_record where record_id = $1`, [recordId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function recordsOfGolden(q: Queryable, goldenId: string): Promise<IndexedRecord[]> {
  const { rows } = await q.query<RecordRow>(`select ${COLUMNS} from mpi_record where golden_id = $1 and status = 'active' order by linked_at, record_id`, [goldenId]);
  return rows.map(toRecord);
}

/** A source record's indexed version with its blocking keys, as `saveRecords` writes it. */
export interface RecordToSave {
  record: Omit<IndexedRecord, 'linkedAt' | 'status'>;
  keys: string[];
}

/**
 * Inserts or replaces the indexed versions of source records with their blocking keys and identifiers, in one
 * statement for all of them (a batch of registrations costs one round trip): keys and identifiers no longer
 * present are deleted, new ones inserted (disjoint rows, so the sub-statements cannot step on each other).
 * Each record id may appear once.
 */
export async function saveRecords(q: Queryable, items: RecordToSave[]): Promise<void> {
  if (items.length === 0) return;
  const records = items.map((i) => i.record);
  const keyPairs = items.flatMap(({ record, keys }) => keys.map((k) => [record.recordId, k] as const));
  const idRows = records.flatMap((r) => r.demographics.identifier.map((i) => [r.recordId, i.system!, identifierScope(i.system!, r.institution), i.value!] as const));
  const column = <T, V>(rows: readonly T[], pick: (row: T) => V) => rows.map(pick);
  await q.query(
    `with saved as (
       insert into mpi_record (record_id, golden_id, institution, version_id, status, features, demographics)
       select r, g, inst, v, 'active', f::jsonb, d::jsonb from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[]) as x(r, g, inst, v, f, d)
       on conflict (record_id) do update set golden_id = excluded.golden_id, institution = excluded.institution, version_id = excluded.version_id,
         status = 'active', features = excluded.features, demographics = excluded.demographics, updated_at = now()
       returning record_id),
     stale_keys as (
       delete from mpi_block b where b.record_id = any($1::text[])
         and not exists (select 1 from unnest($7::text[], $8::text[]) as n(r, k) where n.r = b.record_id and n.k = b.key)),
     new_keys as (insert into mpi_block (key, record_id) select k, r from unnest($7::text[], $8::text[]) as n(r, k) on conflict do nothing),
     stale_ids as (
       delete from mpi_identifier i where i.record_id = any($1::text[])
         and not exists (select 1 from unnest($9::text[], $10::text[], $11::text[], $12::text[]) as n(r, s, sc, v)
                          where n.r = i.record_id and n.s = i.system and n.sc = i.scope and n.v = i.value)),
     new_ids as (
       insert into mpi_identifier (system, scope, value, record_id)
       select s, sc, v, r from unnest($9::text[], $10::text[], $11::text[], $12::text[]) as n(r, s, sc, v) on conflict do nothing)
     select count(*) from saved`,
    [
      column(records, (r) => r.recordId),
      column(records, (r) => r.goldenId),
      column(records, (r) => r.institution),
      column(records, (r) => r.versionId),
      column(records, (r) => JSON.stringify(r.features)),
      column(records, (r) => JSON.stringify(r.demographics)),
      column(keyPairs, (p) => p[0]),
      column(keyPairs, (p) => p[1]),
      column(idRows, (p) => p[0]),
      column(idRows, (p) => p[1]),
      column(idRows, (p) => p[2]),
      column(idRows, (p) => p[3]),
    ],
  );
}

/** Several records at once (a batch prefetch); absent ids are missing from the map. */
export async function loadRecords(q: Queryable, recordIds: string[]): Promise<Map<string, IndexedRecord>> {
  if (recordIds.length === 0) return new Map();
  const { rows } = await q.query<RecordRow>(`select ${COLUMNS} from mpi_record where record_id = any($1::text[])`, [recordIds]);
  return new Map(rows.map((r) => [r.record_id, toRecord(r)]));
}

/** The active records of several golden records, grouped by golden record (in linked order). */
export async function recordsOfGoldens(q: Queryable, goldenIds: string[]): Promise<Map<string, IndexedRecord[]>> {
  const grouped = new Map<string, IndexedRecord[]>(goldenIds.map((id) => [id, []]));
  if (goldenIds.length === 0) return grouped;
  const { rows } = await q.query<RecordRow>(`select ${COLUMNS} from mpi_record where golden_id = any($1::text[]) and status = 'active' order by linked_at, record_id`, [goldenIds]);
  for (const r of rows) grouped.get(r.golden_id)!.push(toRecord(r));
  return grouped;
}

/** A deleted source no longer matches or resolves; its row stays for the history. */
export async function markRecordDeleted(q: Queryable, recordId: string, versionId: number): Promise<void> {
  await q.query(`update mpi_record set status = 'deleted', version_id = $2, updated_at = now() where record_id = $1`, [recordId, versionId]);
  await q.query('delete from mpi_block where record_id = $1', [recordId]);
  await q.query('delete from mpi_identifier where record_id = $1', [recordId]);
}

export async function setRecordGolden(q: Queryable, recordId: string, goldenId: string): Promise<void> {
  await q.query('update mpi_record set golden_id = $2, linked_at = now(), updated_at = now() where record_id = $1', [recordId, goldenId]);
}

/** Values of outpatient/inpatient numbers are unique only within their institution: the index keys them by it. */
export function identifierScope(system: string, institution: string | null | undefined): string {
  return INSTITUTION_SCOPED_SYSTEMS.has(system) ? (institution ?? '') : '';
}

export interface Candidate {
  recordId: string;
  goldenId: string;
  features: MatchFeatures;
}

/** Source records holding an identifier (system|value, within `scope` for institution-scoped systems). */
export async function recordsWithIdentifier(q: Queryable, system: string, scope: string, value: string): Promise<{ recordId: string; goldenId: string }[]> {
  const { rows } = await q.query<{ record_id: string; golden_id: string }>(
    `select r.record_id, r.golden_id from mpi_identifier i join mpi_record r on r.record_id = i.record_id
      where i.system = $1 and i.scope = $2 and i.value = $3 and r.status = 'active' order by r.linked_at, r.record_id`,
    [system, scope, value],
  );
  return rows.map((r) => ({ recordId: r.record_id, goldenId: r.golden_id }));
}

export async function isKnownSystem(q: Queryable, system: string): Promise<boolean> {
  const { rows } = await q.query('select 1 from mpi_identifier where system = $1 limit 1', [system]);
  return rows.length > 0;
}
