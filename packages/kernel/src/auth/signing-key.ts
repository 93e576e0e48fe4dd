import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';

const KEY_NAME = 'auth.jwt.hs256';

/**
 * The HS256 key shared by every server process on this database, created on first use.
 * `on conflict do nothing` + re-read makes concurrent first starts agree on one key.
 */
export async function loadSigningKey(db: Queryable): Promise<Uint8Array> {
  const select = 'select value from kernel_secret where name = $1';
  let row = (await db.query<{ value: string }>(select, [KEY_NAME])).rows[0];
  if (!row) {
    await db.query('insert into kernel_secret (name, value) values ($1, $2) on conflict (name) do nothing', [
      KEY_NAME,
      randomBytes(64).toString('base64url'),
    ]);
    row = (await db.query<{ value: string }>(select, [KEY_NAME])).rows[0];
  }
  return new Uint8Array(Buffer.from(row.value, 'base64url'));
}
