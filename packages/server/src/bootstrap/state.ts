import type { Db, Migration } from '@medunion/kernel';

export const platformStateMigrations: Migration[] = [
  { id: 'server.001-platform-state', up: 'create table if not exists platform_state (key text primary key, value text not null, updated_at timestamptz not null default now())' },
];

export async function getState(db: Db, key: string): Promise<string | undefined> {
  const { rows } = await db.query<{ value: string }>('select value from platform_state where key = $1', [key]);
  return rows[0]?.value;
}

export async function setState(db: Db, key: string, value: string): Promise<void> {
  await db.query('insert into platform_state (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()', [key, value]);
}
