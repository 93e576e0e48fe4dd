import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { bootstrap } from '../../src/bootstrap/bootstrap.ts';
import { DEMO_LAB_ORDERABLES_SYSTEM, DEMO_LAB_ORDERABLES_VALUE_SET } from '../../src/bootstrap/demo-terminology.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';
import { expectOutcome, historyTotal, json } from './helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('demo terminology on $name', (factory) => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestPlatform(factory);
    for (const user of ['admin', 'lead.doctor', 'hexi.lab', 'commission']) tokens[user] = await t.login(user);
  });
  afterAll(async () => t?.close());

  const byUrl = async <T extends CodeSystem | ValueSet>(user: string, type: string, url: string) => {
    const res = await t.request('GET', `/fhir/R4/${type}?url=${encodeURIComponent(url)}`, { token: tokens[user] });
    return { status: res.status, bundle: res.status === 200 ? await json<Bundle<T>>(res) : undefined };
  };

  it('seeds the laboratory orderables CodeSystem and its ValueSet', async () => {
    const { bundle } = await byUrl<CodeSystem>('admin', 'CodeSystem', DEMO_LAB_ORDERABLES_SYSTEM);
    const cs = bundle!.entry![0].resource!;
    expect(cs.concept!.length).toBeGreaterThanOrEqual(20);
    expect(cs.concept).toContainEqual({ code: 'CBC', display: '血常规' });
    const vs = (await byUrl<ValueSet>('admin', 'ValueSet', DEMO_LAB_ORDERABLES_VALUE_SET)).bundle!.entry![0].resource!;
    expect(vs.compose?.include).toEqual([{ system: DEMO_LAB_ORDERABLES_SYSTEM }]);
  });

  it('lets staff of every institution read dictionaries, which belong to no institution', async () => {
    for (const user of ['lead.doctor', 'hexi.lab']) {
      const { status, bundle } = await byUrl<CodeSystem>(user, 'CodeSystem', DEMO_LAB_ORDERABLES_SYSTEM);
      expect(status, user).toBe(200);
      expect(bundle!.entry?.map((e) => e.resource?.url), user).toEqual([DEMO_LAB_ORDERABLES_SYSTEM]);
      expect((await byUrl<ValueSet>(user, 'ValueSet', DEMO_LAB_ORDERABLES_VALUE_SET)).bundle!.entry).toHaveLength(1);
    }
  });

  it('grants reading only: staff cannot change a dictionary, and users without FHIR permissions cannot read it', async () => {
    const cs = (await byUrl<CodeSystem>('admin', 'CodeSystem', DEMO_LAB_ORDERABLES_SYSTEM)).bundle!.entry![0].resource!;
    const edited = { ...cs, concept: [...cs.concept!, { code: 'X', display: '篡改' }] };
    await expectOutcome(await t.request('PUT', `/fhir/R4/CodeSystem/${cs.id}`, { token: tokens['lead.doctor'], body: edited }), [403, 404]);
    const after = (await byUrl<CodeSystem>('admin', 'CodeSystem', DEMO_LAB_ORDERABLES_SYSTEM)).bundle!.entry![0].resource!;
    expect(after.meta?.versionId).toBe(cs.meta?.versionId);
    // The auditor role holds no FHIR permission: the policy opens data, not operations.
    expect((await byUrl('commission', 'CodeSystem', DEMO_LAB_ORDERABLES_SYSTEM)).status).toBe(403);
  });

  it('seeding again on the next start writes no new version', async () => {
    const before = await historyTotal(t, tokens.admin, 'CodeSystem');
    await bootstrap(t.platform.kernel);
    expect(await historyTotal(t, tokens.admin, 'CodeSystem')).toBe(before);
  });
});
