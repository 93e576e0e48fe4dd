import { randomBytes } from 'node:crypto';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { TestPlatform } from '../platform.ts';

/** A short random tag so each run (and each backend) works on its own data. */
export function tag(): string {
  return randomBytes(5).toString('hex');
}

export async function json<T = Resource>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Asserts the response is an OperationOutcome with at least one issue, and returns it. */
export async function expectOutcome(res: Response, status: number | number[]): Promise<OperationOutcome> {
  const statuses = Array.isArray(status) ? status : [status];
  const text = await res.text();
  expect(statuses, `status ${res.status}: ${text.slice(0, 300)}`).toContain(res.status);
  const body = JSON.parse(text) as OperationOutcome;
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue?.length).toBeGreaterThan(0);
  return body;
}

/** Text of all issues of an outcome, for message assertions. */
export function outcomeText(o: OperationOutcome): string {
  return (o.issue ?? []).map((i) => `${i.details?.text ?? ''} ${i.diagnostics ?? ''}`).join(' | ');
}

/** Number of visible resources matching a search (by `_summary=count`). */
export async function countOf(t: TestPlatform, token: string, type: string, query = ''): Promise<number> {
  const res = await t.request('GET', `/fhir/R4/${type}?${query ? `${query}&` : ''}_summary=count`, { token });
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  const bundle = JSON.parse(text) as Bundle;
  expect(bundle.total).toBeTypeOf('number');
  return bundle.total!;
}

/** Number of versions (creates, updates, deletes) of a type: catches any write, not only creates. */
export async function historyTotal(t: TestPlatform, token: string, type: string): Promise<number> {
  const res = await t.request('GET', `/fhir/R4/${type}/_history?_count=1`, { token });
  expect(res.status).toBe(200);
  return (await json<Bundle>(res)).total!;
}

export interface WriteSnapshot {
  current: number;
  versions: number;
}

/** What an admin sees of a type: current resources and all versions. Compare before/after a rejected request. */
export async function snapshot(t: TestPlatform, adminToken: string, type = 'Patient'): Promise<WriteSnapshot> {
  return { current: await countOf(t, adminToken, type), versions: await historyTotal(t, adminToken, type) };
}

export function idsOf(bundle: Bundle): string[] {
  return (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome' && e.resource).map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
}

/** Tag of the patient index's golden records: source-only Patient searches exclude it (PDQm clients do the same). */
export const NOT_GOLDEN = '_tag:not=https://medunion.org/fhir/CodeSystem/mpi-record|golden';

/**
 * Waits until the named subscribers have handled every committed change, all of them idle in the same round (one's
 * commit can give another work: the patient index's matcher and golden writer feed each other). Fails at once
 * with the handler's error when one of them dead-lettered an event.
 */
export async function subscribersSettled(t: TestPlatform, subscribers: readonly string[], timeoutMs = 30_000): Promise<void> {
  const bus = t.platform.kernel.bus;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const s of subscribers) {
      const dead = await bus.listDeadLetters(s);
      if (dead.length) throw new Error(`${s} failed: ${dead[0].lastError}`);
    }
    const pending = await Promise.all(subscribers.map((s) => bus.hasPending(s)));
    if (!pending.includes(true)) return;
    if (Date.now() > deadline) throw new Error(`${subscribers.join(', ')} did not settle`);
    bus.poke();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The patient index's subscribers: matching, and the golden writer it feeds. */
export const MPI_SUBSCRIBERS = ['module:mpi:Patient:*', 'module:mpi:MpiGolden:update'] as const;

/**
 * Waits until every event subscriber of the platform has handled every committed change, so module side effects
 * (the patient index writing golden records, say) cannot land in the middle of a before/after comparison.
 */
export async function eventsSettled(t: TestPlatform, timeoutMs = 30_000): Promise<void> {
  const bus = t.platform.kernel.bus;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await Promise.all(bus.subscriberNames().map((s) => bus.hasPending(s)));
    if (!pending.includes(true)) return;
    if (Date.now() > deadline) throw new Error('event subscribers did not settle');
    bus.poke();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
