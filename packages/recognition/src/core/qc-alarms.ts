import type { Queryable } from '@medunion/kernel';

/** What makes an alarm explainable: the instrument, the rule that fired and the values it compared. */
export interface QcAlarmDetail {
  instrument?: string;
  rule?: string;
  details?: Record<string, unknown>;
}

/**
 * Quality-control gate, driven by PBRTQC (`src/qc`) and open to other callers: while an alarm for an item at an
 * institution is open, that institution's results for the item are not offered for recognition.
 */
export async function raiseQcAlarm(db: Queryable, institution: string, itemCode: string, reason: string, detail: QcAlarmDetail = {}): Promise<number> {
  const { rows } = await db.query<{ id: string | number }>(
    'insert into recognition_qc_alarm (institution, item_code, reason, instrument, rule, details) values ($1, $2, $3, $4, $5, $6) returning id',
    [institution, itemCode, reason, detail.instrument ?? null, detail.rule ?? null, detail.details ? JSON.stringify(detail.details) : null],
  );
  return Number(rows[0].id);
}

/**
 * Clears every open alarm of the item at the institution and restarts the PBRTQC statistics of its instruments
 * (after corrective action the old window would raise the alarm again at once).
 */
export async function clearQcAlarms(db: Queryable, institution: string, itemCode: string, by?: string, note?: string): Promise<number> {
  const cleared = await db.query(
    'update recognition_qc_alarm set cleared_at = now(), cleared_by = $3, clear_note = $4 where institution = $1 and item_code = $2 and cleared_at is null',
    [institution, itemCode, by ?? null, note ?? null],
  );
  await restartStreams(db, institution, itemCode);
  return cleared.rowCount;
}

/** The moving window and the EWMA of the item's streams start afresh after the newest point recorded so far. */
export async function restartStreams(db: Queryable, institution: string, itemCode: string, instrument?: string): Promise<void> {
  await db.query(
    `update recognition_qc_stream set ewma = null, reset_after = (select coalesce(max(id), 0) from recognition_qc_point)
     where institution = $1 and item_code = $2 and ($3::text is null or instrument = $3)`,
    [institution, itemCode, instrument ?? null],
  );
}
