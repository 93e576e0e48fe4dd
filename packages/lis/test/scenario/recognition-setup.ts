import { expect } from 'vitest';
import type { TestPlatform } from '../../../server/test/platform.ts';
import { call } from '../instruments/platform.ts';

const LAB = 'lead-hospital';
const LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';

/**
 * The 互认 platform side of an LIS push on the same platform, set up through its real APIs: the lead hospital
 * participates, this year's items include the panel and its tests, the hospital is qualified for them, its lab
 * dictionary maps the LIS codes to the regional catalogue (`unmapped` codes deliberately not), and the LIS pushes with
 * a client-credentials account whose secret lives in an environment variable (never in a parameter).
 */
export async function setUpSamePlatformPush(t: TestPlatform, input: { panel: [code: string, name: string]; tests: string[]; unmapped: string[] }): Promise<void> {
  const admin = await t.login('admin');
  const institutionAdmin = await t.login('lead.admin');
  const ok = (r: { status: number; body: unknown }, status: number) => expect(r.status, JSON.stringify(r.body)).toBe(status);
  const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
  const items = [input.panel[0], ...input.tests];
  ok(await call(t, 'PUT', `/api/recognition/admin/institutions/${LAB}`, admin, { level: '二级甲等' }), 200);
  const created = await call(t, 'POST', '/api/recognition/admin/years', admin, { year });
  expect([201, 409]).toContain(created.status);
  ok(await call(t, 'PUT', `/api/recognition/admin/years/${year}/items`, admin, { items: items.map((code) => ({ code })) }), 200);
  ok(await call(t, 'PUT', `/api/recognition/admin/years/${year}/qualifications`, admin, { entries: items.map((item) => ({ item, institution: LAB, allowed: true })) }), 200);

  const rows = [[input.panel[0], input.panel[1]], ...[...input.tests, ...input.unmapped].map((code) => [code, code])];
  const csv = `code,name\n${rows.map(([code, name]) => `${code},${name}`).join('\n')}\n`;
  const imported = await fetch(`${t.url}/api/terminology/import?kind=lab-items`, { method: 'POST', headers: { authorization: `Bearer ${institutionAdmin}`, 'content-type': 'text/csv' }, body: csv });
  expect(imported.status, await imported.clone().text()).toBe(201);
  const { codeSystem } = (await imported.json()) as { codeSystem: { url: string } };
  ok(await call(t, 'POST', '/api/terminology/mapping', institutionAdmin, { dictionary: codeSystem.url, target: LAB_CATALOGUE, mappings: items.map((code) => ({ code, target: code })) }), 200);

  const client = await t.platform.kernel.auth.createClient({ name: '县医院 LIS 互认推送', institution: LAB, roles: ['interface', 'recognition-uploader'] });
  const secretEnv = `LIS_SCENARIO_RECOGNITION_SECRET_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
  process.env[secretEnv] = client.clientSecret;
  ok(await call(t, 'PUT', `/api/admin/parameters/institution/${LAB}`, institutionAdmin, { 'lis.recognition.push': 'same-platform', 'lis.recognition.clientId': client.clientId, 'lis.recognition.clientSecretEnv': secretEnv }), 200);
}
