import type { Migration } from '../db/migrate.ts';

export const jobMigrations: Migration[] = [
  {
    id: 'kernel.jobs.001-schedule',
    up: `create table job_schedule (
  job_id text primary key,
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  last_error text,
  runs integer not null default 0
)`,
  },
];
