export type ResourceAction = 'create' | 'update' | 'delete';

/** One row for the outbox, written by the store inside the transaction that changed the resource. */
export interface OutboxEvent {
  /** `<Type>:<action>` or `<Type>:<status>`, see `topicsFor`. */
  topic: string;
  resourceType: string;
  resourceId: string;
  versionId?: string;
  action: ResourceAction;
  institution?: string;
  /** The resource as written (for deletes: as it was before). */
  payload: unknown;
}

export interface DeliveredEvent extends OutboxEvent {
  /** Outbox id: increasing in commit order. */
  id: number;
  createdAt: Date;
  /** 1 on first delivery, n on the n-th retry-inclusive attempt. */
  attempt: number;
}

export type EventHandler = (event: DeliveredEvent) => Promise<void>;

/** Events of a batch the handler could not handle (the others are done): each goes to retries on its own. */
export interface BatchFailures {
  failed: { event: DeliveredEvent; error: unknown }[];
}

/**
 * Takes consecutive events (up to the bus batch size) at once, so a subscriber can handle them in one
 * transaction. Either all or nothing: when it throws, the bus delivers the same events again one by one
 * (each as a batch of one), so only the failing event goes to retries and the others get through. Or event by
 * event: it returns the events that failed, which go to retries (attempt counted) while the batch moves on.
 */
export type BatchEventHandler = (events: DeliveredEvent[]) => Promise<void | BatchFailures>;

export interface SubscribeOptions {
  /** A new subscriber starts at the current end of the outbox unless this is set. Ignored for known subscribers. */
  fromBeginning?: boolean;
  /** Events per batch for a batch subscriber (default: the bus batch size). Bigger batches amortise per-transaction work. */
  batchSize?: number;
  /**
   * Deliver events without `payload` (undefined): for subscribers that read what they need themselves, so a `*`
   * subscriber does not pull every written resource out of the outbox. Retries and dead letters carry it as usual.
   */
  withoutPayload?: boolean;
}

export interface DeadLetter {
  subscriber: string;
  eventId: number;
  attempts: number;
  lastError: string | null;
  failedAt: Date;
  payload: unknown;
}
