import { randomUUID } from 'node:crypto';
import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import type { BilingualText, QcCorrectiveAction, QcCorrectiveActionInput, QcEvent, QcViolation, WestgardRuleName } from '../contracts/qc.ts';
import { auditInTx } from './audit.ts';
import { iso, isoOrNull } from './db.ts';
import { seriesLock } from './config/targets.ts';
import { actorName, actorOf } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';

interface EventRow {
  id: string;
  test_code: string;
  instrument_id: string;
  opened_at: Date | string;
  opened_run_id: string;
  last_rejected_at: Date | string;
  rules: WestgardRuleName[];
  reason: BilingualText;
  status: 'open' | 'closed';
  closed_at: Date | string | null;
  closed_by: string | null;
  closed_by_name: string | null;
}

interface ActionRow {
  id: string;
  event_id: string;
  cause_category: QcCorrectiveAction['causeCategory'];
  cause: string;
  action: string;
  rerun_run_id: string | null;
  closes: boolean;
  performed_at: Date | string;
  performed_by: string;
  performed_by_name: string | null;
  recorded_at: Date | string;
}

const toAction = (a: ActionRow): QcCorrectiveAction => ({
  id: a.id,
  eventId: a.event_id,
  causeCategory: a.cause_category,
  cause: a.cause,
  action: a.action,
  ...(a.rerun_run_id ? { rerunRunId: a.rerun_run_id } : {}),
  closes: a.closes,
  performedAt: iso(a.performed_at),
  performedBy: a.performed_by,
  ...(a.performed_by_name ? { performedByName: a.performed_by_name } : {}),
  recordedAt: iso(a.recorded_at),
});

/**
 * Opens an out-of-control event (失控事件) for a rejected run, or adds the run to the event already open for the test
 * on the instrument: one episode lasts from the first rejection until a corrective action closes it.
 */
export async function openOrJoinEvent(tx: Queryable, institution: string, instrumentId: string, testCode: string, run: { id: string; startedAt: string; violations: QcViolation[]; reason: BilingualText }): Promise<string> {
  const { rows } = await tx.query<{ id: string }>("select id from lis_qc_event where institution = $1 and instrument_id = $2 and test_code = $3 and status = 'open'", [institution, instrumentId, testCode]);
  let id = rows[0]?.id;
  if (id) {
    await tx.query('update lis_qc_event set last_rejected_at = greatest(last_rejected_at, $2) where id = $1', [id, run.startedAt]);
  } else {
    id = randomUUID();
    const rules = [...new Set(run.violations.filter((v) => v.severity === 'reject').map((v) => v.rule))];
    await tx.query(
      'insert into lis_qc_event (id, institution, instrument_id, test_code, opened_at, opened_run_id, last_rejected_at, rules, reason) values ($1, $2, $3, $4, $5, $6, $5, $7, $8)',
      [id, institution, instrumentId, testCode, run.startedAt, run.id, rules, JSON.stringify(run.reason)],
    );
  }
  await tx.query('update lis_qc_run set event_id = $2 where id = $1', [run.id, id]);
  return id;
}

export interface EventFilter {
  testCode?: string;
  instrumentId?: string;
  status?: 'open' | 'closed';
  /** Events open at any time in [start, end). */
  start?: string;
  end?: string;
  id?: string;
}

export async function listEvents(q: Queryable, institution: string, filter: EventFilter = {}): Promise<QcEvent[]> {
  const where = ['institution = $1'];
  const params: unknown[] = [institution];
  const add = (sql: string, value: unknown) => where.push(sql.replaceAll('?', `$${params.push(value)}`));
  if (filter.id) add('id = ?', filter.id);
  if (filter.testCode) add('test_code = ?', filter.testCode);
  if (filter.instrumentId) add('instrument_id = ?', filter.instrumentId);
  if (filter.status) add('status = ?', filter.status);
  if (filter.end) add('opened_at < ?', filter.end);
  if (filter.start) add('(closed_at is null or closed_at >= ?)', filter.start);
  const { rows } = await q.query<EventRow>(
    `select id, test_code, instrument_id, opened_at, opened_run_id, last_rejected_at, rules, reason, status, closed_at, closed_by, closed_by_name
       from lis_qc_event where ${where.join(' and ')} order by opened_at desc limit 1000`,
    params,
  );
  if (!rows.length) return [];
  const { rows: actions } = await q.query<ActionRow>('select * from lis_qc_action where event_id = any($1::text[]) order by performed_at, recorded_at', [rows.map((r) => r.id)]);
  return rows.map((r) => ({
    id: r.id,
    testCode: r.test_code,
    instrumentId: r.instrument_id,
    openedAt: iso(r.opened_at),
    openedRunId: r.opened_run_id,
    lastRejectedAt: iso(r.last_rejected_at),
    rules: r.rules,
    reason: r.reason,
    status: r.status,
    ...(r.closed_at ? { closedAt: isoOrNull(r.closed_at)! } : {}),
    ...(r.closed_by ? { closedBy: r.closed_by } : {}),
    ...(r.closed_by_name ? { closedByName: r.closed_by_name } : {}),
    actions: actions.filter((a) => a.event_id === r.id).map(toAction),
  }));
}

/**
 * Records a corrective action (纠正措施: cause, what was done, the re-run that showed it solved) on an event; with
 * `close`, the event is closed by the caller. The test stays out of control until an accepted run follows its last
 * rejection as well (see status.ts), whichever comes first.
 */
export async function recordCorrectiveAction(ctx: ModuleContext, p: Principal, institution: string, eventId: string, input: QcCorrectiveActionInput, ip?: string): Promise<QcEvent> {
  const performedAt = input.performedAt ? new Date(input.performedAt).toISOString() : new Date().toISOString();
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string; instrument_id: string; test_code: string; opened_at: Date | string; last_rejected_at: Date | string }>(
      'select status, instrument_id, test_code, opened_at, last_rejected_at from lis_qc_event where id = $1 and institution = $2',
      [eventId, institution],
    );
    const event = rows[0];
    if (!event) throw fieldError(404, 'id', `失控事件 ${eventId} 不存在`, `Out-of-control event ${eventId} not found`, 'not-found');
    await tx.query('select pg_advisory_xact_lock($1)', [seriesLock(institution, event.instrument_id, event.test_code)]);
    const locked = await tx.query<{ status: string }>('select status from lis_qc_event where id = $1 for update', [eventId]);
    if (locked.rows[0].status === 'closed') throw fieldError(409, 'id', '失控事件已关闭', 'The out-of-control event is already closed', 'conflict');
    if (input.rerunRunId) {
      const rerun = await tx.query<{ status: string | null; started_at: Date | string }>('select status, started_at from lis_qc_run where id = $1 and institution = $2 and instrument_id = $3 and test_code = $4', [
        input.rerunRunId,
        institution,
        event.instrument_id,
        event.test_code,
      ]);
      if (!rerun.rows[0]) throw fieldError(422, 'rerunRunId', `复测批 ${input.rerunRunId} 不是该仪器该项目的质控批`, `Run ${input.rerunRunId} is not a QC run of this test on this instrument`, 'not-found');
      if (iso(rerun.rows[0].started_at) < iso(event.opened_at)) throw fieldError(422, 'rerunRunId', '复测批早于失控发生时间', 'The re-run precedes the out-of-control event');
    }
    if (new Date(performedAt) < new Date(event.opened_at)) throw fieldError(422, 'performedAt', '处理时间早于失控发生时间', 'performedAt precedes the out-of-control event');
    // An event is closed after its last rejected run, not before it (that run would be out of control and unexplained).
    if (input.close && new Date(performedAt) < new Date(event.last_rejected_at)) {
      throw fieldError(422, 'performedAt', '关闭时间早于该事件最近一次失控的质控批', 'The event cannot be closed before its last rejected run');
    }
    const id = randomUUID();
    await tx.query(
      `insert into lis_qc_action (id, event_id, institution, cause_category, cause, action, rerun_run_id, closes, performed_at, performed_by, performed_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, eventId, institution, input.causeCategory, input.cause.trim(), input.action.trim(), input.rerunRunId ?? null, !!input.close, performedAt, actorOf(p), actorName(p)],
    );
    if (input.close) {
      await tx.query("update lis_qc_event set status = 'closed', closed_at = $2, closed_by = $3, closed_by_name = $4 where id = $1", [eventId, performedAt, actorOf(p), actorName(p)]);
    }
    await auditInTx(ctx, tx, p, 'create', id, `qc corrective action on event ${eventId} (${event.test_code} @ ${event.instrument_id})${input.close ? ', event closed' : ''}: ${input.causeCategory} ${input.cause} / ${input.action}`, ip);
  });
  return (await listEvents(ctx.db, institution, { id: eventId }))[0];
}
