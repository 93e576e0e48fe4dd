import type { Migration } from '@medunion/kernel';

/**
 * Overdue alerts (超时提醒) raised by the TAT job: one per specimen and kind (not received, not registered, not
 * reviewed), resolved when the specimen moves on. The specimen times themselves come from the statistics projection.
 */
export const tatMigrations: Migration[] = [
  {
    id: 'lis.520-tat-alerts',
    up: `
create table lis_tat_alert (
  id text primary key,
  institution text not null,
  specimen_id text not null,
  kind text not null check (kind in ('not-received', 'not-registered', 'not-reviewed')),
  barcode text,
  since timestamptz not null,
  due_at timestamptz not null,
  detail jsonb not null,
  raised_at timestamptz not null,
  resolved_at timestamptz,
  unique (specimen_id, kind)
);
create index lis_tat_alert_open on lis_tat_alert (institution, resolved_at, raised_at);
`,
  },
];
