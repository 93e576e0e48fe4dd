import type { Identifier, Patient } from '@medplum/fhirtypes';

/** A source record of a golden record. */
export interface PersonSource {
  patientId: string;
  institution: string | null;
  linkedAt: string;
  identifiers: Identifier[];
}

/** A golden record with its source records (`GET /api/mpi/resolve`, `GET /api/mpi/golden/:id`). */
export interface PersonDetails {
  golden: Patient;
  empi: string;
  status: 'active' | 'retired';
  replacedBy: string | null;
  /** Source records that carry the identifier that was resolved (empty for `golden/:id`). */
  matched: string[];
  sources: PersonSource[];
  /** The person number and every source record's identifiers, deduplicated. */
  identifiers: Identifier[];
}
