import type { Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { CollectInput } from '../contracts/specimens.ts';
import { resolveRequester } from '../orders/parties.ts';
import { scanSpecimen } from './scan.ts';
import { moveSpecimen } from './status.ts';
import { fieldError } from '../http/errors.ts';

/**
 * 标本采集: records who drew the tube and when (collection.collector, collectedDateTime) and moves it to
 * `collected`. A collection time in the future is refused; the collector defaults to the caller's practitioner.
 */
export async function collectSpecimen(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, input: CollectInput): Promise<Specimen & { id: string }> {
  const at = input.collectedAt ? new Date(input.collectedAt) : new Date();
  if (at.getTime() > Date.now() + 5 * 60_000) throw fieldError(400, 'collectedAt', '采集时间不能晚于当前时间', 'collectedAt cannot be in the future');
  const collector = await resolveRequester(ctx, request, input.collector, 'collector');
  return ctx.store.inUnit(request, async (unit) => {
    const { specimen } = await scanSpecimen(ctx, request, institution, barcode, 'barcode', unit);
    const { specimen: written } = await moveSpecimen(ctx, unit, request, specimen.id, 'collected', {
      note: input.collectedAt ? `采集于 ${input.collectedAt}` : undefined,
      change: (s) => ({ ...s, collection: { ...s.collection, collectedDateTime: at.toISOString(), ...(collector ? { collector } : {}) } }),
    });
    return written;
  });
}
