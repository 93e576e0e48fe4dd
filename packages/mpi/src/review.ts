import { conflict, notFound, type ModuleContext, type Queryable } from '@medunion/kernel';
import { nameText } from './matching/normalize.ts';
import { inIndexTransaction } from './golden/index-transaction.ts';
import { closeMatch, listMatches, loadMatch, supersedeOpenMatches, type MatchRow } from './index-store/matches.ts';
import { loadRecord, loadRecords, type IndexedRecord } from './index-store/records.ts';
import type { ReviewDecision, ReviewItem, ReviewPage, ReviewSide } from './contracts/review.ts';

export type { ReviewDecision, ReviewItem, ReviewSide } from './contracts/review.ts';

function sideOf(patientId: string, r: IndexedRecord | undefined): ReviewSide {
  if (!r) return { patientId, goldenId: null, institution: null, status: 'unknown', phones: [], identifiers: [] };
  const d = r.demographics;
  const address = d.address?.[0];
  return {
    patientId,
    goldenId: r.goldenId,
    institution: r.institution,
    status: r.status,
    ...(d.name ? { name: nameText(d.name) } : {}),
    ...(d.gender ? { gender: d.gender } : {}),
    ...(d.birthDate ? { birthDate: d.birthDate } : {}),
    phones: (d.telecom ?? []).filter((t) => t.system === 'phone' || t.system === 'sms').map((t) => t.value ?? ''),
    ...(address ? { address: address.text ?? [address.state, address.city, address.district, ...(address.line ?? [])].filter(Boolean).join('') } : {}),
    identifiers: d.identifier.map((i) => ({ system: i.system!, value: i.value! })),
  };
}

/** Review items with both sides as they are now (one query for all the records of a page). */
async function toItems(q: Queryable, matches: MatchRow[]): Promise<ReviewItem[]> {
  const records = await loadRecords(q, [...new Set(matches.flatMap((m) => [m.recordId, m.candidateId]))]);
  return matches.map(({ recordId, candidateId, ...rest }) => ({ ...rest, record: sideOf(recordId, records.get(recordId)), candidate: sideOf(candidateId, records.get(candidateId)) }));
}

export async function listReviewItems(q: Queryable, filter: { status?: 'open' | 'closed'; recordId?: string; count: number; offset: number }): Promise<ReviewPage> {
  const { total, matches } = await listMatches(q, filter);
  return { total, items: await toItems(q, matches) };
}

export async function getReviewItem(q: Queryable, id: number): Promise<ReviewItem> {
  const m = await loadMatch(q, id);
  if (!m) throw notFound(`Review item ${id} not found`);
  return (await toItems(q, [m]))[0];
}

/**
 * Settles an open review item. `link` moves the registered record to the candidate's golden record (as it is
 * now; the one it leaves is retired into it when left empty); `not-duplicate` records the judgement, so the pair
 * is not proposed again. An item decided before, or whose records were deleted, answers 409.
 */
export async function decideReview(ctx: ModuleContext, id: number, decision: ReviewDecision, actor: string, note: string | null): Promise<ReviewItem> {
  await inIndexTransaction(ctx, actor, async (t) => {
    const match = await loadMatch(t.tx, id, true);
    if (!match) throw notFound(`Review item ${id} not found`);
    if (match.status !== 'open') throw conflict(`Review item ${id} was already settled (${match.outcome ?? match.decision})`);
    if (decision === 'not-duplicate') {
      await closeMatch(t.tx, id, 'not-duplicate', actor, note);
      return;
    }
    const record = await loadRecord(t.tx, match.recordId);
    const candidate = await loadRecord(t.tx, match.candidateId);
    if (record?.status !== 'active' || candidate?.status !== 'active') throw conflict(`A record of review item ${id} has been deleted; it can no longer be linked`);
    await t.moveRecord(record.recordId, record.goldenId, candidate.goldenId, 'link', note ? `review: ${note}` : 'review', { matchId: id, score: match.score });
    await closeMatch(t.tx, id, 'link', actor, note);
    await supersedeOpenMatches(t.tx, record.recordId, candidate.goldenId);
  });
  return getReviewItem(ctx.db, id);
}
