import type { Queryable } from '../db/types.ts';
import type { OutboxEvent, ResourceAction } from './types.ts';

/**
 * Held from the append until commit so outbox ids become visible in id order. Without it a
 * transaction could commit id 11 while id 10 is still pending, the bus would advance its cursor
 * past 10 and never deliver it. Call appendToOutbox last in the write transaction to keep the
 * lock short (and to avoid lock-order deadlocks with row locks taken afterwards).
 */
export const OUTBOX_APPEND_LOCK = 727_100_003;
// 7 parameters a row: well below PostgreSQL's 65535 bind parameters per statement.
const CHUNK = 1000;

/** Insert events in the caller's transaction; they are delivered only if it commits. */
export async function appendToOutbox(tx: Queryable, events: readonly OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query('select pg_advisory_xact_lock($1)', [OUTBOX_APPEND_LOCK]);
  for (let start = 0; start < events.length; start += CHUNK) {
    const chunk = events.slice(start, start + CHUNK);
    const values: unknown[] = [];
    const tuples = chunk.map((e) => {
      const n = values.push(e.topic, e.resourceType, e.resourceId, e.versionId ?? null, e.action, e.institution ?? null, JSON.stringify(e.payload ?? null));
      return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::jsonb)`;
    });
    await tx.query(
      `insert into event_outbox (topic, resource_type, resource_id, version_id, action, institution, payload) values ${tuples.join(', ')}`,
      values,
    );
  }
}

/**
 * Topics for a change: `<Type>:<action>`, plus `<Type>:<status>` (e.g. `DiagnosticReport:final`)
 * when the resource has a status. Deletes get no status topic: the status describes the resource
 * before deletion and would wrongly announce e.g. a final report. Each topic is its own outbox
 * row, so a `Type:*` subscriber sees a status change twice; subscribe to the exact topic instead.
 */
export function topicsFor(resource: { resourceType: string; status?: unknown }, action: ResourceAction): string[] {
  const topics = [`${resource.resourceType}:${action}`];
  const status = resource.status;
  if (action !== 'delete' && typeof status === 'string' && status !== '' && status !== action) {
    topics.push(`${resource.resourceType}:${status}`);
  }
  return topics;
}

/** The outbox rows for one change of `resource` (one per topic). */
export function outboxEventsFor(
  resource: { resourceType: string; id?: string; meta?: { versionId?: string }; status?: unknown },
  action: ResourceAction,
  institution?: string,
): OutboxEvent[] {
  if (!resource.id) throw new Error(`${resource.resourceType} without id cannot be published`);
  return topicsFor(resource, action).map((topic) => ({
    topic,
    resourceType: resource.resourceType,
    resourceId: resource.id as string,
    versionId: resource.meta?.versionId,
    action,
    institution,
    payload: resource,
  }));
}
