import type { QcStatusAt } from '../ports.ts';
import type { BilingualText, WestgardRuleName } from '../contracts/qc.ts';
import { qcParameter } from './parameters.ts';

interface StatusFacts {
  run: { id: string; status: 'accept' | 'warning' | 'reject'; started_at: string } | null;
  event: { id: string; opened_at: string; rules: WestgardRuleName[]; closed_at: string | null } | null;
  alarm: { id: string; opened_at: string; direction: 'high' | 'low'; reason: BilingualText } | null;
}

// One round trip: the last judged run, an out-of-control event open at `at`, a PBRTQC alarm open at `at`.
const FACTS = `
select
  (select row_to_json(x) from (select id, status, started_at from lis_qc_run
     where institution = $1 and instrument_id = $2 and test_code = $3 and status is not null and started_at <= $4
     order by started_at desc limit 1) x) as run,
  (select row_to_json(x) from (select id, opened_at, rules, closed_at from lis_qc_event
     where institution = $1 and instrument_id = $2 and test_code = $3 and opened_at <= $4 and (closed_at is null or closed_at > $4)
     order by opened_at desc limit 1) x) as event,
  (select row_to_json(x) from (select id, opened_at, direction, reason from lis_pbrtqc_alarm
     where institution = $1 and instrument_id = $2 and test_code = $3 and opened_at <= $4 and (cleared_at is null or cleared_at > $4)
     order by opened_at desc limit 1) x) as alarm`;

const time = (t: string): string => new Date(t).toISOString();

/**
 * Port `QcStatusAt`: the QC status of a test on an instrument at a time, for auto-verification.
 * - out-of-control: an out-of-control event is open at `at` (from its rejected run until a corrective action closes
 *   it), or the last judged run before `at` was rejected (closed, but no accepted run has followed yet);
 * - unknown: no judged QC run before `at`, or the last one is older than `lis.qc.validHours` (default 24 h);
 * - warning: a PBRTQC alarm is open at `at` — the patients' own results drift, which calls for a look and a control
 *   run but is not proof of error (a false alarm is expected about once per thousand results) — or the last run
 *   carries only a warning (1-2s);
 * - in-control otherwise.
 * Three indexed lookups in one statement plus a cached parameter.
 */
export const qcStatusAt: QcStatusAt = async (ctx, institution, instrumentId, testCode, at) => {
  const atMs = Date.parse(at);
  if (!Number.isFinite(atMs)) return { status: 'unknown', reason: `时间无效：${at} / Invalid time: ${at}` };
  const when = new Date(atMs).toISOString();
  const { rows } = await ctx.db.query<StatusFacts>(FACTS, [institution, instrumentId, testCode, when]);
  const { run, event, alarm } = rows[0];
  if (event) {
    const rules = event.rules.join(', ');
    return {
      status: 'out-of-control',
      reason: `自 ${time(event.opened_at)} 起失控（${rules}），尚未经纠正措施关闭 / Out of control since ${time(event.opened_at)} (${rules}); no corrective action has closed it`,
    };
  }
  if (!run) return { status: 'unknown', reason: `${when} 之前没有已判断的质控 / No judged QC before ${when}` };
  if (run.status === 'reject') {
    return { status: 'out-of-control', reason: `最近一批质控（${time(run.started_at)}）失控，其后尚无在控的质控批 / The last QC run (${time(run.started_at)}) was rejected and no accepted run has followed` };
  }
  const validHours = await qcParameter(ctx, 'lis.qc.validHours', institution);
  if (atMs - Date.parse(run.started_at) > validHours * 3_600_000) {
    return { status: 'unknown', reason: `最近一批质控在 ${time(run.started_at)}，超过 ${validHours} 小时 / The last QC run was at ${time(run.started_at)}, more than ${validHours} hours before` };
  }
  if (alarm) {
    return { status: 'warning', reason: `PBRTQC 报警（${time(alarm.opened_at)}）：${alarm.reason['zh-CN']} / PBRTQC alarm (${time(alarm.opened_at)}): ${alarm.reason.en}` };
  }
  if (run.status === 'warning') return { status: 'warning', reason: `最近一批质控（${time(run.started_at)}）有警告 / The last QC run (${time(run.started_at)}) carries a warning` };
  return { status: 'in-control', reason: `最近一批质控（${time(run.started_at)}）在控 / The last QC run (${time(run.started_at)}) was accepted` };
};
