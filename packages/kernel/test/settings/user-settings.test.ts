import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authMigrations, AuthService } from '../../src/auth/index.ts';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { FhirError } from '../../src/fhir/errors.ts';
import { MAX_SETTING_BYTES, MAX_SETTINGS_PER_USER, settingsMigrations, UserSettings } from '../../src/settings/index.ts';
import { testDbFactories } from '../dbs.ts';
import { uniqueName } from '../auth/helpers.ts';

const factories = await testDbFactories();

async function fhirErrorOf(promise: Promise<unknown>): Promise<FhirError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FhirError) return err;
    throw err;
  }
  throw new Error('expected a FhirError, but the call succeeded');
}

describe.each(factories)('UserSettings on $name', (factory) => {
  let db: Db;
  let auth: AuthService;
  let settings: UserSettings;
  const newUser = async () => (await auth.createUser({ username: uniqueName('settings'), password: 'Settings-pass-1' })).id;

  beforeAll(async () => {
    db = await factory.open();
    await runMigrations(db, [...authMigrations, ...settingsMigrations]);
    auth = new AuthService({ db });
    settings = new UserSettings(db);
  });
  afterAll(() => db?.close());

  it('stores any JSON value per user and key, and keeps users apart', async () => {
    const [alice, bob] = [await newUser(), await newUser()];
    const values: Record<string, unknown> = {
      'table.admin.users': { columns: ['username', 'displayName'], hidden: ['createdAt'], density: 'small' },
      'ui.abnormal': { high: '#ff0000', flash: false },
      'form:patient.remember': ['gender', '民族'],
      'count': 42,
      'label': '检验科',
      'nothing': null,
    };
    for (const [key, value] of Object.entries(values)) await settings.put(alice, key, value);
    expect(await settings.all(alice)).toEqual(values);
    expect(await settings.get(alice, 'label')).toBe('检验科');
    expect(await settings.get(alice, 'nothing')).toBeNull();
    expect(await settings.get(alice, 'never-set')).toBeUndefined();
    expect(await settings.all(bob)).toEqual({});

    await settings.put(alice, 'count', { replaced: true });
    expect(await settings.get(alice, 'count')).toEqual({ replaced: true });
    expect(await settings.remove(alice, 'count')).toBe(true);
    expect(await settings.remove(alice, 'count')).toBe(false);
    expect(await settings.get(alice, 'count')).toBeUndefined();
  });

  it('refuses malformed keys with a 400 naming the key', async () => {
    const user = await newUser();
    for (const key of ['', 'Upper', '-leading', 'has space', '__proto__', 'x'.repeat(129), '表格']) {
      const err = await fhirErrorOf(settings.put(user, key, 1));
      expect(err.status, key).toBe(400);
      expect(err.issues[0].expression).toEqual(['key']);
    }
    await settings.put(user, `a${'b'.repeat(127)}`, 1);
    expect(Object.keys(await settings.all(user))).toHaveLength(1);
  });

  it('refuses values over 64 KB (413) and writes nothing', async () => {
    const user = await newUser();
    const err = await fhirErrorOf(settings.put(user, 'big', 'x'.repeat(MAX_SETTING_BYTES)));
    expect(err.status).toBe(413);
    // Measured in UTF-8: 22,000 CJK characters are 66,000 bytes.
    expect((await fhirErrorOf(settings.put(user, 'big', '检'.repeat(22_000)))).status).toBe(413);
    expect(await settings.get(user, 'big')).toBeUndefined();
    await settings.put(user, 'big', 'x'.repeat(MAX_SETTING_BYTES - 2)); // plus two quotes: exactly the limit
    expect(((await settings.get(user, 'big')) as string).length).toBe(MAX_SETTING_BYTES - 2);
  });

  it(`allows at most ${MAX_SETTINGS_PER_USER} keys per user, while existing keys stay writable`, async () => {
    const user = await newUser();
    await db.query(`insert into user_setting (user_id, key, value) select $1, 'k' || g, '1'::jsonb from generate_series(1, ${MAX_SETTINGS_PER_USER - 1}) g`, [user]);
    await settings.put(user, 'the-last-one', true);
    const err = await fhirErrorOf(settings.put(user, 'one-too-many', true));
    expect(err.status).toBe(409);
    expect(await settings.get(user, 'one-too-many')).toBeUndefined();
    await settings.put(user, 'k1', 'still writable');
    expect(await settings.get(user, 'k1')).toBe('still writable');
    await settings.remove(user, 'k2');
    await settings.put(user, 'one-too-many', true);
    expect(Object.keys(await settings.all(user))).toHaveLength(MAX_SETTINGS_PER_USER);
  });

  it('forgets the settings of a deleted user', async () => {
    const user = await newUser();
    await settings.put(user, 'x', 1);
    await db.query('delete from app_user where id = $1', [user]);
    expect((await db.query('select 1 from user_setting where user_id = $1', [user])).rows).toHaveLength(0);
    expect((await fhirErrorOf(settings.put(user, 'x', 1))).status).toBe(400);
  });
});
