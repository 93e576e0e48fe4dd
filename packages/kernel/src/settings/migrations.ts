import type { Migration } from '../db/migrate.ts';

/** Per-user interface settings (column layout, colours, remembered fields): small JSON documents keyed by name. */
export const settingsMigrations: Migration[] = [
  {
    id: 'kernel.settings.001-user-setting',
    up: `create table user_setting (
  user_id text not null references app_user (id) on delete cascade,
  key text not null,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (user_id, key)
)`,
  },
];
