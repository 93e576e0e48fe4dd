import type { Db } from '../db/types.ts';
import { badRequest, conflict, FhirError } from '../fhir/errors.ts';

/** Setting names: lower-case, namespaced with dots/colons, e.g. `table.admin.users` or `form:patient`. */
export const SETTING_KEY_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,127}$/;
/** Largest value accepted, measured as UTF-8 JSON. */
export const MAX_SETTING_BYTES = 64 * 1024;
/** Settings one user may keep: enough for every table and form, small enough that `all()` stays cheap. */
export const MAX_SETTINGS_PER_USER = 500;

/** Throws a 400 naming `key` unless it is a valid setting name. */
export function checkSettingKey(key: string): void {
  if (!SETTING_KEY_PATTERN.test(key)) {
    throw badRequest(`Setting key "${key.slice(0, 140)}" must match ${SETTING_KEY_PATTERN.source}`, 'key');
  }
}

/**
 * A user's interface preferences (seed 000 LIS §2.4–2.5): any JSON value per key. They are the user's own
 * choices, not administration, so they are not audited; only the user (never an API client) holds them.
 */
export class UserSettings {
  constructor(private readonly db: Db) {}

  async all(userId: string): Promise<Record<string, unknown>> {
    const { rows } = await this.db.query<{ key: string; value: unknown }>('select key, value from user_setting where user_id = $1 order by key', [userId]);
    const settings: Record<string, unknown> = {};
    for (const row of rows) settings[row.key] = row.value;
    return settings;
  }

  /** The stored value, or `undefined` when the user has not set this key. */
  async get(userId: string, key: string): Promise<unknown> {
    checkSettingKey(key);
    const { rows } = await this.db.query<{ value: unknown }>('select value from user_setting where user_id = $1 and key = $2', [userId, key]);
    return rows.length ? rows[0].value : undefined;
  }

  /** Creates or replaces one setting. 400 for a bad key, 413 for a value over 64 KB, 409 past 500 keys. */
  async put(userId: string, key: string, value: unknown): Promise<void> {
    checkSettingKey(key);
    const json = JSON.stringify(value);
    if (json === undefined) throw badRequest('A setting value must be JSON', 'value');
    if (Buffer.byteLength(json, 'utf8') > MAX_SETTING_BYTES) {
      throw new FhirError(413, `Setting "${key}" is larger than ${MAX_SETTING_BYTES / 1024} KB`, 'too-costly', 'value');
    }
    await this.db.transaction(async (tx) => {
      // Locking the user row serialises one user's writes, so concurrent new keys cannot overshoot the limit.
      const user = await tx.query('select 1 from app_user where id = $1 for update', [userId]);
      if (user.rows.length === 0) throw badRequest(`Unknown user ${userId}`);
      const { rows } = await tx.query<{ n: number | string; present: boolean }>(
        'select count(*) as n, coalesce(bool_or(key = $2), false) as present from user_setting where user_id = $1',
        [userId, key],
      );
      if (!rows[0].present && Number(rows[0].n) >= MAX_SETTINGS_PER_USER) {
        throw conflict(`At most ${MAX_SETTINGS_PER_USER} settings per user; delete unused ones first`);
      }
      await tx.query(
        `insert into user_setting (user_id, key, value) values ($1, $2, $3::jsonb)
         on conflict (user_id, key) do update set value = excluded.value, updated_at = now()`,
        [userId, key, json],
      );
    });
  }

  /** True when a setting was removed. */
  async remove(userId: string, key: string): Promise<boolean> {
    checkSettingKey(key);
    const deleted = await this.db.query('delete from user_setting where user_id = $1 and key = $2', [userId, key]);
    return deleted.rowCount > 0;
  }
}
