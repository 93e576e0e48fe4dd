import type { Observation } from '@medplum/fhirtypes';
import { qualitativeMeaning } from '@medunion/labcore';
import type { DeliveredEventLike, ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { SpecimenWork } from '../ports.ts';
import { markPoolPositive } from '../specimens/pools.ts';
import { EXT, INTERPRETATION } from '../urls.ts';

/** Module event: a pooled specimen (混检) has a positive result; its people must be recalled (handled after commit). */
export const POOL_POSITIVE_TOPIC = 'LisPoolPositive:update';

/** A result that reads as positive: a qualitative 阳性/+/检出…, or a text flagged abnormal against an expected negative. */
export function isPositive(o: Observation): boolean {
  if (!o.valueString) return false;
  if (qualitativeMeaning(o.valueString).polarity === 'positive') return true;
  const flag = o.interpretation?.[0]?.coding?.find((c) => c.system === INTERPRETATION)?.code;
  return flag === 'A' || flag === 'AA';
}

/** Whether the specimen is a pool (混检) of other people's specimens. */
export const isPooled = (work: SpecimenWork): boolean => !!work.specimen.extension?.some((e) => e.url === EXT.pooledFrom);

/**
 * A positive result on a pooled specimen (up to ten people in one tube): every person in it must be recalled for an
 * individual test. The specimens area owns pools (`markPoolPositive`, which opens a recall Task per person); the
 * request is handed over as a module event in the recording transaction, so it survives a crash and is retried.
 */
export function notifyPooledPositive(ctx: ModuleContext, unit: Unit, _request: RequestContext, args: { institution: string; work: SpecimenWork; observations: Observation[] }): void {
  if (!isPooled(args.work)) return;
  const positive = args.observations.filter(isPositive);
  if (!positive.length) return;
  const tests = positive.map((o) => o.code?.text ?? '').filter(Boolean);
  ctx.store.publishIn(unit, { topic: POOL_POSITIVE_TOPIC, key: args.work.specimen.id, institution: args.institution, payload: { barcode: args.work.barcode, tests } });
}

/** Reaction to POOL_POSITIVE_TOPIC: marks the pool positive and lists its people for recall (idempotent). */
export async function onPoolPositive(event: DeliveredEventLike, ctx: ModuleContext): Promise<void> {
  const payload = event.payload as { barcode?: string; tests?: string[] } | undefined;
  if (!payload?.barcode || !event.institution) return;
  await markPoolPositive(ctx, ctx.systemContext, event.institution, payload.barcode, `阳性项目：${(payload.tests ?? []).join('、')}`);
}
