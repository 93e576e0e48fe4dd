import { randomUUID } from 'node:crypto';
import type { Db } from '../db/types.ts';
import { hasPending, listDeadLetters, pendingCount, retryDeadLetter } from './dead-letters.ts';
import {
  advanceCursor,
  claimLease,
  deleteRetry,
  eventPayload,
  fetchDueRetries,
  fetchNewEvents,
  outboxHead,
  recordFailure,
  registerCursor,
  releaseLease,
} from './delivery-state.ts';
import { assertTopicPattern, topicMatches } from './pattern.ts';
import type { BatchEventHandler, BatchFailures, DeadLetter, DeliveredEvent, EventHandler, SubscribeOptions } from './types.ts';

export interface EventBusOptions {
  db: Db;
  /** How often to look for events written by other processes and for due retries. */
  pollIntervalMs?: number;
  /** Deliveries (first one included) before an event is dead-lettered. */
  maxAttempts?: number;
  /** Delay before the next attempt after `attempt` failed deliveries. */
  backoffMs?: (attempt: number) => number;
  /** Events read per query. */
  batchSize?: number;
  /** How long a dispatcher may hold a subscriber without progress before another process takes over. */
  leaseMs?: number;
  /** Infrastructure errors (database down, …); handler errors go to retries instead. */
  onError?: (err: unknown, subscriber: string) => void;
  /**
   * Subscribers this process dispatches: names (`*` wildcard) to take only those, `-name` to take all but those;
   * all when absent. Others are registered (cursor kept) but left to the processes that take them.
   */
  dispatches?: string[];
}

/** Whether a subscriber name is taken by a `dispatches` selection (see EventBusOptions). */
export function dispatchesSubscriber(selection: string[] | undefined, name: string): boolean {
  if (!selection?.length) return true;
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(name);
  const excluded = selection.filter((s) => s.startsWith('-')).map((s) => s.slice(1));
  const included = selection.filter((s) => !s.startsWith('-'));
  if (excluded.some(matches)) return false;
  return included.length === 0 || included.some(matches);
}

interface Subscription {
  name: string;
  pattern: string;
  handler: EventHandler;
  /** Set for batch subscribers: new events go here together; `handler` then delivers a batch of one. */
  batch?: BatchEventHandler;
  /** Events fetched per round (batch subscribers may ask for more than the bus default). */
  batchSize: number;
  withPayload: boolean;
  ready: boolean;
  active?: Promise<void>;
  again: boolean;
}

/**
 * Delivers outbox events to named subscribers, at least once and in outbox order per subscriber.
 *
 * Multi-process: the processes of a deployment share each subscriber's cursor, and only the
 * holder of the cursor row's lease dispatches. The lease is claimed with one atomic
 * `update … where lease is free returning last_id`, i.e. a short transaction. We do not hold
 * `pg_advisory_xact_lock(hashtext(subscriber))` or `select … for update skip locked` for the
 * round instead, because either would keep a transaction open while handlers run: on PGlite that
 * transaction owns the single connection (our Db mutex), so any handler touching the database
 * would deadlock; on PostgreSQL it would pin a connection and the xmin horizon. A lease has
 * neither problem; it is renewed on every acknowledgement and expires if its process dies.
 */
export class EventBus {
  private readonly db: Db;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly onError: (err: unknown, subscriber: string) => void;
  private readonly dispatches?: string[];
  private readonly owner = randomUUID();
  private readonly subscriptions = new Map<string, Subscription>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(options: EventBusOptions) {
    this.db = options.db;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.backoffMs = options.backoffMs ?? ((attempt) => Math.min(30_000, 200 * 2 ** attempt));
    this.batchSize = options.batchSize ?? 100;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.onError = options.onError ?? ((err, subscriber) => console.error(`[events] subscriber ${subscriber}:`, err));
    this.dispatches = options.dispatches;
  }

  /** Registers the handler (and the subscriber's cursor). A subscriber name is unique per bus. */
  async subscribe(subscriber: string, topicPattern: string, handler: EventHandler, options: SubscribeOptions = {}, batch?: BatchEventHandler): Promise<void> {
    assertTopicPattern(topicPattern);
    if (this.subscriptions.has(subscriber)) throw new Error(`event subscriber "${subscriber}" is already subscribed`);
    const batchSize = batch && options.batchSize ? Math.max(1, Math.floor(options.batchSize)) : this.batchSize;
    const subscription: Subscription = { name: subscriber, pattern: topicPattern, handler, batch, batchSize, withPayload: !options.withoutPayload, ready: false, again: false };
    this.subscriptions.set(subscriber, subscription);
    try {
      await registerCursor(this.db, subscriber, topicPattern, options.fromBeginning ?? false);
    } catch (err) {
      this.subscriptions.delete(subscriber);
      throw err;
    }
    subscription.ready = true;
    this.kick(subscription);
  }

  /**
   * Like `subscribe`, but new events arrive in batches (consecutive matching events, at most `batchSize`), and
   * the cursor moves once per batch: one transaction and one acknowledgement for many events. Retries and the
   * fallback after a failed batch deliver single events (see BatchEventHandler).
   */
  subscribeBatch(subscriber: string, topicPattern: string, handler: BatchEventHandler, options: SubscribeOptions = {}): Promise<void> {
    const single: EventHandler = async (event) => {
      const failures = await handler([event]);
      if (failures && failures.failed.length > 0) throw failures.failed[0].error;
    };
    return this.subscribe(subscriber, topicPattern, single, options, handler);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.poke(), this.pollIntervalMs);
    // Polling alone must not keep a process alive.
    this.timer.unref();
    this.poke();
  }

  /** Stops polling and waits for in-flight handlers; their acknowledgements are still recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([...this.subscriptions.values()].map((s) => s.active));
  }

  /**
   * Dispatch now (the store calls this after each commit); a round already running goes once more. With `topics`
   * (what the commit wrote), only subscribers whose pattern matches one of them: the others have nothing new to
   * handle and catch up with the outbox head at the next poll, instead of taking a lease per commit for nothing.
   */
  poke(topics?: readonly string[]): void {
    for (const subscription of this.subscriptions.values()) {
      if (!topics || topics.some((topic) => topicMatches(topic, subscription.pattern))) this.kick(subscription);
    }
  }

  listDeadLetters(subscriber?: string): Promise<DeadLetter[]> {
    return listDeadLetters(this.db, subscriber);
  }

  async retryDeadLetter(subscriber: string, eventId: number): Promise<boolean> {
    const moved = await retryDeadLetter(this.db, subscriber, eventId);
    if (moved) this.poke();
    return moved;
  }

  /** Names of the subscribers registered on this bus (tests wait for all of them to settle). */
  subscriberNames(): string[] {
    return [...this.subscriptions.keys()];
  }

  pendingCount(subscriber: string): Promise<number> {
    return pendingCount(this.db, subscriber);
  }

  /** The payload of an event that was delivered without it (`withoutPayload` subscribers). */
  async payloadOf(event: DeliveredEvent): Promise<unknown> {
    return event.payload !== undefined ? event.payload : eventPayload(this.db, event.id);
  }

  /** Cheaper than `pendingCount(…) > 0` on a long backlog: for wait loops. */
  hasPending(subscriber: string): Promise<boolean> {
    return hasPending(this.db, subscriber);
  }

  private kick(subscription: Subscription): void {
    if (!this.running || !subscription.ready || !dispatchesSubscriber(this.dispatches, subscription.name)) return;
    if (subscription.active) {
      subscription.again = true;
      return;
    }
    subscription.active = this.drain(subscription);
  }

  private async drain(subscription: Subscription): Promise<void> {
    try {
      do {
        subscription.again = false;
        try {
          await this.dispatch(subscription);
        } catch (err) {
          this.onError(err, subscription.name);
        }
      } while (subscription.again && this.running);
    } finally {
      subscription.active = undefined;
    }
  }

  /** One round for one subscriber: due retries, then new events up to the current outbox head. */
  private async dispatch(subscription: Subscription): Promise<void> {
    const { name } = subscription;
    const cursor = await claimLease(this.db, name, this.owner, this.leaseMs);
    if (cursor === null) return; // another process is dispatching this subscriber
    try {
      for (const event of await fetchDueRetries(this.db, name, this.batchSize)) {
        if (!this.running) return;
        if (!(await this.deliver(subscription, event, false))) return;
      }
      let position = cursor;
      while (this.running) {
        const head = await outboxHead(this.db);
        if (head <= position) return;
        const events = await fetchNewEvents(this.db, position, head, subscription.pattern, subscription.batchSize, subscription.withPayload);
        if (subscription.batch && events.length > 1) {
          if (!this.running) return;
          if (!(await this.deliverBatch(subscription, subscription.batch, events))) return;
          position = events[events.length - 1].id;
        } else {
          for (const event of events) {
            if (!this.running) return;
            if (!(await this.deliver(subscription, event, true))) return;
            position = event.id;
          }
        }
        // Fewer than a batch: nothing else up to head matches, so skip the non-matching rows for good.
        if (events.length < subscription.batchSize) {
          if (!(await advanceCursor(this.db, name, this.owner, head, this.leaseMs))) return;
          position = head;
        }
      }
    } finally {
      await releaseLease(this.db, name, this.owner);
    }
  }

  /** Runs a batch handler and acknowledges the batch; after a failure, redelivers its events one by one. False when the lease was lost. */
  private async deliverBatch(subscription: Subscription, batch: BatchEventHandler, events: DeliveredEvent[]): Promise<boolean> {
    let failures: BatchFailures | void;
    try {
      failures = await batch(events);
    } catch {
      for (const event of events) {
        if (!this.running) return false;
        if (!(await this.deliver(subscription, event, true))) return false;
      }
      return true;
    }
    // Failures the handler reported event by event: this attempt counts; each goes to retries (or dead letters).
    for (const { event, error } of failures?.failed ?? []) {
      if (!(await this.recordFailed(subscription, event, error, true))) return false;
    }
    return advanceCursor(this.db, subscription.name, this.owner, events[events.length - 1].id, this.leaseMs);
  }

  private recordFailed(subscription: Subscription, event: DeliveredEvent, err: unknown, fromCursor: boolean): Promise<boolean> {
    return recordFailure(this.db, {
      subscriber: subscription.name,
      owner: this.owner,
      event,
      fromCursor,
      error: err instanceof Error ? err.message : String(err),
      deadLetter: event.attempt >= this.maxAttempts,
      delayMs: this.backoffMs(event.attempt),
      leaseMs: this.leaseMs,
    });
  }

  /** Runs the handler and records the outcome; false when the lease was lost. */
  private async deliver(subscription: Subscription, event: DeliveredEvent, fromCursor: boolean): Promise<boolean> {
    try {
      await subscription.handler(event);
    } catch (err) {
      return this.recordFailed(subscription, event, err, fromCursor);
    }
    if (fromCursor) return advanceCursor(this.db, subscription.name, this.owner, event.id, this.leaseMs);
    await deleteRetry(this.db, subscription.name, event.id);
    return true;
  }
}
