import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from './platform.ts';

const factories = await testDbFactories();

describe.each(factories)('platform on $name', (factory) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(factory);
  });
  afterAll(async () => t?.close());

  it('answers /healthz and logs in the seeded admin', async () => {
    expect((await t.request('GET', '/healthz')).status).toBe(200);
    const token = await t.login('admin');
    const me = await (await t.request('GET', '/auth/me', { token })).json();
    expect(me).toMatchObject({ username: 'admin', regionAdmin: true });
  });
});
