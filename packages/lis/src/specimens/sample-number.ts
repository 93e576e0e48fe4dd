import type { Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { sid } from '../urls.ts';
import { chinaDay, reserve } from './counter.ts';
import { lockCurrent } from './ledger.ts';
import { scanSpecimen } from './scan.ts';
import { fieldError } from '../http/errors.ts';

/**
 * 样本号: `YYYYMMDD-<instrument>-NNNN`, the instrument's running number of the day (China date). An analyzer that
 * reports only its daily number `n` finds the specimen with `sampleNumberValue(day, instrument, n)`.
 */
export const sampleNumberValue = (day: string, instrument: string, n: number): string => `${day}-${instrument}-${String(n).padStart(4, '0')}`;

/** The sample number a Specimen carries, if any. */
export const sampleNumberOf = (s: Specimen, institution: string): string | undefined => (s.accessionIdentifier?.system === sid.sampleNo(institution) ? s.accessionIdentifier.value : undefined);

/**
 * Assigns the next sample number of an instrument for today to a received specimen (Specimen.accessionIdentifier),
 * inside one transaction with the counter. Idempotent for the same instrument; a specimen numbered on another
 * instrument, not yet received or rejected is refused (409). The instrument must be a Device of the institution (422).
 */
export async function assignSampleNumber(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, instrument: string): Promise<{ specimen: Specimen & { id: string }; sampleNumber: string }> {
  const device = await ctx.store.search(request, 'Device', [['identifier', `${sid.instrument(institution)}|${instrument}`], ['_count', '1']]);
  if (!device.resources.length) throw fieldError(422, 'instrument', `本机构没有仪器 ${instrument}`, `No instrument ${instrument} in this institution`, 'not-found');
  return ctx.store.inUnit(request, async (unit) => {
    const { specimen } = await scanSpecimen(ctx, request, institution, barcode, 'barcode', unit);
    const current = await lockCurrent(unit.tx, specimen.id);
    const existing = sampleNumberOf(specimen, institution);
    if (existing) {
      if (specimen.accessionIdentifier?.type?.text === instrument) return { specimen, sampleNumber: existing };
      throw fieldError(409, 'instrument', `标本已分配样本号 ${existing}`, `The specimen already has sample number ${existing}`, 'conflict');
    }
    if (current?.status !== 'received' && current?.status !== 'in-test') {
      throw fieldError(409, 'status', '只有已签收、未拒收的标本才能分配样本号', 'Only received specimens get a sample number', 'conflict');
    }
    const day = chinaDay();
    const n = await reserve(unit.tx, institution, `sample:${instrument}`, day);
    const sampleNumber = sampleNumberValue(day, instrument, n);
    const written = await ctx.store.updateIn(unit, request, { ...specimen, accessionIdentifier: { system: sid.sampleNo(institution), value: sampleNumber, type: { text: instrument } } }, { ifMatch: specimen.meta?.versionId });
    return { specimen: written.resource as Specimen & { id: string }, sampleNumber };
  });
}
