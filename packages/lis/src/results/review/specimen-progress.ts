import type { Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import { setSpecimenStatus } from '../../specimens/status.ts';
import { EXT, SPECIMEN_STATUSES, type SpecimenStatus } from '../../urls.ts';
import { isLiveStatus, isReleasedReport } from '../codes.ts';
import { extensionOf } from '../fhir.ts';
import { specimenReports } from '../store/reads.ts';

/** The LIS status a Specimen carries now (its extension), as the specimens area writes it. */
export function specimenStatusOf(specimen: Specimen): SpecimenStatus | undefined {
  const ext = extensionOf(specimen, EXT.specimenStatus);
  const code = ext?.valueCode ?? ext?.valueCoding?.code;
  return (SPECIMEN_STATUSES as readonly string[]).includes(code ?? '') ? (code as SpecimenStatus) : undefined;
}

const rank = (s: SpecimenStatus | undefined): number => (s ? SPECIMEN_STATUSES.indexOf(s) : -1);

/** Moves the specimen forward to `status` when it is not there or beyond yet (rejected specimens stay rejected). */
export async function advanceSpecimen(ctx: ModuleContext, unit: Unit, request: RequestContext, specimenId: string, status: SpecimenStatus, note?: string): Promise<void> {
  const specimen = (await ctx.store.read(request, 'Specimen', specimenId, unit)) as Specimen;
  const now = specimenStatusOf(specimen);
  if (now === 'rejected' || rank(now) >= rank(status)) return;
  await setSpecimenStatus(ctx, unit, request, specimenId, status, note ? { note } : undefined);
}

/** After a release: the specimen is `reviewed` once every live report of it is released. */
export async function reviewedWhenAllReleased(ctx: ModuleContext, unit: Unit, request: RequestContext, specimenId: string): Promise<void> {
  const reports = (await specimenReports(ctx, request, unit, specimenId)).filter((r) => isLiveStatus(r.status));
  if (reports.length && reports.every((r) => isReleasedReport(r.status))) await advanceSpecimen(ctx, unit, request, specimenId, 'reviewed');
}

/** After an un-review or a recall: the specimen is back at `resulted` (its results await review again). */
export async function backToResulted(ctx: ModuleContext, unit: Unit, request: RequestContext, specimenId: string, note: string): Promise<void> {
  const specimen = (await ctx.store.read(request, 'Specimen', specimenId, unit)) as Specimen;
  const now = specimenStatusOf(specimen);
  if (now === 'rejected' || rank(now) <= rank('resulted')) return;
  await setSpecimenStatus(ctx, unit, request, specimenId, 'resulted', { note, allowBackwards: true });
}
