import type { Patient } from '@medplum/fhirtypes';
import { modifiedByOf, type DeliveredEventLike, type ModuleContext } from '@medunion/kernel';
import { isGoldenRecord, MPI_PRINCIPAL_ID } from './golden/golden-tag.ts';
import { inIndexTransaction, type IndexTransaction } from './golden/index-transaction.ts';
import { CandidatePool } from './index-store/candidate-pool.ts';
import { loadGoldens } from './index-store/goldens.ts';
import type { NewLinkEvent } from './index-store/link-events.ts';
import { insertMatches, listMatches, supersedeOpenMatches, type NewMatch } from './index-store/matches.ts';
import { demographicsOf, loadRecord, loadRecords, markRecordDeleted, recordsOfGolden, type IndexedRecord } from './index-store/records.ts';
import { blockingKeys } from './matching/blocking.ts';
import type { MatchingConfig } from './matching/config.ts';
import { matchingConfig } from './matching/config-cache.ts';
import { decideMatch, type ProposedMatch } from './matching/decide.ts';
import { extractFeatures, type MatchFeatures } from './matching/features.ts';

/** Automatic decisions are recorded as the module's own principal. */
export const INDEX_ACTOR = `system/${MPI_PRINCIPAL_ID}`;

/** What one batch shares: its transaction, its candidates, its configuration and the decisions still to store. */
interface Batch {
  t: IndexTransaction;
  pool: CandidatePool;
  config: MatchingConfig;
  /** Scored pairs of the batch's registrations, stored together at the end; `linked` waits for its match id. */
  matches: { match: NewMatch; linked?: NewLinkEvent }[];
}

/**
 * Reaction to committed Patient changes (`Patient:*`, in commit order, one batch at a time across the cluster,
 * at least once), handled as one index transaction per batch: source records are indexed and matched on
 * registration, re-indexed on update and dropped on delete. Golden records are the index's own output (their
 * echo is skipped without touching the database); when anyone else changes or deletes one, it is written back.
 */
export async function onPatientChanges(events: DeliveredEventLike[], ctx: ModuleContext): Promise<void> {
  const relevant = events.filter((e) => !(e.action !== 'delete' && isGoldenRecord(e.payload as Patient) && modifiedByOf(e.payload as Patient)?.id === MPI_PRINCIPAL_ID));
  if (relevant.length === 0) return;
  const config = await matchingConfig(ctx.parameters);
  // Features once per change, outside the transaction: pinyin and normalisation are the CPU part of matching.
  const features = new Map(relevant.filter((e) => e.action !== 'delete').map((e) => [e, extractFeatures(e.payload as Patient)]));
  await inIndexTransaction(ctx, INDEX_ACTOR, async (t) => {
    const ids = [...new Set(relevant.map((e) => e.resourceId))];
    const goldens = await loadGoldens(t.tx, ids);
    // Valid for each id's first event in the batch: only that id's own event changes its row.
    const prefetched = await loadRecords(t.tx, ids);
    const unread = new Set(ids);
    const current = async (id: string) => (unread.delete(id) ? prefetched.get(id) : loadRecord(t.tx, id));
    const batch: Batch = { t, config, matches: [], pool: await CandidatePool.load(t.tx, [...features.values()].flatMap(blockingKeys)) };
    for (const event of relevant) {
      const patient = event.payload as Patient;
      if (goldens.has(event.resourceId)) {
        t.event({ action: 'restore', recordId: null, fromGolden: null, toGolden: event.resourceId, reason: `golden record ${event.action}d outside the index: written back` });
        t.touch(event.resourceId);
        continue;
      }
      if (isGoldenRecord(patient)) continue; // a tag the validator would have refused; nothing of ours
      const version = Number(event.versionId ?? patient.meta?.versionId ?? 0);
      const existing = await current(event.resourceId);
      if (event.action === 'delete') await dropSource(batch, existing, version);
      else await indexSource(batch, patient, features.get(event)!, existing, event.institution ?? null, version);
    }
    await storeMatches(batch);
  }, { deferGoldens: true });
}

async function indexSource(batch: Batch, patient: Patient, features: MatchFeatures, existing: IndexedRecord | undefined, institution: string | null, version: number): Promise<void> {
  const { t, pool } = batch;
  const id = patient.id!;
  if (existing && existing.versionId >= version) return; // delivered again
  const keys = blockingKeys(features);
  const base = { recordId: id, institution, versionId: version, features, demographics: demographicsOf(patient) };
  if (existing?.status === 'active') {
    t.saveRecord({ ...base, goldenId: existing.goldenId }, keys);
    pool.remember({ recordId: id, goldenId: existing.goldenId, features }, keys);
    t.touch(existing.goldenId);
    if (await aloneAndUndecided(t, existing)) await rematch(batch, id, existing.goldenId, features, keys);
    return;
  }
  const outcome = decideMatch(features, pool.candidates(id, keys), batch.config);
  const goldenId = outcome.target ?? (await t.newGolden());
  t.saveRecord({ ...base, goldenId }, keys);
  pool.remember({ recordId: id, goldenId, features }, keys);
  t.touch(goldenId);
  const linked = t.event({ action: 'link', recordId: id, fromGolden: existing?.goldenId ?? null, toGolden: goldenId, reason: outcome.target ? outcome.rule : 'new person' });
  for (const m of outcome.matches) batch.matches.push({ match: newMatch(id, m), ...(m.decision === 'auto-link' ? { linked } : {}) });
}

/** Stores the batch's scored pairs in one statement and completes the link events with the ids of their matches. */
async function storeMatches(batch: Batch): Promise<void> {
  const rows = await insertMatches(batch.t.tx, batch.matches.map((m) => m.match));
  const autoLinkOf = new Map(rows.filter((r) => r.decision === 'auto-link').map((r) => [r.recordId, r]));
  for (const { match, linked } of batch.matches) {
    if (!linked) continue;
    const row = autoLinkOf.get(match.recordId)!;
    Object.assign(linked, { matchId: row.id, score: row.score });
  }
}

/**
 * A record alone in its golden record, never placed by a person, is matched again after an update (it may now
 * carry the ID card that finds its person). Pairs already in review, or judged not duplicates, are not proposed again.
 */
async function rematch(batch: Batch, id: string, ownGolden: string, features: MatchFeatures, keys: string[]): Promise<void> {
  const { t, pool } = batch;
  const { matches: previous } = await listMatches(t.tx, { recordId: id, count: 1000, offset: 0 });
  const settled = new Set(previous.filter((m) => m.status === 'open' || m.outcome === 'not-duplicate').map((m) => m.candidateGolden));
  const candidates = pool.candidates(id, keys).filter((c) => c.goldenId !== ownGolden && !settled.has(c.goldenId));
  const outcome = decideMatch(features, candidates, batch.config);
  if (!outcome.target && !outcome.matches.some((m) => m.decision === 'review')) return;
  const stored = await insertMatches(t.tx, outcome.matches.map((m) => newMatch(id, m)));
  const linked = stored.find((m) => m.decision === 'auto-link');
  if (!outcome.target || !linked) return;
  await t.moveRecord(id, ownGolden, outcome.target, 'link', outcome.rule, { matchId: linked.id, score: linked.score });
  pool.remember({ recordId: id, goldenId: outcome.target, features }, keys);
}

async function aloneAndUndecided(t: IndexTransaction, record: IndexedRecord): Promise<boolean> {
  if ((await recordsOfGolden(t.tx, record.goldenId)).length !== 1) return false;
  const { rows } = await t.tx.query('select 1 from mpi_link_event where record_id = $1 and actor <> $2 limit 1', [record.recordId, INDEX_ACTOR]);
  return rows.length === 0;
}

async function dropSource(batch: Batch, existing: IndexedRecord | undefined, version: number): Promise<void> {
  const { t } = batch;
  if (!existing || existing.status === 'deleted') return;
  const id = existing.recordId;
  await markRecordDeleted(t.tx, id, version);
  batch.pool.forget(id);
  await supersedeOpenMatches(t.tx, id);
  t.event({ action: 'source-deleted', recordId: id, fromGolden: existing.goldenId, toGolden: null, reason: 'source record deleted' });
  t.touch(existing.goldenId);
  await t.retireIfEmpty(existing.goldenId, null);
}

function newMatch(recordId: string, m: ProposedMatch): NewMatch {
  return { recordId, candidateId: m.candidate.recordId, candidateGolden: m.candidate.goldenId, score: m.candidate.score, fields: m.candidate.fields, rule: m.rule, decision: m.decision };
}
