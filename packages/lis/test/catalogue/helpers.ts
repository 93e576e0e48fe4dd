import type { OperationOutcome } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { expect } from 'vitest';
import { subscribersSettled } from '../../../server/test/http/helpers.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { TestDbFactory } from '../../../kernel/test/dbs.ts';
import { countyLabCatalogue } from '../../src/catalogue/demo/county-lab.ts';

export const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * A platform with the terminology and LIS modules and their demo data (the LIS demo catalogues included).
 *
 * The built-in `staff-own-institution` policy (packages/server/src/bootstrap/roles.ts) does not yet list the
 * `lab-supervisor` role, so 检验科主任 could neither read nor write their own institution's data through the store.
 * Until it does, the same grant is added here, exactly as that policy words it for the other staff roles.
 */
export async function startLisPlatform(factory: TestDbFactory, opts: { demos?: boolean } = {}): Promise<TestPlatform> {
  const demos = opts.demos ?? true;
  const t = await startTestPlatform(factory, { MEDUNION_MODULES: 'terminology,lis', ...(demos ? { SEED_MODULE_DEMOS: 'true' } : {}) });
  const admin = await t.login('admin');
  const policy = { name: '检验科主任访问本机构数据 / lab supervisors access their institution', effect: 'allow', access: ['read', 'write'], subjects: { roles: ['lab-supervisor'] }, institutions: ['$own'] };
  const res = await t.request('PUT', '/api/admin/policies/lis-test-lab-supervisor-own-institution', { token: admin, body: policy, headers: JSON_HEADERS });
  expect(res.status, await res.text()).toBe(200);
  if (!demos) {
    // The lead hospital's county catalogue, through the catalogue's own import API (the demo hook's data).
    const imported = await t.request('POST', '/api/lis/catalogue/import', { token: await t.login('lead.labhead'), body: countyLabCatalogue(), headers: JSON_HEADERS });
    expect(imported.status, await imported.clone().text()).toBe(200);
  }
  return t;
}

/** Sends JSON (or raw bytes with their content type) and returns status and parsed JSON body. */
export async function call<T = Record<string, unknown>>(t: TestPlatform, method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = JSON_HEADERS): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await t.request(method, path, { token, body, headers: body === undefined ? {} : headers });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** Fails with the body when the status is not the expected one. */
export function expectStatus(r: { status: number; body: unknown }, status: number): void {
  expect(r.status, JSON.stringify(r.body)?.slice(0, 1500)).toBe(status);
}

export const expressions = (o: unknown): string[] => ((o as OperationOutcome).issue ?? []).flatMap((i) => i.expression ?? []);
export const issueText = (o: unknown): string => ((o as OperationOutcome).issue ?? []).map((i) => i.details?.text ?? '').join(' | ');

/** The LIS module's context in a running platform (for its ports). */
export const lisContext = (t: TestPlatform): ModuleContext => t.platform.runtime.contexts.get('lis')!;

/** Waits until the LIS module's event reactions have caught up (e.g. catalogue cache invalidation). */
export function lisSettled(t: TestPlatform): Promise<void> {
  return subscribersSettled(t, ['module:lis:ObservationDefinition:*', 'module:lis:ActivityDefinition:*', 'module:lis:SpecimenDefinition:*']);
}
