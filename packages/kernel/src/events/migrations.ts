import type { Migration } from '../db/migrate.ts';

/**
 * Transactional outbox plus per-subscriber delivery state.
 * event_cursor carries, beyond the subscriber's position, its topic pattern (so any process can
 * count pending events) and a dispatch lease (see bus.ts for why a lease rather than a lock).
 */
export const eventMigrations: Migration[] = [
  {
    id: 'kernel.events.001-outbox',
    up: `
create table event_outbox (
  id bigserial primary key,
  topic text not null,
  resource_type text not null,
  resource_id text not null,
  version_id text,
  action text not null check (action in ('create', 'update', 'delete')),
  institution text,
  payload jsonb,
  created_at timestamptz not null default now()
);
create table event_cursor (
  subscriber text primary key,
  last_id bigint not null,
  topic_pattern text not null default '*',
  lease_owner text,
  lease_until timestamptz
);
create table event_retry (
  subscriber text not null,
  event_id bigint not null,
  attempts integer not null,
  next_attempt_at timestamptz not null,
  last_error text,
  primary key (subscriber, event_id)
);
create index event_retry_due on event_retry (subscriber, next_attempt_at);
create table event_dead_letter (
  subscriber text not null,
  event_id bigint not null,
  attempts integer not null,
  last_error text,
  failed_at timestamptz not null default now(),
  payload jsonb,
  primary key (subscriber, event_id)
);
`,
  },
];
