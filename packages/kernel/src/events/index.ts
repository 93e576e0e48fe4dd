export { EventBus, type EventBusOptions } from './bus.ts';
export { eventMigrations } from './migrations.ts';
export { appendToOutbox, outboxEventsFor, topicsFor, OUTBOX_APPEND_LOCK } from './outbox.ts';
export { hasPending, listDeadLetters, pendingCount, retryDeadLetter } from './dead-letters.ts';
export type { BatchEventHandler, BatchFailures, DeadLetter, DeliveredEvent, EventHandler, OutboxEvent, ResourceAction, SubscribeOptions } from './types.ts';
