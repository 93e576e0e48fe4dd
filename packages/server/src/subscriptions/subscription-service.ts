import type { FastifyBaseLogger } from 'fastify';
import type { Resource, Subscription } from '@medplum/fhirtypes';
import { institutionOf, modifiedByOf, SYSTEM_PRINCIPAL, type BatchFailures, type DeliveredEvent, type Kernel, type RequestContext } from '@medunion/kernel';

const SUBSCRIBER = 'fhir-subscriptions';
const SYSTEM: RequestContext = { principal: { ...SYSTEM_PRINCIPAL, id: 'fhir-subscriptions' }, interface: 'subscription' };
const REST_HOOK_TIMEOUT_MS = 10_000;

type Socket = { send(data: string): void };

/**
 * FHIR R4 Subscriptions on top of the event bus. Criteria are evaluated by running the criteria
 * search restricted to the changed resource's id, so matching is exactly the store's search semantics.
 * Delivery is at least once: a failing rest-hook makes the bus retry the event (and dead-letter it).
 */
export class SubscriptionService {
  private active: Subscription[] | undefined;
  private fingerprint: string | undefined;
  private readonly sockets = new Map<string, Set<Socket>>();

  constructor(
    private readonly kernel: Kernel,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    // In batches: every committed change passes through here, so the active Subscriptions are looked up once per
    // batch and the cursor moves once per batch. A failed batch is redelivered event by event (bus semantics).
    // Without payloads: most changes match no Subscription, and the body of one that does is read on delivery.
    void this.kernel.bus.subscribeBatch(SUBSCRIBER, '*', (events) => this.onEvents(events), { batchSize: 500, withoutPayload: true });
  }

  stop(): void {
    this.sockets.clear();
  }

  bind(subscriptionId: string, socket: Socket): void {
    let set = this.sockets.get(subscriptionId);
    if (!set) this.sockets.set(subscriptionId, (set = new Set()));
    set.add(socket);
  }

  unbind(socket: Socket): void {
    for (const set of this.sockets.values()) set.delete(socket);
  }

  private async subscriptions(): Promise<Subscription[]> {
    // Another process sharing the database may have handled the Subscription change (each bus round is
    // claimed by one process), so compare a cheap fingerprint of the stored Subscriptions: every create,
    // update and delete raises the row count or a version. Read straight from the table: unlike a store
    // search it is not audited, and it runs for every event.
    const { rows } = await this.kernel.db.query<{ n: number | string; v: number | string }>(
      "select count(*) as n, coalesce(sum(version_id), 0) as v from fhir_resource where resource_type = 'Subscription'",
    );
    const fingerprint = `${rows[0].n}/${rows[0].v}`;
    if (fingerprint !== this.fingerprint) this.active = undefined;
    if (!this.active) {
      this.fingerprint = fingerprint;
      const result = await this.kernel.store.search(SYSTEM, 'Subscription', [
        ['status', 'requested,active'],
        ['_count', '1000'],
      ]);
      this.active = result.resources as Subscription[];
    }
    return this.active;
  }

  /** Handles a batch event by event: a failing rest-hook sends only its event to retries. */
  private async onEvents(events: DeliveredEvent[]): Promise<BatchFailures> {
    const failed: BatchFailures['failed'] = [];
    let subscriptions: Subscription[] | undefined;
    for (const event of events) {
      if (event.resourceType === 'Subscription') {
        this.active = undefined; // criteria changed: reload before the next event
        subscriptions = undefined;
        continue;
      }
      // Topics repeat per event (`Type:action`, `Type:status`); act once, on the action topic.
      if (event.topic !== `${event.resourceType}:${event.action}` || event.action === 'delete') continue;
      subscriptions ??= await this.subscriptions();
      if (subscriptions.length === 0) continue;
      try {
        await this.notify(event, subscriptions);
      } catch (error) {
        failed.push({ event, error });
      }
    }
    return { failed };
  }

  private async notify(event: DeliveredEvent, subscriptions: Subscription[]): Promise<void> {
    const failures: string[] = [];
    let resource: Resource | undefined;
    for (const sub of subscriptions) {
      if (!(await this.matches(sub, event))) continue;
      try {
        resource ??= (await this.kernel.bus.payloadOf(event)) as Resource;
        await this.deliver(sub, resource);
      } catch (err) {
        failures.push(`Subscription/${sub.id}: ${(err as Error).message}`);
      }
    }
    if (failures.length) throw new Error(failures.join('; '));
  }

  private async matches(sub: Subscription, event: DeliveredEvent): Promise<boolean> {
    const [type, query = ''] = (sub.criteria ?? '').split('?');
    if (type !== event.resourceType) return false;
    // Tenancy: an institution's subscription sees its institution's data only.
    const owner = institutionOf(sub);
    if (owner && event.institution !== owner) return false;
    const entries: [string, string][] = [...new URLSearchParams(query).entries(), ['_id', event.resourceId]];
    try {
      // Matching runs with the subscriber's own access: a subscription never discloses what its author could not read.
      const ctx = await this.authorContext(sub);
      if (!ctx) return false;
      const found = await this.kernel.store.search(ctx, type, entries);
      return found.resources.length > 0;
    } catch (err) {
      this.log.warn({ err, subscription: sub.id }, 'subscription criteria failed to evaluate');
      return false;
    }
  }

  /** Request context of whoever wrote the Subscription; undefined when that account no longer exists or is inactive. */
  private async authorContext(sub: Subscription): Promise<RequestContext | undefined> {
    const author = modifiedByOf(sub);
    if (!author || author.kind === 'system') return SYSTEM;
    try {
      const principal = await this.kernel.auth.principalFor(author.kind, author.id, institutionOf(sub));
      return { principal, interface: 'subscription' };
    } catch {
      return undefined;
    }
  }

  private async deliver(sub: Subscription, resource: Resource): Promise<void> {
    const channel = sub.channel;
    if (channel?.type === 'websocket') {
      for (const socket of this.sockets.get(sub.id as string) ?? []) socket.send(`ping ${sub.id}`);
      return;
    }
    if (channel?.type !== 'rest-hook' || !channel.endpoint) return;
    const headers: Record<string, string> = {};
    for (const h of channel.header ?? []) {
      const i = h.indexOf(':');
      if (i > 0) headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
    }
    const withBody = !!channel.payload;
    if (withBody) headers['content-type'] = channel.payload as string;
    const response = await fetch(channel.endpoint, {
      method: 'POST',
      headers,
      body: withBody ? JSON.stringify(resource) : undefined,
      signal: AbortSignal.timeout(REST_HOOK_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`rest-hook ${channel.endpoint} answered ${response.status}`);
  }
}
