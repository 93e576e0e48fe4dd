import { loadConfig } from '@medunion/kernel';
import { buildPlatform, type Platform } from '../src/app.ts';
import { bootstrap } from '../src/bootstrap/bootstrap.ts';
import type { TestDbFactory } from '../../kernel/test/dbs.ts';

export const TEST_ADMIN_PASSWORD = 'Admin@12345';
export const DEMO_PASSWORD = 'Demo@2026';

export interface TestPlatform {
  platform: Platform;
  url: string;
  /** Logs in and returns an access token. */
  login(username: string, password?: string): Promise<string>;
  /** fetch against the platform with an optional bearer token; JSON bodies are serialised. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/** A real platform on a free 127.0.0.1 port, on a fresh database from the factory, with the demo region seeded. */
export async function startTestPlatform(factory: TestDbFactory, env: Record<string, string> = {}): Promise<TestPlatform> {
  const db = await factory.open();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, DATA_DIR: '/tmp/medunion-test-unused', ...env });
  process.env.LISTENER_NOTICE_FEED_PORT ??= '0';
  // MEDUNION_MODULES in `env` selects modules for this platform only (e.g. `-mpi` where patient matching is not the subject).
  const platform = await buildPlatform(config, { db, modules: env.MEDUNION_MODULES?.split(',') });
  // SEED_MODULE_DEMOS=true in `env` also seeds the modules' demo data, as `npm start` does.
  const moduleDemos = env.SEED_MODULE_DEMOS === 'true' ? { modules: platform.modules.modules, contexts: platform.runtime.contexts } : undefined;
  await bootstrap(platform.kernel, { modules: moduleDemos });
  const url = await platform.listen();
  const request: TestPlatform['request'] = (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/fhir+json';
    }
    return fetch(`${url}${path}`, { method, headers, body });
  };
  return {
    platform,
    url,
    request,
    login: async (username, password) => {
      const res = await request('POST', '/auth/login', { body: { username, password: password ?? (username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD) }, headers: { 'content-type': 'application/json' } });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { access_token: string }).access_token;
    },
    close: () => platform.close(),
  };
}
