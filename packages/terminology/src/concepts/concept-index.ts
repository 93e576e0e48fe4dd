import type { CodeSystem } from '@medplum/fhirtypes';
import { institutionOf, type Db, type Queryable } from '@medunion/kernel';
import { SYSTEM } from '../urls.ts';
import { flattenCodeSystem, type ConceptRow } from './flatten.ts';

/** A stored CodeSystem as the index knows it. */
export interface IndexedCodeSystem {
  key: number;
  resourceId: string;
  /** Store version (meta.versionId) the rows were built from. */
  versionId: number;
  lastUpdated: string;
  url: string;
  version?: string;
  name?: string;
  title?: string;
  status: string;
  content: string;
  institution?: string;
  /** Dictionary kind (meta.tag of the dictionary-kind system) for institution and regional dictionaries. */
  kind?: string;
  caseSensitive: boolean;
  hierarchical: boolean;
  conceptCount: number;
}

interface SystemRow {
  key: number | string;
  resource_id: string;
  version_id: number;
  last_updated: Date | string;
  url: string;
  version: string | null;
  name: string | null;
  title: string | null;
  status: string;
  content: string;
  institution: string | null;
  kind: string | null;
  case_sensitive: boolean;
  hierarchical: boolean;
  concept_count: number;
}

const SYSTEM_COLUMNS = 'key, resource_id, version_id, last_updated, url, version, name, title, status, content, institution, kind, case_sensitive, hierarchical, concept_count';
// Rows per insert statement: unnest() takes one array per column, so the statement size does not grow with the chunk.
const CHUNK = 5000;
const AFTER_BULK = 1000;
const GIN_INDEXES = ['terminology_concept_display', 'terminology_concept_ancestors', 'terminology_concept_parents'];

function toIndexed(r: SystemRow): IndexedCodeSystem {
  return {
    key: Number(r.key),
    resourceId: r.resource_id,
    versionId: Number(r.version_id),
    lastUpdated: new Date(r.last_updated).toISOString(),
    url: r.url,
    version: r.version ?? undefined,
    name: r.name ?? undefined,
    title: r.title ?? undefined,
    status: r.status,
    content: r.content,
    institution: r.institution ?? undefined,
    kind: r.kind ?? undefined,
    caseSensitive: r.case_sensitive,
    hierarchical: r.hierarchical,
    conceptCount: Number(r.concept_count),
  };
}

/** The dictionary kind a CodeSystem is tagged with, if any. */
export function dictionaryKindOf(cs: CodeSystem): string | undefined {
  return cs.meta?.tag?.find((t) => t.system === SYSTEM.dictionaryKind)?.code;
}

/**
 * Indexes one stored version of a CodeSystem (it must carry id and meta.versionId). Idempotent and monotonic:
 * a version already indexed, or older than the one indexed, is left alone — events may arrive late or twice.
 */
export async function indexCodeSystem(db: Db, cs: CodeSystem): Promise<IndexedCodeSystem> {
  if (!cs.id || !cs.meta?.versionId || !cs.url) throw new Error('Only stored CodeSystems with a url can be indexed');
  const versionId = Number(cs.meta.versionId);
  const current = await db.query<SystemRow>(`select ${SYSTEM_COLUMNS} from terminology_code_system where resource_id = $1`, [cs.id]);
  if (current.rows[0] && Number(current.rows[0].version_id) >= versionId) return toIndexed(current.rows[0]);
  const rows = flattenCodeSystem(cs); // CPU work (pinyin) before the transaction, not while holding it
  const indexed = await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`terminology.index:${cs.id}`]);
    // Checked again under the lock: a concurrent indexer (event handler, another process) may have finished meanwhile.
    const existing = await tx.query<SystemRow>(`select ${SYSTEM_COLUMNS} from terminology_code_system where resource_id = $1`, [cs.id]);
    if (existing.rows[0] && Number(existing.rows[0].version_id) >= versionId) return toIndexed(existing.rows[0]);
    const saved = await tx.query<SystemRow>(
      `insert into terminology_code_system (resource_id, version_id, last_updated, url, version, name, title, status, content, institution, kind, case_sensitive, hierarchical, concept_count)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       on conflict (resource_id) do update set version_id = excluded.version_id, last_updated = excluded.last_updated, url = excluded.url,
         version = excluded.version, name = excluded.name, title = excluded.title, status = excluded.status, content = excluded.content,
         institution = excluded.institution, kind = excluded.kind, case_sensitive = excluded.case_sensitive,
         hierarchical = excluded.hierarchical, concept_count = excluded.concept_count, indexed_at = now()
       returning ${SYSTEM_COLUMNS}`,
      [
        cs.id,
        versionId,
        cs.meta?.lastUpdated ?? new Date().toISOString(),
        cs.url,
        cs.version ?? null,
        cs.name ?? null,
        cs.title ?? null,
        cs.status,
        cs.content,
        institutionOf(cs) ?? null,
        dictionaryKindOf(cs) ?? null,
        cs.caseSensitive ?? true,
        rows.some((r) => r.parents.length > 0),
        rows.length,
      ],
    );
    const key = Number(saved.rows[0].key);
    await tx.query('delete from terminology_concept where system_key = $1', [key]);
    for (let start = 0; start < rows.length; start += CHUNK) await insertConcepts(tx, key, rows.slice(start, start + CHUNK));
    return toIndexed(saved.rows[0]);
  });
  if (rows.length >= AFTER_BULK) await tidyAfterBulkLoad(db);
  return indexed;
}

async function insertConcepts(tx: Queryable, key: number, rows: ConceptRow[]): Promise<void> {
  const col = <T>(f: (r: ConceptRow) => T) => rows.map(f);
  await tx.query(
    `insert into terminology_concept (system_key, ordinal, code, display, definition, code_norm, display_norm, pinyin_initials, pinyin_full, parents, ancestors, properties, designations, inactive)
     select $1, u.ordinal, u.code, u.display, u.definition, u.code_norm, u.display_norm, u.pinyin_initials, u.pinyin_full,
       array(select jsonb_array_elements_text(u.parents::jsonb)), array(select jsonb_array_elements_text(u.ancestors::jsonb)),
       u.properties::jsonb, u.designations::jsonb, u.inactive
     from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::boolean[])
       as u(ordinal, code, display, definition, code_norm, display_norm, pinyin_initials, pinyin_full, parents, ancestors, properties, designations, inactive)`,
    [
      key,
      col((r) => r.ordinal),
      col((r) => r.code),
      col((r) => r.display ?? null),
      col((r) => r.definition ?? null),
      col((r) => r.codeNorm),
      col((r) => r.displayNorm),
      col((r) => r.pinyinInitials),
      col((r) => r.pinyinFull),
      col((r) => JSON.stringify(r.parents)),
      col((r) => JSON.stringify(r.ancestors)),
      col((r) => JSON.stringify(r.properties)),
      col((r) => (r.designations ? JSON.stringify(r.designations) : null)),
      col((r) => r.inactive),
    ],
  );
}

/**
 * After a large code system: merge the GIN pending lists in one pass (a query would otherwise scan every pending
 * entry, and VACUUM, which merges them, does not run on PGlite), and refresh the statistics — without them the
 * planner expects a few rows per system and walks every concept instead of using the pinyin, code and hierarchy
 * indexes.
 */
async function tidyAfterBulkLoad(db: Queryable): Promise<void> {
  for (const index of GIN_INDEXES) await db.query('select gin_clean_pending_list($1::regclass)', [index]);
  await db.query('analyze terminology_concept');
}

/** Drops a CodeSystem (deleted in the store) from the index; its concepts go with it. */
export async function removeFromIndex(db: Queryable, resourceId: string): Promise<void> {
  await db.query('delete from terminology_code_system where resource_id = $1', [resourceId]);
}

/** Every indexed resource with this canonical url (all business versions). */
export async function indexedByUrl(db: Queryable, url: string): Promise<IndexedCodeSystem[]> {
  const { rows } = await db.query<SystemRow>(`select ${SYSTEM_COLUMNS} from terminology_code_system where url = $1`, [url]);
  return rows.map(toIndexed);
}
