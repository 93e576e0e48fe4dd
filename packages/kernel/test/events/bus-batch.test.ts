import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { appendToOutbox, EventBus, eventMigrations, type DeliveredEvent, type OutboxEvent } from '../../src/events/index.ts';
import { testDbFactories } from '../dbs.ts';

const factories = await testDbFactories();

const event = (id: string): OutboxEvent => ({ topic: 'Patient:create', resourceType: 'Patient', resourceId: id, versionId: '1', action: 'create', payload: { resourceType: 'Patient', id } });
const waitFor = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe.each(factories)('EventBus batch subscribers on $name', (factory) => {
  let db: Db;
  let bus: EventBus | undefined;

  beforeAll(async () => {
    db = await factory.open();
    await runMigrations(db, eventMigrations);
  });
  afterAll(() => db.close());
  beforeEach(() => db.query('truncate event_outbox, event_cursor, event_retry, event_dead_letter restart identity'));
  afterEach(async () => {
    await bus?.stop();
    bus = undefined;
  });

  const publish = (...ids: string[]) => db.transaction((tx) => appendToOutbox(tx, ids.map(event)));

  it('hands consecutive events over together, in outbox order, and acknowledges the batch once', async () => {
    await publish('p1', 'p2', 'p3', 'p4', 'p5');
    bus = new EventBus({ db, pollIntervalMs: 20, batchSize: 3 });
    const batches: string[][] = [];
    await bus.subscribeBatch('indexer', 'Patient:*', async (events) => void batches.push(events.map((e) => e.resourceId)), { fromBeginning: true });
    bus.start();
    await waitFor(async () => expect(await bus!.pendingCount('indexer')).toBe(0));
    expect(batches).toEqual([['p1', 'p2', 'p3'], ['p4', 'p5']]);
  });

  it('after a failed batch delivers its events one by one, so only the poison event is retried and dead-lettered', async () => {
    await publish('p1', 'poison', 'p3');
    bus = new EventBus({ db, pollIntervalMs: 20, backoffMs: () => 5, maxAttempts: 2 });
    const calls: string[][] = [];
    const handled = new Set<string>();
    await bus.subscribeBatch(
      'indexer',
      'Patient:*',
      async (events: DeliveredEvent[]) => {
        calls.push(events.map((e) => `${e.resourceId}#${e.attempt}`));
        if (events.some((e) => e.resourceId === 'poison')) throw new Error('cannot index poison');
        for (const e of events) handled.add(e.resourceId);
      },
      { fromBeginning: true },
    );
    bus.start();
    await waitFor(async () => expect(await bus!.listDeadLetters('indexer')).toHaveLength(1));
    expect(calls).toEqual([['p1#1', 'poison#1', 'p3#1'], ['p1#1'], ['poison#1'], ['p3#1'], ['poison#2']]);
    expect([...handled].sort()).toEqual(['p1', 'p3']);
    expect((await bus.listDeadLetters('indexer'))[0]).toMatchObject({ eventId: 2, attempts: 2, lastError: 'cannot index poison' });
    expect(await bus.pendingCount('indexer')).toBe(0);
  });

  it('lets a batch subscriber ask for bigger batches than the bus default', async () => {
    await publish('p1', 'p2', 'p3', 'p4', 'p5');
    bus = new EventBus({ db, pollIntervalMs: 20, batchSize: 2 });
    const batches: string[][] = [];
    await bus.subscribeBatch('big', 'Patient:*', async (events) => void batches.push(events.map((e) => e.resourceId)), { fromBeginning: true, batchSize: 4 });
    bus.start();
    await waitFor(async () => expect(await bus!.hasPending('big')).toBe(false));
    expect(batches).toEqual([['p1', 'p2', 'p3', 'p4'], ['p5']]);
  });

  it('delivers without payloads on request, reads one on demand, and still dead-letters it with the payload', async () => {
    await publish('p1', 'poison');
    bus = new EventBus({ db, pollIntervalMs: 20, backoffMs: () => 5, maxAttempts: 1 });
    const seen: unknown[] = [];
    const read: unknown[] = [];
    await bus.subscribeBatch(
      'lean',
      'Patient:*',
      async (events) => {
        for (const e of events) {
          seen.push(e.payload);
          read.push(await bus!.payloadOf(e));
        }
        return { failed: events.filter((e) => e.resourceId === 'poison').map((e) => ({ event: e, error: new Error('no') })) };
      },
      { fromBeginning: true, withoutPayload: true },
    );
    bus.start();
    await waitFor(async () => expect(await bus!.listDeadLetters('lean')).toHaveLength(1));
    expect(seen).toEqual([undefined, undefined]);
    expect(read).toEqual([{ resourceType: 'Patient', id: 'p1' }, { resourceType: 'Patient', id: 'poison' }]);
    expect((await bus.listDeadLetters('lean'))[0].payload).toEqual({ resourceType: 'Patient', id: 'poison' });
  });

  it('hasPending answers like pendingCount > 0, for matching events and scheduled retries', async () => {
    bus = new EventBus({ db, pollIntervalMs: 60_000 });
    await bus.subscribeBatch('idle', 'Observation:*', async () => undefined);
    await publish('p1');
    expect(await bus.hasPending('idle')).toBe(false); // not its topic
    await db.transaction((tx) => appendToOutbox(tx, [{ ...event('o1'), topic: 'Observation:create', resourceType: 'Observation' }]));
    expect(await bus.hasPending('idle')).toBe(true);
    expect(await bus.pendingCount('idle')).toBe(1);
    await expect(bus.hasPending('nobody')).rejects.toThrow(/unknown event subscriber/);
  });

  it('takes failures reported event by event: only those are retried, each attempt counted once', async () => {
    await publish('p1', 'poison', 'p3');
    bus = new EventBus({ db, pollIntervalMs: 20, backoffMs: () => 5, maxAttempts: 2 });
    const calls: string[][] = [];
    await bus.subscribeBatch(
      'notifier',
      'Patient:*',
      async (events: DeliveredEvent[]) => {
        calls.push(events.map((e) => `${e.resourceId}#${e.attempt}`));
        return { failed: events.filter((e) => e.resourceId === 'poison').map((e) => ({ event: e, error: new Error('hook down') })) };
      },
      { fromBeginning: true },
    );
    bus.start();
    await waitFor(async () => expect(await bus!.listDeadLetters('notifier')).toHaveLength(1));
    // The batch once, then the poison's retry: p1 and p3 are not handled twice, the poison is tried twice in all.
    expect(calls).toEqual([['p1#1', 'poison#1', 'p3#1'], ['poison#2']]);
    expect((await bus.listDeadLetters('notifier'))[0]).toMatchObject({ eventId: 2, attempts: 2, lastError: 'hook down' });
    expect(await bus.pendingCount('notifier')).toBe(0);
  });
});
