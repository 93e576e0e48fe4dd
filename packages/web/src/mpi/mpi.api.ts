import type { LinkHistory, LinkResult, MatchingConfigView, PersonDetails, ReviewDecision, ReviewItem, ReviewPage } from '@medunion/mpi/contracts';
import { api } from '../api/http.api.ts';

/** The master patient index API (`/api/mpi`, packages/mpi README); its shapes are the module's HTTP contracts. */
export type { FieldScore, LinkEvent, MatchingConfigView, PersonDetails, ReviewDecision, ReviewItem, ReviewSide } from '@medunion/mpi/contracts';

const BASE = '/api/mpi';

export const listReview = (status: 'open' | 'closed', count: number, offset: number) =>
  api<ReviewPage>(`${BASE}/review`, { query: { status, _count: count, _offset: offset } });

export const decideReview = (id: number, decision: ReviewDecision, note?: string) =>
  api<ReviewItem>(`${BASE}/review/${id}`, { method: 'POST', body: note?.trim() ? { decision, note: note.trim() } : { decision } });

export const matchingConfig = () => api<MatchingConfigView>(`${BASE}/config`);

/** The person an identifier (`system|value`) belongs to; outpatient/inpatient numbers are looked up in `institution`. */
export const resolvePerson = (identifier: string, institution?: string) => api<PersonDetails>(`${BASE}/resolve`, { query: { identifier, institution } });

export const goldenPerson = (id: string) => api<PersonDetails>(`${BASE}/golden/${encodeURIComponent(id)}`);

export const linkHistory = (golden: string) => api<LinkHistory>(`${BASE}/history`, { query: { golden } });

export const unlinkSource = (patient: string, reason: string) => api<LinkResult>(`${BASE}/unlink`, { method: 'POST', body: { patient, reason } });

export const mergePersons = (source: string, target: string, reason: string) => api<LinkResult>(`${BASE}/merge`, { method: 'POST', body: { source, target, reason } });

export const undoMerge = (operationId: string, reason: string) => api<LinkResult>(`${BASE}/unmerge`, { method: 'POST', body: { operationId, reason } });
