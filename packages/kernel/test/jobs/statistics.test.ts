import type { BundleEntry } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import { StatisticsKeeper } from '../../src/jobs/statistics.ts';
import { testDbFactories } from '../dbs.ts';
import { openStore, type StoreFixture } from '../store/helpers.ts';

const factories = await testDbFactories();

describe.each(factories)('planner statistics after bulk loads on $name', (factory) => {
  let fx: StoreFixture;
  beforeAll(async () => {
    fx = await openStore(factory);
    // Where autovacuum runs it could analyze mid-test; this test is about the kernel doing it.
    await fx.db.exec('alter table fhir_resource set (autovacuum_enabled = false)');
  });
  afterAll(() => fx?.close());

  const load = (n: number) => {
    const entry: BundleEntry[] = Array.from({ length: n }, (_, i) => ({
      request: { method: 'POST', url: 'Patient' },
      resource: { resourceType: 'Patient', name: [{ text: `患者${i}`, family: '王', given: [`${i}`] }] },
    }));
    return fx.store.bundle({ principal: SYSTEM_PRINCIPAL }, { resourceType: 'Bundle', type: 'transaction', entry });
  };
  const plannerRows = async () =>
    Number((await fx.db.query<{ n: number | string }>(`select reltuples as n from pg_class where oid = 'fhir_resource'::regclass`)).rows[0].n);

  it('analyzes once a bulk load outgrows what the planner knows, and not again without growth', async () => {
    const keeper = new StatisticsKeeper(fx.db);
    expect(await keeper.refreshIfGrown()).toBe(false); // empty store
    await load(1200);
    expect(await plannerRows()).toBeLessThan(1200);
    expect(await keeper.refreshIfGrown()).toBe(true);
    expect(await plannerRows()).toBe(1200);
    expect(await keeper.refreshIfGrown()).toBe(false);
    // 100 more is below both the 500-row floor and 10 % growth.
    await load(100);
    expect(await keeper.refreshIfGrown()).toBe(false);
    await load(500);
    expect(await keeper.refreshIfGrown()).toBe(true);
    expect(await plannerRows()).toBe(1800);
  });
});
