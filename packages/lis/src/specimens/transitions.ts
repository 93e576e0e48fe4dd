import type { Specimen } from '@medplum/fhirtypes';
import { SPECIMEN_STATUSES, type SpecimenStatus } from '../urls.ts';

/** Position of a status on the main path (registered … printed); `rejected` is a side branch. */
const RANK: Record<SpecimenStatus, number> = Object.fromEntries(SPECIMEN_STATUSES.map((s, i) => [s, i])) as Record<SpecimenStatus, number>;

/** Statuses a specimen can still be rejected from: before any result exists. */
export const REJECTABLE: readonly SpecimenStatus[] = ['registered', 'collected', 'received', 'in-test'];

/**
 * Whether `from → to` is allowed. Forward along the main path (steps may be skipped: a tube scanned at the lab
 * without a recorded collection goes registered → received); into `rejected` only before results; out of
 * `rejected`, and backwards in general (un-review, recall, concession on a rejected tube), only with
 * `allowBackwards`. Staying in the same status is not a transition.
 */
export function transitionAllowed(from: SpecimenStatus, to: SpecimenStatus, allowBackwards = false): boolean {
  if (from === to) return false;
  if (allowBackwards) return true;
  if (to === 'rejected') return REJECTABLE.includes(from);
  if (from === 'rejected') return false;
  return RANK[to] > RANK[from];
}

/** FHIR Specimen.status for a LIS status: nothing until collected, unsatisfactory when rejected. */
export function fhirStatusOf(status: SpecimenStatus): Specimen['status'] {
  if (status === 'registered') return undefined;
  return status === 'rejected' ? 'unsatisfactory' : 'available';
}
