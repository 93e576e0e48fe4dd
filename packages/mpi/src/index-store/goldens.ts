import type { Queryable } from '@medunion/kernel';

export interface GoldenRow {
  goldenId: string;
  /** The person number shown to people (主索引号), E + 10 digits. */
  empi: string;
  status: 'active' | 'retired';
  /** Set when the golden record was merged into (or emptied into) another one. */
  replacedBy: string | null;
}

interface Row {
  golden_id: string;
  empi: string;
  status: 'active' | 'retired';
  replaced_by: string | null;
}

const toGolden = (r: Row): GoldenRow => ({ goldenId: r.golden_id, empi: r.empi, status: r.status, replacedBy: r.replaced_by });

/** Registers new golden record ids with their person numbers (one statement); the Patients are written by the caller. */
export async function insertGoldens(q: Queryable, goldenIds: string[]): Promise<void> {
  if (goldenIds.length === 0) return;
  await q.query(
    `insert into mpi_golden (golden_id, empi)
     select g, 'E' || lpad(nextval('mpi_empi_seq')::text, 10, '0') from unnest($1::text[]) with ordinality as x(g, n) order by n`,
    [goldenIds],
  );
}

export async function loadGolden(q: Queryable, goldenId: string): Promise<GoldenRow | undefined> {
  const { rows } = await q.query<Row>('select golden_id, empi, status, replaced_by from mpi_golden where golden_id = $1', [goldenId]);
  return rows[0] ? toGolden(rows[0]) : undefined;
}

export async function setGoldenStatus(q: Queryable, goldenId: string, status: 'active' | 'retired', replacedBy: string | null): Promise<void> {
  await q.query('update mpi_golden set status = $2, replaced_by = $3, updated_at = now() where golden_id = $1', [goldenId, status, replacedBy]);
}

/** Several golden rows at once (the end of an index transaction rewrites every golden record it touched). */
export async function loadGoldens(q: Queryable, goldenIds: string[]): Promise<Map<string, GoldenRow>> {
  if (goldenIds.length === 0) return new Map();
  const { rows } = await q.query<Row>('select golden_id, empi, status, replaced_by from mpi_golden where golden_id = any($1::text[])', [goldenIds]);
  return new Map(rows.map((r) => [r.golden_id, toGolden(r)]));
}

/** For each of `goldenIds`, the golden records retired into it. */
export async function goldensReplacedByMany(q: Queryable, goldenIds: string[]): Promise<Map<string, string[]>> {
  const grouped = new Map<string, string[]>(goldenIds.map((id) => [id, []]));
  if (goldenIds.length === 0) return grouped;
  const { rows } = await q.query<{ golden_id: string; replaced_by: string }>('select golden_id, replaced_by from mpi_golden where replaced_by = any($1::text[]) order by golden_id', [goldenIds]);
  for (const r of rows) grouped.get(r.replaced_by)!.push(r.golden_id);
  return grouped;
}
