import type { Identifier, Patient } from '@medplum/fhirtypes';
import { api } from '../api/http.api.ts';

/*
 * The master patient index API (`/api/mpi`, packages/mpi README). The shapes are restated here rather than
 * imported: the web bundle must not pull in server code.
 */

/** One compared field of a scored pair: its comparison level and the evidence in bits (log2 m/u). */
export interface FieldScore {
  field: string;
  level: string;
  weight: number;
}

/** One side of a review pair, as the index holds the source record now. */
export interface ReviewSide {
  patientId: string;
  goldenId: string | null;
  institution: string | null;
  status: 'active' | 'deleted' | 'unknown';
  name?: string;
  gender?: string;
  birthDate?: string;
  phones: string[];
  address?: string;
  identifiers: { system: string; value: string }[];
}

export interface ReviewItem {
  id: number;
  candidateGolden: string;
  score: number;
  fields: FieldScore[];
  rule: string;
  decision: 'auto-link' | 'review' | 'no-match';
  status: 'open' | 'closed';
  outcome: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
  createdAt: string;
  record: ReviewSide;
  candidate: ReviewSide;
}

export type ReviewDecision = 'link' | 'not-duplicate';

/** The effective matching configuration (only what the pages show). */
export interface MatchingConfig {
  autoLinkThreshold: number;
  reviewThreshold: number;
  problems: string[];
}

/** A golden record with its source records, as `resolve` and `golden/:id` answer. */
export interface PersonDetails {
  golden: Patient;
  empi: string;
  status: 'active' | 'retired';
  replacedBy: string | null;
  /** Source records that carry the identifier that was resolved. */
  matched: string[];
  sources: { patientId: string; institution: string | null; linkedAt: string; identifiers: Identifier[] }[];
  identifiers: Identifier[];
}

export interface LinkEvent {
  id: number;
  operationId: string;
  action: 'link' | 'unlink' | 'merge' | 'unmerge' | 'source-deleted' | 'retire' | 'restore';
  recordId: string | null;
  fromGolden: string | null;
  toGolden: string | null;
  matchId: number | null;
  score: number | null;
  reason: string | null;
  actor: string;
  at: string;
}

const BASE = '/api/mpi';

export const listReview = (status: 'open' | 'closed', count: number, offset: number) =>
  api<{ total: number; items: ReviewItem[] }>(`${BASE}/review`, { query: { status, _count: count, _offset: offset } });

export const decideReview = (id: number, decision: ReviewDecision, note?: string) =>
  api<ReviewItem>(`${BASE}/review/${id}`, { method: 'POST', body: note?.trim() ? { decision, note: note.trim() } : { decision } });

export const matchingConfig = () => api<MatchingConfig>(`${BASE}/config`);

/** The person an identifier (`system|value`) belongs to; outpatient/inpatient numbers are looked up in `institution`. */
export const resolvePerson = (identifier: string, institution?: string) => api<PersonDetails>(`${BASE}/resolve`, { query: { identifier, institution } });

export const goldenPerson = (id: string) => api<PersonDetails>(`${BASE}/golden/${encodeURIComponent(id)}`);

export const linkHistory = (golden: string) => api<{ events: LinkEvent[] }>(`${BASE}/history`, { query: { golden } });

export const unlinkSource = (patient: string, reason: string) => api<{ operationId: string }>(`${BASE}/unlink`, { method: 'POST', body: { patient, reason } });

export const mergePersons = (source: string, target: string, reason: string) => api<{ operationId: string }>(`${BASE}/merge`, { method: 'POST', body: { source, target, reason } });

export const undoMerge = (operationId: string, reason: string) => api<{ operationId: string }>(`${BASE}/unmerge`, { method: 'POST', body: { operationId, reason } });
