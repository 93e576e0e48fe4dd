import type { Migration } from '@medunion/kernel';

/** Read receipts are a ledger, not a resource: they live in a module-owned table. */
export const noticeMigrations: Migration[] = [
  {
    id: 'notice.001-read-receipts',
    up: `create table notice_read (
  notice_id text not null,
  user_id text not null,
  read_at timestamptz not null default now(),
  primary key (notice_id, user_id)
);
create table notice_inbox (
  notice_id text primary key,
  institution text,
  category text,
  subject text not null,
  sent_at timestamptz not null,
  expires_at timestamptz
)`,
  },
];
