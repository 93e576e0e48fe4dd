import type { Queryable } from '@medunion/kernel';
import type { FieldScore } from '../matching/score.ts';
import type { ReviewItem } from '../contracts/review.ts';

export type { MatchDecision, MatchRule } from '../contracts/review.ts';

/** One scored candidate pair of a registration, kept so every decision can be explained later: a review item by record ids. */
export interface MatchRow extends Omit<ReviewItem, 'record' | 'candidate' | 'fields'> {
  recordId: string;
  candidateId: string;
  fields: FieldScore[];
}

export type NewMatch = Pick<MatchRow, 'recordId' | 'candidateId' | 'candidateGolden' | 'score' | 'fields' | 'rule' | 'decision'>;

/** An `mpi_match` row: the columns named like the fields keep their types. */
interface Row extends Pick<MatchRow, 'id' | 'score' | 'fields' | 'rule' | 'decision' | 'status' | 'outcome' | 'note'> {
  record_id: string;
  candidate_id: string;
  candidate_golden: string;
  reviewed_by: string | null;
  reviewed_at: Date | string | null;
  created_at: Date | string;
}

const COLUMNS = 'id, record_id, candidate_id, candidate_golden, score, fields, rule, decision, status, outcome, reviewed_by, reviewed_at, note, created_at';

const toMatch = (r: Row): MatchRow => ({
  id: Number(r.id),
  recordId: r.record_id,
  candidateId: r.candidate_id,
  candidateGolden: r.candidate_golden,
  score: Number(r.score),
  fields: r.fields,
  rule: r.rule,
  decision: r.decision,
  status: r.status,
  outcome: r.outcome,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Stores the scored pairs of one decision; review items start `open`, the rest `closed`. Returns them with ids. */
export async function insertMatches(q: Queryable, matches: NewMatch[]): Promise<MatchRow[]> {
  if (matches.length === 0) return [];
  const { rows } = await q.query<Row>(
    `insert into mpi_match (record_id, candidate_id, candidate_golden, score, fields, rule, decision, status)
     select r, c, g, s, f::jsonb, ru, d, case when d = 'review' then 'open' else 'closed' end
       from unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::text[]) as t(r, c, g, s, f, ru, d)
     returning ${COLUMNS}`,
    [
      matches.map((m) => m.recordId),
      matches.map((m) => m.candidateId),
      matches.map((m) => m.candidateGolden),
      matches.map((m) => m.score),
      matches.map((m) => JSON.stringify(m.fields)),
      matches.map((m) => m.rule),
      matches.map((m) => m.decision),
    ],
  );
  return rows.map(toMatch);
}

export async function loadMatch(q: Queryable, id: number, forUpdate = false): Promise<MatchRow | undefined> {
  const { rows } = await q.query<Row>(`select ${COLUMNS} from mpi_match where id = $1${forUpdate ? ' for update' : ''}`, [id]);
  return rows[0] ? toMatch(rows[0]) : undefined;
}

export async function listMatches(q: Queryable, filter: { status?: 'open' | 'closed'; recordId?: string; count: number; offset: number }): Promise<{ total: number; matches: MatchRow[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  if (filter.recordId) where.push(`(record_id = $${params.push(filter.recordId)} or candidate_id = $${params.length})`);
  const clause = where.length ? `where ${where.join(' and ')}` : '';
  const total = await q.query<{ n: number | string }>(`select count(*) as n from mpi_match ${clause}`, params);
  const { rows } = await q.query<Row>(
    `select ${COLUMNS} from mpi_match ${clause} order by created_at, id limit $${params.push(filter.count)} offset $${params.push(filter.offset)}`,
    params,
  );
  return { total: Number(total.rows[0].n), matches: rows.map(toMatch) };
}

export async function closeMatch(q: Queryable, id: number, outcome: string, reviewedBy: string | null, note: string | null): Promise<void> {
  await q.query(`update mpi_match set status = 'closed', outcome = $2, reviewed_by = $3, reviewed_at = now(), note = $4 where id = $1`, [id, outcome, reviewedBy, note]);
}

/** Open review items of a record that no longer apply (the record was deleted, or already joined that golden record). */
export async function supersedeOpenMatches(q: Queryable, recordId: string, onlyGolden?: string): Promise<void> {
  await q.query(
    `update mpi_match set status = 'closed', outcome = 'superseded', reviewed_at = now()
      where status = 'open' and (record_id = $1 or candidate_id = $1) and ($2::text is null or candidate_golden = $2)`,
    [recordId, onlyGolden ?? null],
  );
}
