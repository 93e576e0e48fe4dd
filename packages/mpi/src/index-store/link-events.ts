import type { Queryable } from '@medunion/kernel';
import type { LinkEvent } from '../contracts/links.ts';

export type { LinkEvent } from '../contracts/links.ts';

export type NewLinkEvent = Omit<LinkEvent, 'id' | 'at' | 'matchId' | 'score'> & { matchId?: number | null; score?: number | null };

interface Row {
  id: number;
  operation_id: string;
  action: LinkEvent['action'];
  record_id: string | null;
  from_golden: string | null;
  to_golden: string | null;
  match_id: number | null;
  score: number | null;
  reason: string | null;
  actor: string;
  at: Date | string;
}

const toEvent = (r: Row): LinkEvent => ({
  id: Number(r.id),
  operationId: r.operation_id,
  action: r.action,
  recordId: r.record_id,
  fromGolden: r.from_golden,
  toGolden: r.to_golden,
  matchId: r.match_id === null ? null : Number(r.match_id),
  score: r.score === null ? null : Number(r.score),
  reason: r.reason,
  actor: r.actor,
  at: new Date(r.at).toISOString(),
});

export async function insertLinkEvents(q: Queryable, events: NewLinkEvent[]): Promise<void> {
  if (events.length === 0) return;
  await q.query(
    `insert into mpi_link_event (operation_id, action, record_id, from_golden, to_golden, match_id, score, reason, actor)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::text[], $9::text[])`,
    [
      events.map((e) => e.operationId),
      events.map((e) => e.action),
      events.map((e) => e.recordId),
      events.map((e) => e.fromGolden),
      events.map((e) => e.toGolden),
      events.map((e) => e.matchId ?? null),
      events.map((e) => e.score ?? null),
      events.map((e) => e.reason),
      events.map((e) => e.actor),
    ],
  );
}

/** Events of a record, or touching a golden record (as source or target), oldest first. */
export async function listLinkEvents(q: Queryable, filter: { recordId?: string; goldenId?: string; operationId?: string }): Promise<LinkEvent[]> {
  const { rows } = await q.query<Row>(
    `select id, operation_id, action, record_id, from_golden, to_golden, match_id, score, reason, actor, at from mpi_link_event
      where ($1::text is null or record_id = $1) and ($2::text is null or from_golden = $2 or to_golden = $2) and ($3::text is null or operation_id = $3)
      order by id limit 1000`,
    [filter.recordId ?? null, filter.goldenId ?? null, filter.operationId ?? null],
  );
  return rows.map(toEvent);
}
