import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runMigrations, type Db } from '../../src/db/index.ts';
import { appendToOutbox, EventBus, eventMigrations, type DeliveredEvent, type EventBusOptions, type OutboxEvent } from '../../src/events/index.ts';
import { testDbFactories } from '../dbs.ts';

const factories = await testDbFactories();

/** `Type:what/id` → an outbox row for resource `Type/id`. */
function outboxEvent(spec: string): OutboxEvent {
  const [topic, id] = spec.split('/');
  const resourceType = topic.split(':')[0];
  return { topic, resourceType, resourceId: id, versionId: '1', action: 'create', institution: 'org-a', payload: { resourceType, id } };
}

const label = (e: DeliveredEvent) => `${e.topic}/${e.resourceId}`;
const settle = () => new Promise((r) => setTimeout(r, 150));
const waitFor = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 10 });

describe.each(factories)('EventBus on $name', (factory) => {
  let db: Db;
  let buses: EventBus[] = [];

  const publish = async (...specs: string[]) => {
    await db.transaction((tx) => appendToOutbox(tx, specs.map(outboxEvent)));
    for (const bus of buses) bus.poke();
  };
  const newBus = (options: Partial<EventBusOptions> = {}) => {
    const bus = new EventBus({ db, pollIntervalMs: 20, backoffMs: () => 5, maxAttempts: 3, ...options });
    buses.push(bus);
    return bus;
  };
  /** Subscribes a handler that records what it receives (then runs `behaviour`). */
  const collect = async (bus: EventBus, name: string, pattern: string, behaviour?: (e: DeliveredEvent) => Promise<void> | void, fromBeginning = false) => {
    const received: DeliveredEvent[] = [];
    await bus.subscribe(name, pattern, async (e) => {
      received.push(e);
      await behaviour?.(e);
    }, { fromBeginning });
    return received;
  };

  beforeAll(async () => {
    db = await factory.open();
    await runMigrations(db, eventMigrations);
  });
  afterAll(() => db.close());
  beforeEach(() => db.query('truncate event_outbox, event_cursor, event_retry, event_dead_letter restart identity'));
  afterEach(async () => {
    await Promise.all(buses.map((b) => b.stop()));
    buses = [];
  });

  it('delivers committed events once to every subscriber and never rolled-back ones', async () => {
    const bus = newBus();
    const a = await collect(bus, 'a', '*');
    const b = await collect(bus, 'b', '*');
    bus.start();
    await expect(
      db.transaction(async (tx) => {
        await appendToOutbox(tx, [outboxEvent('Observation:create/rolled-back')]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await publish('Observation:create/o1');
    await waitFor(() => expect(a.map(label)).toEqual(['Observation:create/o1']));
    await waitFor(() => expect(b.map(label)).toEqual(['Observation:create/o1']));
    await settle();
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]).toMatchObject({ resourceType: 'Observation', resourceId: 'o1', versionId: '1', action: 'create', institution: 'org-a', attempt: 1, payload: { id: 'o1' } });
    expect(await bus.pendingCount('a')).toBe(0);
  });

  it('filters by topic pattern', async () => {
    const bus = newBus();
    const observations = await collect(bus, 'obs', 'Observation:*');
    const finals = await collect(bus, 'finals', 'DiagnosticReport:final');
    const all = await collect(bus, 'all', '*');
    bus.start();
    await publish('Observation:create/o1', 'DiagnosticReport:update/r1', 'DiagnosticReport:final/r1', 'Patient:create/p1', 'Observation:final/o1');
    await waitFor(() => expect(all).toHaveLength(5));
    await waitFor(() => expect(observations.map(label)).toEqual(['Observation:create/o1', 'Observation:final/o1']));
    expect(finals.map(label)).toEqual(['DiagnosticReport:final/r1']);
    await expect(bus.subscribe('bad', 'Observation*', async () => {})).rejects.toThrow('invalid topic pattern');
  });

  it('retries a failing handler with backoff without blocking later events', async () => {
    const bus = newBus();
    const received = await collect(bus, 'flaky', '*', (e) => {
      if (e.resourceId === 'o1' && e.attempt < 3) throw new Error(`boom ${e.attempt}`);
    });
    bus.start();
    await publish('Observation:create/o1', 'Observation:create/o2');
    await waitFor(() => expect(received.filter((e) => e.resourceId === 'o1').map((e) => e.attempt)).toEqual([1, 2, 3]));
    expect(received.filter((e) => e.resourceId === 'o2').map((e) => e.attempt)).toEqual([1]);
    await waitFor(async () => expect(await bus.pendingCount('flaky')).toBe(0));
    expect(await bus.listDeadLetters()).toEqual([]);
  });

  it('dead-letters after maxAttempts and redelivers on retryDeadLetter', async () => {
    const bus = newBus();
    let healthy = false;
    const received = await collect(bus, 'poisoned', 'Observation:create', () => {
      if (!healthy) throw new Error('always fails');
    });
    bus.start();
    await publish('Observation:create/o1');
    await waitFor(async () => expect(await bus.listDeadLetters('poisoned')).toHaveLength(1));
    const [dead] = await bus.listDeadLetters();
    expect(dead).toMatchObject({ subscriber: 'poisoned', eventId: 1, attempts: 3, lastError: 'always fails', payload: { id: 'o1' } });
    expect(received.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(await bus.pendingCount('poisoned')).toBe(0);

    healthy = true;
    expect(await bus.retryDeadLetter('poisoned', 1)).toBe(true);
    expect(await bus.retryDeadLetter('poisoned', 1)).toBe(false);
    await waitFor(() => expect(received.map((e) => e.attempt)).toEqual([1, 2, 3, 1]));
    await waitFor(async () => expect(await bus.pendingCount('poisoned')).toBe(0));
    expect(await bus.listDeadLetters()).toEqual([]);
  });

  it('resumes from the cursor after stop() without redelivering, and stop() waits for handlers', async () => {
    let finished = 0;
    const bus = newBus();
    const received = await collect(bus, 'resumable', '*', async () => {
      await new Promise((r) => setTimeout(r, 30));
      finished++;
    });
    bus.start();
    await publish('Patient:create/p1', 'Patient:create/p2', 'Patient:create/p3');
    await waitFor(() => expect(received).toHaveLength(1));
    await bus.stop();
    // The in-flight handler completed and was acknowledged; the rest stays pending.
    expect(finished).toBe(received.length);
    const acknowledged = received.length;
    expect(await bus.pendingCount('resumable')).toBe(3 - acknowledged);

    await publish('Patient:create/p4');
    await settle();
    expect(received).toHaveLength(acknowledged);
    bus.start();
    await waitFor(() => expect(received.map((e) => e.resourceId)).toEqual(['p1', 'p2', 'p3', 'p4']));
    await settle();
    expect(received).toHaveLength(4);
  });

  it('delivers in outbox order, also with concurrent writers and several batches', async () => {
    const bus = newBus({ batchSize: 16 });
    const received = await collect(bus, 'ordered', 'Observation:*');
    bus.start();
    await Promise.all(
      Array.from({ length: 20 }, (_, t) => publish(...Array.from({ length: 5 }, (_, i) => `Observation:create/t${t}-${i}`), `Patient:create/p${t}`)),
    );
    await waitFor(() => expect(received).toHaveLength(100));
    const ids = received.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(received.map((e) => e.resourceId)).size).toBe(100);
    // Per transaction the events keep their insertion order.
    const t3 = received.filter((e) => e.resourceId.startsWith('t3-')).map((e) => e.resourceId);
    expect(t3).toEqual(['t3-0', 't3-1', 't3-2', 't3-3', 't3-4']);
  });

  it('never skips an event whose transaction commits after a later-started one', async () => {
    const bus = newBus();
    const received = await collect(bus, 'careful', '*');
    bus.start();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const slowAppended = new Promise<void>((r) => (appended = r));
    const slow = db.transaction(async (tx) => {
      await appendToOutbox(tx, [outboxEvent('Patient:create/slow')]);
      appended();
      await gate;
    });
    await slowAppended;
    // Without the outbox append lock this commits first with the higher id and the cursor skips `slow`.
    const fast = publish('Patient:create/fast');
    await settle();
    release();
    await Promise.all([slow, fast]);
    bus.poke();
    await waitFor(() => expect(received.map((e) => e.resourceId)).toEqual(['slow', 'fast']));
  });

  it('starts new subscribers at the end of the outbox unless fromBeginning', async () => {
    await publish('Patient:create/p1', 'Patient:create/p2');
    const bus = newBus();
    const late = await collect(bus, 'late', '*');
    const replay = await collect(bus, 'replay', '*', undefined, true);
    bus.start();
    await publish('Patient:create/p3');
    await waitFor(() => expect(replay.map((e) => e.resourceId)).toEqual(['p1', 'p2', 'p3']));
    await waitFor(() => expect(late.map((e) => e.resourceId)).toEqual(['p3']));
  });

  it('shares a subscriber between processes: each event is handled once', async () => {
    const seen: string[] = [];
    const handler = async (e: DeliveredEvent) => {
      seen.push(e.resourceId);
    };
    const first = newBus();
    const second = newBus();
    await first.subscribe('shared', '*', handler);
    await second.subscribe('shared', '*', handler);
    first.start();
    second.start();
    for (let t = 0; t < 10; t++) await publish(...Array.from({ length: 5 }, (_, i) => `Patient:create/p${t * 5 + i}`));
    await waitFor(() => expect(seen).toHaveLength(50));
    await settle();
    expect(seen).toHaveLength(50);
    expect(new Set(seen).size).toBe(50);
  });
});
