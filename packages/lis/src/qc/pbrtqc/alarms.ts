import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import type { BilingualText, PbrtqcAlarm } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { iso, num } from '../db.ts';
import { actorName, actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

interface AlarmRow {
  id: string;
  test_code: string;
  instrument_id: string;
  opened_at: Date | string;
  direction: 'high' | 'low';
  statistic: number;
  reason: BilingualText;
  observation_id: string | null;
  cleared_at: Date | string | null;
  cleared_by: string | null;
  cleared_by_name: string | null;
  clear_note: string | null;
}

const toAlarm = (r: AlarmRow): PbrtqcAlarm => ({
  id: r.id,
  testCode: r.test_code,
  instrumentId: r.instrument_id,
  openedAt: iso(r.opened_at),
  direction: r.direction,
  statistic: num(r.statistic),
  reason: r.reason,
  ...(r.observation_id ? { observationId: r.observation_id } : {}),
  ...(r.cleared_at ? { clearedAt: iso(r.cleared_at) } : {}),
  ...(r.cleared_by ? { clearedBy: r.cleared_by } : {}),
  ...(r.cleared_by_name ? { clearedByName: r.cleared_by_name } : {}),
  ...(r.clear_note ? { clearNote: r.clear_note } : {}),
});

export async function listAlarms(q: Queryable, institution: string, filter: { testCode?: string; instrumentId?: string; since?: string; openOnly?: boolean }): Promise<PbrtqcAlarm[]> {
  const { rows } = await q.query<AlarmRow>(
    `select id, test_code, instrument_id, opened_at, direction, statistic, reason, observation_id, cleared_at, cleared_by, cleared_by_name, clear_note
       from lis_pbrtqc_alarm
      where institution = $1 and ($2::text is null or test_code = $2) and ($3::text is null or instrument_id = $3)
        and (cleared_at is null or ($5::boolean is false and ($4::timestamptz is null or opened_at >= $4)))
      order by opened_at desc limit 500`,
    [institution, filter.testCode ?? null, filter.instrumentId ?? null, filter.since ?? null, !!filter.openOnly],
  );
  return rows.map(toAlarm);
}

/**
 * Clears an open PBRTQC alarm with a note of what was checked (a control run, a recalibration). The stream restarts
 * from empty: the window that alarmed still holds the shifted results and would alarm again at once.
 */
export async function clearAlarm(ctx: ModuleContext, p: Principal, institution: string, id: string, note: string, ip?: string): Promise<PbrtqcAlarm> {
  const row = await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<AlarmRow & { cleared_at: Date | null }>('select * from lis_pbrtqc_alarm where id = $1 and institution = $2 for update', [id, institution]);
    const alarm = rows[0];
    if (!alarm) throw fieldError(404, 'id', `PBRTQC 报警 ${id} 不存在`, `PBRTQC alarm ${id} not found`, 'not-found');
    if (alarm.cleared_at) throw fieldError(409, 'id', '报警已解除', 'The alarm is already cleared', 'conflict');
    const { rows: cleared } = await tx.query<AlarmRow>('update lis_pbrtqc_alarm set cleared_at = now(), cleared_by = $2, cleared_by_name = $3, clear_note = $4 where id = $1 returning *', [
      id,
      actorOf(p),
      actorName(p),
      note.trim(),
    ]);
    await tx.query('delete from lis_pbrtqc_stream where institution = $1 and test_code = $2 and instrument_id = $3', [institution, alarm.test_code, alarm.instrument_id]);
    await auditInTx(ctx, tx, p, 'update', id, `pbrtqc alarm cleared ${alarm.test_code} @ ${alarm.instrument_id}: ${note}`, ip);
    return cleared[0];
  });
  return toAlarm(row);
}
