import type { Queryable } from '@medunion/kernel';
import type { InstrumentStatus } from '../../contracts/instruments.ts';
import { iso, json } from './sql-values.ts';

/**
 * One process owns each instrument's connection (an analyzer port can be bound once, and an analyzer talks to one
 * host): the owner holds a lease row it renews; another process takes the instrument over only once the lease has
 * expired (its owner died). The row also carries the connection's live status for `instrumentStatus`.
 */
export async function acquireLease(db: Queryable, instrumentId: string, owner: string, ttlMs: number): Promise<boolean> {
  const { rows } = await db.query<{ owner: string }>(
    `insert into lis_instrument_lease (instrument_id, owner, expires_at, updated_at) values ($1, $2, now() + $3::int * interval '1 millisecond', now())
     on conflict (instrument_id) do update set owner = excluded.owner, expires_at = excluded.expires_at,
       status = case when lis_instrument_lease.owner = excluded.owner then lis_instrument_lease.status else '{}'::jsonb end, updated_at = now()
     where lis_instrument_lease.owner = excluded.owner or lis_instrument_lease.expires_at < now()
     returning owner`,
    [instrumentId, owner, ttlMs],
  );
  return rows[0]?.owner === owner;
}

export async function releaseLease(db: Queryable, instrumentId: string, owner: string): Promise<void> {
  await db.query('delete from lis_instrument_lease where instrument_id = $1 and owner = $2', [instrumentId, owner]);
}

/** What the owner reports about a connection (stored as the lease row's status). */
export type ReportedStatus = Omit<InstrumentStatus, 'instrument' | 'active' | 'owner' | 'updatedAt'>;

export async function reportStatus(db: Queryable, instrumentId: string, owner: string, status: ReportedStatus): Promise<void> {
  await db.query('update lis_instrument_lease set status = $3::jsonb, updated_at = now() where instrument_id = $1 and owner = $2', [instrumentId, owner, JSON.stringify(status)]);
}

export async function readStatus(db: Queryable, instrumentId: string, active: boolean): Promise<InstrumentStatus> {
  const { rows } = await db.query<{ owner: string; status: unknown; updated_at: unknown; live: boolean }>(
    'select owner, status, updated_at, expires_at > now() as live from lis_instrument_lease where instrument_id = $1',
    [instrumentId],
  );
  const row = rows[0];
  if (!row) return { instrument: instrumentId, active, state: 'stopped', peers: [] };
  const reported = json<Partial<ReportedStatus>>(row.status, {});
  return {
    peers: [],
    ...reported,
    state: row.live ? (reported.state ?? 'connecting') : 'unowned',
    instrument: instrumentId,
    active,
    owner: row.owner,
    updatedAt: iso(row.updated_at),
  };
}

/** Extends every lease the owner holds; returns the instruments it still holds (one may have been taken over). */
export async function renewLeases(db: Queryable, owner: string, ttlMs: number): Promise<Set<string>> {
  const { rows } = await db.query<{ instrument_id: string }>(
    `update lis_instrument_lease set expires_at = now() + $2::int * interval '1 millisecond' where owner = $1 returning instrument_id`,
    [owner, ttlMs],
  );
  return new Set(rows.map((r) => r.instrument_id));
}

/** Forgets expired leases of instruments nobody should run any more (deactivated or deleted while their owner was down). */
export async function dropStaleLeases(db: Queryable, wanted: string[]): Promise<void> {
  await db.query('delete from lis_instrument_lease where expires_at < now() and not (instrument_id = any($1::text[]))', [wanted]);
}

/** Whether some lease has expired (its owner died): time for the other processes to take it over. */
export async function hasExpiredLeases(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('select 1 from lis_instrument_lease where expires_at < now() limit 1');
  return rows.length > 0;
}

/**
 * The configuration generation: bumped after any instrument Device changes (by the route that changed it, and by the
 * Device event handler for changes through the FHIR API), so every platform process notices within one poll.
 */
export async function bumpGeneration(db: Queryable): Promise<void> {
  await db.query('update lis_instrument_generation set generation = generation + 1, updated_at = now()');
}

export async function readGeneration(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ generation: string | number }>('select generation from lis_instrument_generation');
  return String(rows[0]?.generation ?? '0');
}
