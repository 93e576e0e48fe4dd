import type { Queryable } from '@medunion/kernel';
import type { IncomingResult } from '../../ports.ts';
import type { UnmatchedReason, UnmatchedResult, UnmatchedResultPage } from '../../contracts/instruments.ts';
import { cleanText, iso, json } from './sql-values.ts';

/** Histograms and images kept with a held result, so an assigned result arrives with its graphs. */
export interface HeldGraphs {
  images: { name: string; mime: string; base64: string }[];
  histograms: { name: string; values: number[] }[];
}

export interface HeldResult {
  institution: string;
  instrumentId: string;
  instrumentCode: string;
  messageId?: string;
  sampleId: string;
  alternateSampleId?: string;
  channel: string;
  channelName?: string;
  testCode?: string;
  value: string;
  unit?: string;
  flags: string[];
  completedAt?: string;
  graphs?: HeldGraphs;
  qc: boolean;
  reason: UnmatchedReason;
  detail?: string;
}

export async function holdResults(db: Queryable, held: HeldResult[]): Promise<void> {
  for (const h of held) {
    await db.query(
      `insert into lis_unmatched_result (institution, instrument_id, instrument_code, message_id, sample_id, alternate_sample_id, channel, channel_name, test_code, value, unit, flags, completed_at, graphs, qc, reason, detail)
       values ($1, $2, $3, $4::bigint, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::timestamptz, $14::jsonb, $15, $16, $17)`,
      [
        h.institution, h.instrumentId, h.instrumentCode, h.messageId ?? null, cleanText(h.sampleId), cleanText(h.alternateSampleId) ?? null,
        cleanText(h.channel), cleanText(h.channelName) ?? null, h.testCode ?? null, cleanText(h.value), cleanText(h.unit) ?? null,
        JSON.stringify(h.flags.map(cleanText)), h.completedAt ?? null, h.graphs ? JSON.stringify(h.graphs) : null, h.qc, h.reason, cleanText(h.detail)?.slice(0, 2000) ?? null,
      ],
    );
  }
}

export interface StoredUnmatched {
  id: string | number;
  institution: string;
  instrument_id: string;
  instrument_code: string;
  message_id: string | number | null;
  sample_id: string;
  alternate_sample_id: string | null;
  channel: string;
  channel_name: string | null;
  test_code: string | null;
  value: string;
  unit: string | null;
  flags: unknown;
  completed_at: unknown;
  graphs: unknown;
  qc: boolean;
  reason: UnmatchedReason;
  detail: string | null;
  status: 'open' | 'assigning' | 'assigned' | 'dismissed';
  specimen_id: string | null;
  specimen_barcode: string | null;
  assigned_test: string | null;
  observation_ids: unknown;
  handled_by: string | null;
  handled_at: unknown;
  note: string | null;
  received_at: unknown;
}

export function toUnmatched(r: StoredUnmatched): UnmatchedResult {
  const graphs = json<HeldGraphs | null>(r.graphs, null);
  const out: UnmatchedResult = {
    id: String(r.id),
    instrument: r.instrument_id,
    instrumentCode: r.instrument_code,
    sampleId: r.sample_id,
    channel: r.channel,
    value: r.value,
    flags: json(r.flags, []),
    images: graphs?.images.length ?? 0,
    histograms: graphs?.histograms.length ?? 0,
    qc: r.qc,
    reason: r.reason,
    // `assigning` is a claim in progress: still open to anyone looking at the queue.
    status: r.status === 'assigning' ? 'open' : r.status,
    receivedAt: iso(r.received_at)!,
  };
  if (r.message_id !== null) out.messageId = String(r.message_id);
  if (r.alternate_sample_id) out.alternateSampleId = r.alternate_sample_id;
  if (r.channel_name) out.channelName = r.channel_name;
  if (r.test_code) out.testCode = r.test_code;
  if (r.unit) out.unit = r.unit;
  if (r.completed_at) out.completedAt = iso(r.completed_at);
  if (r.detail) out.detail = r.detail;
  if (r.specimen_id) out.specimen = { id: r.specimen_id, barcode: r.specimen_barcode ?? '' };
  if (r.assigned_test) out.assignedTest = r.assigned_test;
  if (r.observation_ids) out.observations = json(r.observation_ids, []);
  if (r.handled_by) out.handledBy = r.handled_by;
  if (r.handled_at) out.handledAt = iso(r.handled_at);
  if (r.note) out.note = r.note;
  return out;
}

/** The result as the results area takes it, graphs included. */
export function incomingFrom(r: StoredUnmatched, testCode: string, value: string): IncomingResult {
  const graphs = json<HeldGraphs | null>(r.graphs, null);
  const result: IncomingResult = { testCode, value };
  if (r.unit) result.unit = r.unit;
  const flags = json<string[]>(r.flags, []);
  if (flags.length) result.instrumentFlags = flags;
  if (r.completed_at) result.completedAt = iso(r.completed_at);
  if (graphs?.images.length) result.images = graphs.images.map((i) => ({ name: i.name, mime: i.mime, bytes: Buffer.from(i.base64, 'base64') }));
  if (graphs?.histograms.length) result.histograms = graphs.histograms;
  return result;
}

export interface UnmatchedFilter {
  institution: string;
  status?: 'open' | 'assigned' | 'dismissed';
  instrument?: string;
  reason?: UnmatchedReason;
  sample?: string;
  before?: string;
  limit: number;
}

export async function listUnmatched(db: Queryable, filter: UnmatchedFilter): Promise<UnmatchedResultPage> {
  const params: unknown[] = [filter.institution];
  const where = ['institution = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (filter.status === 'open') where.push(`status in ('open', 'assigning')`);
  else if (filter.status) add('status = ?', filter.status);
  if (filter.instrument) add('instrument_id = ?', filter.instrument);
  if (filter.reason) add('reason = ?', filter.reason);
  if (filter.sample) add('(sample_id = ? or alternate_sample_id = ?)', filter.sample);
  if (filter.before) add('id < ?::bigint', filter.before);
  params.push(filter.limit + 1);
  const { rows } = await db.query<StoredUnmatched>(`select * from lis_unmatched_result where ${where.join(' and ')} order by id desc limit $${params.length}`, params);
  const results = rows.slice(0, filter.limit).map(toUnmatched);
  return rows.length > filter.limit ? { results, next: results.at(-1)!.id } : { results };
}

export async function readUnmatched(db: Queryable, institution: string, id: string): Promise<StoredUnmatched | undefined> {
  const { rows } = await db.query<StoredUnmatched>('select * from lis_unmatched_result where id = $1::bigint and institution = $2', [id, institution]);
  return rows[0];
}

/** The open results of one sample from one message (to assign them together). */
export async function sameSample(db: Queryable, row: StoredUnmatched): Promise<StoredUnmatched[]> {
  const { rows } = await db.query<StoredUnmatched>(
    `select * from lis_unmatched_result where institution = $1 and instrument_id = $2 and sample_id = $3 and message_id is not distinct from $4::bigint and status = 'open' and id <> $5::bigint order by id`,
    [row.institution, row.instrument_id, row.sample_id, row.message_id, row.id],
  );
  return rows;
}

// A claim left by a process that died mid-assignment is free again after this long.
const STALE_CLAIM = `interval '5 minutes'`;

/**
 * Claims open results for one person's assignment (status `assigning`), so two people assigning the same result
 * cannot both record it. Returns the ids actually claimed.
 */
export async function claimUnmatched(db: Queryable, ids: string[], by: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string | number }>(
    `update lis_unmatched_result set status = 'assigning', handled_by = $2, handled_at = now()
      where id = any($1::bigint[]) and (status = 'open' or (status = 'assigning' and handled_at < now() - ${STALE_CLAIM})) returning id`,
    [ids, by],
  );
  return rows.map((r) => String(r.id));
}

export async function releaseClaims(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length) await db.query(`update lis_unmatched_result set status = 'open', handled_by = null, handled_at = null where id = any($1::bigint[]) and status = 'assigning'`, [ids]);
}

export async function markAssigned(
  db: Queryable,
  id: string,
  done: { specimenId: string; barcode: string; testCode: string; observations: string[]; by: string; note?: string },
): Promise<StoredUnmatched> {
  const { rows } = await db.query<StoredUnmatched>(
    `update lis_unmatched_result set status = 'assigned', specimen_id = $2, specimen_barcode = $3, assigned_test = $4, observation_ids = $5::jsonb, handled_by = $6, handled_at = now(), note = $7
      where id = $1::bigint returning *`,
    [id, done.specimenId, done.barcode, done.testCode, JSON.stringify(done.observations), done.by, cleanText(done.note) ?? null],
  );
  return rows[0];
}

export async function markDismissed(db: Queryable, institution: string, id: string, by: string, note: string): Promise<StoredUnmatched | undefined> {
  const { rows } = await db.query<StoredUnmatched>(
    `update lis_unmatched_result set status = 'dismissed', handled_by = $3, handled_at = now(), note = $4 where id = $1::bigint and institution = $2 and status = 'open' returning *`,
    [id, institution, by, cleanText(note)],
  );
  return rows[0];
}
