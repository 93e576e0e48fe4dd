import type { Db } from '../db/types.ts';
import { topicMatchesSql } from './pattern.ts';
import type { DeliveredEvent, OutboxEvent } from './types.ts';

/** SQL for one subscriber's position, lease and retries. Times come from the database clock so processes agree. */

const millis = (param: string) => `(${param}::float8 * interval '1 millisecond')`;
const EVENT_COLUMNS = 'o.id, o.topic, o.resource_type, o.resource_id, o.version_id, o.action, o.institution, o.payload, o.created_at';

interface OutboxRow {
  id: number | string;
  topic: string;
  resource_type: string;
  resource_id: string;
  version_id: string | null;
  action: OutboxEvent['action'];
  institution: string | null;
  payload: unknown;
  created_at: Date | string;
  attempts?: number;
}

function toEvent(row: OutboxRow, attempt: number): DeliveredEvent {
  return {
    id: Number(row.id),
    topic: row.topic,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    versionId: row.version_id ?? undefined,
    action: row.action,
    institution: row.institution ?? undefined,
    payload: typeof row.payload === 'string' ? JSON.parse(row.payload) : (row.payload ?? undefined),
    createdAt: new Date(row.created_at),
    attempt,
  };
}

/** Creates the cursor at the outbox end (or 0) for new subscribers; known ones keep their position. */
export async function registerCursor(db: Db, subscriber: string, pattern: string, fromBeginning: boolean): Promise<void> {
  await db.query(
    `insert into event_cursor (subscriber, last_id, topic_pattern)
     values ($1, case when $2::boolean then 0 else (select coalesce(max(id), 0) from event_outbox) end, $3)
     on conflict (subscriber) do update set topic_pattern = excluded.topic_pattern`,
    [subscriber, fromBeginning, pattern],
  );
}

/** Takes the subscriber's dispatch lease when free, expired or already ours; returns the cursor, or null when another dispatcher holds it. */
export async function claimLease(db: Db, subscriber: string, owner: string, leaseMs: number): Promise<number | null> {
  const { rows } = await db.query<{ last_id: number | string }>(
    `update event_cursor set lease_owner = $2, lease_until = now() + ${millis('$3')}
     where subscriber = $1 and (lease_owner is null or lease_owner = $2 or lease_until < now())
     returning last_id`,
    [subscriber, owner, leaseMs],
  );
  return rows.length > 0 ? Number(rows[0].last_id) : null;
}

export async function releaseLease(db: Db, subscriber: string, owner: string): Promise<void> {
  await db.query('update event_cursor set lease_owner = null, lease_until = null where subscriber = $1 and lease_owner = $2', [subscriber, owner]);
}

/** Highest committed outbox id. Every id below it is final too, thanks to OUTBOX_APPEND_LOCK. */
export async function outboxHead(db: Db): Promise<number> {
  const { rows } = await db.query<{ head: number | string }>('select coalesce(max(id), 0) as head from event_outbox');
  return Number(rows[0].head);
}

export async function fetchNewEvents(db: Db, afterId: number, upToId: number, pattern: string, limit: number, withPayload = true): Promise<DeliveredEvent[]> {
  const columns = withPayload ? EVENT_COLUMNS : EVENT_COLUMNS.replace('o.payload', 'null as payload');
  const { rows } = await db.query<OutboxRow>(
    `select ${columns} from event_outbox o
     where o.id > $1 and o.id <= $2 and ${topicMatchesSql('o.topic', '$3::text')}
     order by o.id limit $4`,
    [afterId, upToId, pattern, limit],
  );
  return rows.map((row) => toEvent(row, 1));
}

/** The payload of one outbox event (for subscribers delivered without payloads). */
export async function eventPayload(db: Db, eventId: number): Promise<unknown> {
  const { rows } = await db.query<{ payload: unknown }>('select payload from event_outbox where id = $1', [eventId]);
  const payload = rows[0]?.payload;
  return typeof payload === 'string' ? JSON.parse(payload) : (payload ?? undefined);
}

export async function fetchDueRetries(db: Db, subscriber: string, limit: number): Promise<DeliveredEvent[]> {
  const { rows } = await db.query<OutboxRow>(
    `select ${EVENT_COLUMNS}, r.attempts from event_retry r join event_outbox o on o.id = r.event_id
     where r.subscriber = $1 and r.next_attempt_at <= now()
     order by r.event_id limit $2`,
    [subscriber, limit],
  );
  return rows.map((row) => toEvent(row, Number(row.attempts) + 1));
}

/** Moves the cursor forward and renews the lease; false when the lease was lost (stop dispatching). */
export async function advanceCursor(db: Db, subscriber: string, owner: string, toId: number, leaseMs: number): Promise<boolean> {
  const result = await db.query(
    `update event_cursor set last_id = greatest(last_id, $3), lease_until = now() + ${millis('$4')}
     where subscriber = $1 and lease_owner = $2`,
    [subscriber, owner, toId, leaseMs],
  );
  return result.rowCount > 0;
}

export async function deleteRetry(db: Db, subscriber: string, eventId: number): Promise<void> {
  await db.query('delete from event_retry where subscriber = $1 and event_id = $2', [subscriber, eventId]);
}

class LeaseLost extends Error {}

/**
 * Records a failed attempt: schedules a retry after `delayMs`, or dead-letters the event when
 * `deadLetter`. For first deliveries the cursor moves past the event in the same transaction,
 * so a poison event never blocks the ones after it. Returns false when the lease was lost.
 */
export async function recordFailure(
  db: Db,
  args: {
    subscriber: string;
    owner: string;
    event: DeliveredEvent;
    /** True for a first delivery from the cursor, false for a retry. */
    fromCursor: boolean;
    error: string;
    deadLetter: boolean;
    delayMs: number;
    leaseMs: number;
  },
): Promise<boolean> {
  const { subscriber, owner, event, error } = args;
  try {
    await db.transaction(async (tx) => {
      if (args.deadLetter) {
        await tx.query(
          `insert into event_dead_letter (subscriber, event_id, attempts, last_error, payload)
           values ($1, $2, $3, $4, coalesce($5::jsonb, (select o.payload from event_outbox o where o.id = $2)))
           on conflict (subscriber, event_id) do update set attempts = excluded.attempts, last_error = excluded.last_error, failed_at = now(), payload = excluded.payload`,
          // Subscribers delivered without payloads: the dead letter still shows what failed.
          [subscriber, event.id, event.attempt, error, event.payload === undefined ? null : JSON.stringify(event.payload)],
        );
        await tx.query('delete from event_retry where subscriber = $1 and event_id = $2', [subscriber, event.id]);
      } else {
        await tx.query(
          `insert into event_retry (subscriber, event_id, attempts, next_attempt_at, last_error) values ($1, $2, $3, now() + ${millis('$4')}, $5)
           on conflict (subscriber, event_id) do update set attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
          [subscriber, event.id, event.attempt, args.delayMs, error],
        );
      }
      if (args.fromCursor) {
        const moved = await tx.query(
          `update event_cursor set last_id = greatest(last_id, $3), lease_until = now() + ${millis('$4')} where subscriber = $1 and lease_owner = $2`,
          [subscriber, owner, event.id, args.leaseMs],
        );
        if (moved.rowCount === 0) throw new LeaseLost();
      }
    });
    return true;
  } catch (err) {
    if (err instanceof LeaseLost) return false;
    throw err;
  }
}
