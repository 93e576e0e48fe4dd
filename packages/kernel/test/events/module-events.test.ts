import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { policyMigrations, PolicyRepository } from '../../src/access/policy-repository.ts';
import { SYSTEM_PRINCIPAL } from '../../src/access/principal.ts';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { appendToOutbox, EventBus, eventMigrations, outboxEventsFor, type DeliveredEvent } from '../../src/events/index.ts';
import { loadFhirDefinitions } from '../../src/fhir/validation/index.ts';
import { FhirStore } from '../../src/store/fhir-store.ts';
import { storeMigrations } from '../../src/store/migrations.ts';
import { testDbFactories } from '../dbs.ts';

const factories = await testDbFactories();
const system = { principal: SYSTEM_PRINCIPAL };

describe.each(factories)('module events through the outbox on $name', (factory) => {
  let db: Db;
  let store: FhirStore;
  let bus: EventBus;
  const received: DeliveredEvent[] = [];

  beforeAll(async () => {
    loadFhirDefinitions();
    db = await factory.open();
    await runMigrations(db, [...storeMigrations, ...policyMigrations, ...eventMigrations]);
    const repo = new PolicyRepository(db);
    bus = new EventBus({ db, pollIntervalMs: 20 });
    // Wired as the kernel wires it: resource changes first, then the unit's module events, in one append.
    store = new FhirStore({
      db,
      policies: () => repo.all(),
      outbox: (tx, changes, events) => appendToOutbox(tx, [...changes.flatMap((c) => outboxEventsFor(c.resource, c.action, c.institution ?? undefined)), ...events]),
      afterCommit: () => bus.poke(),
    });
    await bus.subscribe('stage-two', 'IndexWork:*', async (e) => void received.push(e));
    bus.start();
  });
  afterAll(async () => {
    await bus.stop();
    await db.close();
  });

  it('delivers an event published in a unit after its commit, after the unit\'s resource changes', async () => {
    await store.inUnit(system, async (unit) => {
      await store.createIn(unit, system, { resourceType: 'Patient', name: [{ text: '张三' }] }, {});
      store.publishIn(unit, { topic: 'IndexWork:update', key: 'op-1', payload: { goldenIds: ['g1', 'g2'] } });
    });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(received[0]).toMatchObject({ topic: 'IndexWork:update', resourceType: 'IndexWork', resourceId: 'op-1', action: 'update', payload: { goldenIds: ['g1', 'g2'] } });
    const { rows } = await db.query<{ topic: string }>('select topic from event_outbox order by id');
    expect(rows.map((r) => r.topic)).toEqual(['Patient:create', 'IndexWork:update']);
  });

  it('publishes nothing when the unit rolls back', async () => {
    const before = received.length;
    await expect(
      store.inUnit(system, async (unit) => {
        store.publishIn(unit, { topic: 'IndexWork:update', key: 'op-2', payload: {} });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await bus.stop();
    bus.start();
    expect(await bus.hasPending('stage-two')).toBe(false);
    expect(received).toHaveLength(before);
  });

  it('refuses topics that would pass for resource changes or have no valid action', async () => {
    await store.inUnit(system, async (unit) => {
      expect(() => store.publishIn(unit, { topic: 'Patient:update', key: 'x', payload: {} })).toThrow(/NonFhirType/);
      expect(() => store.publishIn(unit, { topic: 'IndexWork:done', key: 'x', payload: {} })).toThrow(/create\|update\|delete/);
      expect(() => store.publishIn(unit, { topic: 'indexWork:update', key: 'x', payload: {} })).toThrow();
    });
  });
});
