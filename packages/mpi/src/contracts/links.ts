import type { Patient } from '@medplum/fhirtypes';

export type LinkAction = 'link' | 'unlink' | 'merge' | 'unmerge' | 'source-deleted' | 'retire' | 'restore';

/**
 * One change of a source record's golden record, or of a golden record's status. Events of one operation
 * (a merge moving five records) share its `operationId`, which is how an unmerge finds what to undo.
 */
export interface LinkEvent {
  id: number;
  operationId: string;
  action: LinkAction;
  recordId: string | null;
  fromGolden: string | null;
  toGolden: string | null;
  matchId: number | null;
  score: number | null;
  /** Why: the rule (`deterministic:id-card`, `probabilistic`, `review`), or the text a person gave. */
  reason: string | null;
  /** `user/<id>`, `client/<id>` or `system/module:mpi`. */
  actor: string;
  at: string;
}

/** `GET /api/mpi/history`, oldest first. */
export interface LinkHistory {
  events: LinkEvent[];
}

/** `POST /api/mpi/merge|unmerge|link|unlink`. */
export interface LinkResult {
  /** Id of the operation: its link events share it, and `unmerge` takes it. */
  operationId: string;
  /** The golden records as written by the operation. */
  goldens: Patient[];
}
