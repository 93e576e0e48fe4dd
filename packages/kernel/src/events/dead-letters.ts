import type { Queryable } from '../db/types.ts';
import { topicMatchesSql } from './pattern.ts';
import type { DeadLetter } from './types.ts';

export async function listDeadLetters(db: Queryable, subscriber?: string): Promise<DeadLetter[]> {
  const { rows } = await db.query<{
    subscriber: string;
    event_id: number | string;
    attempts: number;
    last_error: string | null;
    failed_at: Date | string;
    payload: unknown;
  }>(
    `select subscriber, event_id, attempts, last_error, failed_at, payload from event_dead_letter
     where $1::text is null or subscriber = $1 order by failed_at, subscriber, event_id`,
    [subscriber ?? null],
  );
  return rows.map((r) => ({
    subscriber: r.subscriber,
    eventId: Number(r.event_id),
    attempts: Number(r.attempts),
    lastError: r.last_error,
    failedAt: new Date(r.failed_at),
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
  }));
}

/** Moves a dead letter back to the retry queue, due now and with a fresh attempt budget. False when there is no such dead letter. */
export async function retryDeadLetter(db: Queryable, subscriber: string, eventId: number): Promise<boolean> {
  const { rows } = await db.query(
    `with moved as (delete from event_dead_letter where subscriber = $1 and event_id = $2 returning subscriber, event_id, last_error)
     insert into event_retry (subscriber, event_id, attempts, next_attempt_at, last_error)
     select subscriber, event_id, 0, now(), last_error from moved
     on conflict (subscriber, event_id) do update set attempts = 0, next_attempt_at = now()
     returning event_id`,
    [subscriber, eventId],
  );
  return rows.length > 0;
}

/** Events the subscriber has not acknowledged yet: matching ones past its cursor plus scheduled retries (dead letters excluded). */
export async function pendingCount(db: Queryable, subscriber: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select ((select count(*) from event_outbox o where o.id > c.last_id and ${topicMatchesSql('o.topic', 'c.topic_pattern')})
           + (select count(*) from event_retry r where r.subscriber = c.subscriber))::int as n
     from event_cursor c where c.subscriber = $1`,
    [subscriber],
  );
  if (rows.length === 0) throw new Error(`unknown event subscriber "${subscriber}"`);
  return Number(rows[0].n);
}

/**
 * Whether the subscriber has anything left to handle. Unlike `pendingCount` it stops at the first pending event,
 * so polling it while a large backlog drains does not scan the backlog each time (wait loops in tests and benchmarks).
 */
export async function hasPending(db: Queryable, subscriber: string): Promise<boolean> {
  const { rows: cursors } = await db.query<{ last_id: number | string; topic_pattern: string }>(
    'select last_id, topic_pattern from event_cursor where subscriber = $1',
    [subscriber],
  );
  if (cursors.length === 0) throw new Error(`unknown event subscriber "${subscriber}"`);
  // The position as a value (not a correlated column) so the range scan on the outbox key starts there.
  const { rows } = await db.query<{ pending: boolean }>(
    `select (exists (select 1 from event_outbox o where o.id > $2 and ${topicMatchesSql('o.topic', '$3::text')})
           or exists (select 1 from event_retry r where r.subscriber = $1)) as pending`,
    [subscriber, Number(cursors[0].last_id), cursors[0].topic_pattern],
  );
  return rows[0].pending === true;
}
