import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { runMigrations } from '../../src/db/index.ts';
import { authMigrations, type AuthService } from '../../src/auth/index.ts';
import { testDbFactories } from '../dbs.ts';
import { migratedDb, service, uniqueName } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('storage ($name)', (f) => {
  let db: Db;
  let auth: AuthService;

  beforeAll(async () => {
    db = await migratedDb(f);
    auth = service(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('migrations are idempotent', async () => {
    expect(await runMigrations(db, authMigrations)).toEqual([]);
  });

  it('never stores passwords or client secrets in plaintext', async () => {
    await auth.upsertRole({ id: 'doctor', nameZh: '医生', nameEn: 'Doctor', permissions: ['fhir.read'] });
    const password = 'Plain-Text-Canary-7391';
    const newPassword = 'Second-Canary-8402';
    const username = uniqueName('canary');
    const user = await auth.createUser({ username, password, roles: [{ role: 'doctor', institution: 'org-a' }] });
    const tokens = await auth.login(username, password);
    await auth.refresh(tokens.refresh_token);
    await auth.setPassword(user.id, newPassword);
    await auth.login(username, 'Wrong-Canary-1').catch(() => undefined);
    const { clientSecret, clientId } = await auth.createClient({ name: 'pacs', roles: ['doctor'] });
    await auth.clientCredentials(clientId, clientSecret);

    const tables = await db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['app_user', 'api_client', 'auth_token']));
    let dump = '';
    for (const { table_name } of tables.rows) {
      const rows = await db.query<{ row: string }>(`select row_to_json(t)::text as row from "${table_name}" t`);
      dump += rows.rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain(username);
    for (const secret of [password, newPassword, 'Wrong-Canary-1', clientSecret, tokens.access_token, tokens.refresh_token]) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain('$argon2id$');
  });
});
