import type { Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { SetSpecimenStatus } from '../ports.ts';
import { CS, EXT, type SpecimenStatus } from '../urls.ts';
import { actorFrom, appendTransition, lockCurrent } from './ledger.ts';
import { SPECIMEN_STATUS_NAMES } from './terminology.ts';
import { fhirStatusOf, transitionAllowed } from './transitions.ts';
import { fieldError } from '../http/errors.ts';

/** The LIS status a Specimen carries (EXT.specimenStatus). */
export function statusOf(specimen: Specimen): SpecimenStatus | undefined {
  return specimen.extension?.find((e) => e.url === EXT.specimenStatus)?.valueCoding?.code as SpecimenStatus | undefined;
}

/** A Specimen with its LIS status (extension and FHIR status) set to `status`. */
export function withStatus(specimen: Specimen, status: SpecimenStatus): Specimen {
  const fhirStatus = fhirStatusOf(status);
  const { status: _old, ...rest } = specimen;
  return {
    ...rest,
    ...(fhirStatus ? { status: fhirStatus } : {}),
    extension: [
      ...(specimen.extension ?? []).filter((e) => e.url !== EXT.specimenStatus),
      { url: EXT.specimenStatus, valueCoding: { system: CS.specimenStatus, code: status, display: SPECIMEN_STATUS_NAMES[status].zh } },
    ],
  };
}

export interface MoveOptions {
  note?: string;
  allowBackwards?: boolean;
  /** Further changes written in the same Specimen version (receivedTime, collection, rejection…), applied after the status. */
  change?: (specimen: Specimen) => Specimen;
  at?: Date;
}

/**
 * Moves a specimen to `status` inside the caller's unit: locks its current ledger row (concurrent moves queue),
 * refuses transitions `transitionAllowed` does not allow (409 naming `status`), appends the ledger row and writes
 * the Specimen as the caller (with `change` applied) — both or neither commit. Returns the status it left.
 */
export async function moveSpecimen(ctx: ModuleContext, unit: Unit, request: RequestContext, specimenId: string, status: SpecimenStatus, opts: MoveOptions = {}): Promise<{ previous: SpecimenStatus; specimen: Specimen & { id: string } }> {
  const current = await lockCurrent(unit.tx, specimenId);
  if (!current) throw fieldError(404, 'specimen', `标本 ${specimenId} 不在标本流转记录中`, `Specimen ${specimenId} has no status ledger`, 'not-found');
  if (!transitionAllowed(current.status, status, opts.allowBackwards)) {
    const from = SPECIMEN_STATUS_NAMES[current.status];
    const to = SPECIMEN_STATUS_NAMES[status];
    throw fieldError(409, 'status', `标本当前为“${from.zh}”，不能改为“${to.zh}”`, `The specimen is ${from.en}; it cannot become ${to.en}`, 'conflict');
  }
  const at = opts.at ?? new Date();
  const stored = (await ctx.store.read(request, 'Specimen', specimenId, unit)) as Specimen & { id: string };
  const moved = withStatus(stored, status);
  const next = opts.change ? opts.change(moved) : moved;
  const written = await ctx.store.updateIn(unit, request, next, { ifMatch: stored.meta?.versionId });
  await appendTransition(unit.tx, current.id, status, actorFrom(request.principal), at, opts.note);
  return { previous: current.status, specimen: written.resource as Specimen & { id: string } };
}

/**
 * specimens/status.ts (port `SetSpecimenStatus`): moves a specimen's LIS status inside the caller's unit — ledger
 * row plus Specimen extension — refusing backward moves unless `allowBackwards` (recall, un-review). Setting the
 * status it already has changes nothing.
 */
export const setSpecimenStatus: SetSpecimenStatus = async (ctx, unit, request, specimenId, status, detail = {}) => {
  const current = await lockCurrent(unit.tx, specimenId);
  if (current?.status === status) return;
  await moveSpecimen(ctx, unit, request, specimenId, status, { ...(detail.note ? { note: detail.note } : {}), ...(detail.allowBackwards ? { allowBackwards: true } : {}) });
};
