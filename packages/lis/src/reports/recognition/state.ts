import type { Queryable } from '@medunion/kernel';
import type { RecognitionPushStatus } from '../../contracts/results.ts';

/** Module event that asks the connector to bring the platform in line with a report (see push.ts). */
export const PUSH_TOPIC = 'LisRecognitionPush:update';

export interface PushRow {
  report_id: string;
  institution: string;
  report_no: string;
  wanted: 'upload' | 'revoke';
  status: RecognitionPushStatus['status'];
  attempts: number;
  last_error: string | null;
  pushed: string[];
  skipped: string[];
  updated_at: Date | string;
}

export const toStatus = (r: PushRow): RecognitionPushStatus => ({
  wanted: r.wanted,
  status: r.status,
  attempts: Number(r.attempts),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  pushed: r.pushed ?? [],
  skipped: r.skipped ?? [],
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Records what the platform should hold for the report (a new wish resets the attempts). */
export async function wantPush(tx: Queryable, reportId: string, institution: string, reportNo: string, wanted: 'upload' | 'revoke'): Promise<void> {
  await tx.query(
    `insert into lis_recognition_push (report_id, institution, report_no, wanted, status) values ($1, $2, $3, $4, 'pending')
     on conflict (report_id) do update set wanted = excluded.wanted, report_no = excluded.report_no, status = 'pending', attempts = 0, last_error = null, updated_at = now()`,
    [reportId, institution, reportNo, wanted],
  );
}

export async function pushRow(db: Queryable, reportId: string): Promise<PushRow | undefined> {
  return (await db.query<PushRow>('select * from lis_recognition_push where report_id = $1', [reportId])).rows[0];
}

export async function pushStatuses(db: Queryable, reportIds: string[]): Promise<Map<string, RecognitionPushStatus>> {
  if (!reportIds.length) return new Map();
  const { rows } = await db.query<PushRow>('select * from lis_recognition_push where report_id = any($1::text[])', [reportIds]);
  return new Map(rows.map((r) => [r.report_id, toStatus(r)]));
}

/** The outcome of one attempt; a failure counts the attempt and keeps the error (secrets never reach it). */
export async function settlePush(db: Queryable, reportId: string, outcome: { status: PushRow['status']; error?: string; pushed?: string[]; skipped?: string[] }): Promise<void> {
  await db.query(
    `update lis_recognition_push set status = $2, last_error = $3, attempts = attempts + 1,
       pushed = coalesce($4::jsonb, pushed), skipped = coalesce($5::jsonb, skipped), updated_at = now() where report_id = $1`,
    [reportId, outcome.status, outcome.error ?? null, outcome.pushed ? JSON.stringify(outcome.pushed) : null, outcome.skipped ? JSON.stringify(outcome.skipped) : null],
  );
}

/** Failed pushes not retried for a while: the retry job hands them to the bus again, so none is lost. */
export async function stalePushes(db: Queryable, olderThanSeconds: number, limit: number): Promise<{ report_id: string; institution: string }[]> {
  const { rows } = await db.query<{ report_id: string; institution: string }>(
    `select report_id, institution from lis_recognition_push where status in ('failed', 'pending') and updated_at < now() - make_interval(secs => $1)
     order by updated_at limit $2`,
    [olderThanSeconds, limit],
  );
  return rows;
}
