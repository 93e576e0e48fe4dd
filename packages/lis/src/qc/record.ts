import { randomUUID } from 'node:crypto';
import { hasPermission, type ModuleContext, type Queryable, type RequestContext } from '@medunion/kernel';
import type { QcRecordOutcome } from '../contracts/qc.ts';
import type { IsQcSample, RecordQcResult } from '../ports.ts';
import { auditInTx } from './audit.ts';
import { requireTest } from './catalogue.ts';
import { rulesFor } from './config/rules.ts';
import { seriesLock, targetAt } from './config/targets.ts';
import { judgeRun } from './evaluate.ts';
import { listEvents, openOrJoinEvent } from './events.ts';
import { listResults } from './ledger.ts';
import { qcParameter } from './parameters.ts';
import { findRun } from './runs.ts';
import { actorName, actorOf } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';

/** A control level as an analyzer's sample id or the bench names it. */
export interface ResolvedLevel {
  levelId: string;
  level: string;
  lotNo: string;
  expiresOn: string;
  materialName: string;
}

const LEVEL_SQL = `select l.id as level_id, l.level, lot.lot_no, lot.expires_on::text as expires_on, m.name as material_name
  from lis_qc_level l join lis_qc_lot lot on lot.id = l.lot_id join lis_qc_material m on m.id = lot.material_id`;

/**
 * The level an analyzer's QC sample id stands for: a sample id configured for this analyzer wins over one configured
 * for any analyzer of the laboratory. One indexed lookup (primary key of lis_qc_sample).
 */
export async function levelBySample(q: Queryable, institution: string, instrumentId: string, sampleId: string): Promise<ResolvedLevel | undefined> {
  const { rows } = await q.query<{ level_id: string; level: string; lot_no: string; expires_on: string; material_name: string }>(
    `${LEVEL_SQL} join lis_qc_sample s on s.level_id = l.id
      where s.institution = $1 and s.instrument_id in ($2, '') and s.sample_id = $3 order by s.instrument_id desc limit 1`,
    [institution, instrumentId, sampleId.trim()],
  );
  const r = rows[0];
  return r ? { levelId: r.level_id, level: r.level, lotNo: r.lot_no, expiresOn: r.expires_on, materialName: r.material_name } : undefined;
}

export async function levelById(q: Queryable, institution: string, levelId: string): Promise<ResolvedLevel | undefined> {
  const { rows } = await q.query<{ level_id: string; level: string; lot_no: string; expires_on: string; material_name: string }>(`${LEVEL_SQL} where l.id = $1 and l.institution = $2`, [levelId, institution]);
  const r = rows[0];
  return r ? { levelId: r.level_id, level: r.level, lotNo: r.lot_no, expiresOn: r.expires_on, materialName: r.material_name } : undefined;
}

/**
 * Port `IsQcSample`: whether an analyzer's sample id is a control (so its results go to QC, never to a patient).
 * True for any configured sample id, whatever its lot's state: a control vial's result must not be filed as a
 * patient's even when its lot has expired.
 */
export const isQcSample: IsQcSample = async (ctx, institution, instrumentId, sampleId) => !!(await levelBySample(ctx.db, institution, instrumentId, sampleId));

export interface RecordQcInput {
  institution: string;
  instrumentId: string;
  testCode: string;
  value: number;
  at: string;
  source: 'instrument' | 'manual';
  level: ResolvedLevel;
  sampleId?: string;
  /** Manual entry may name the run; otherwise results within the run window join the open run. */
  runId?: string;
  sourceIp?: string;
}

/**
 * Stores one control result and judges its run (see evaluate.ts) in one transaction, serialised per test × instrument
 * so two analyzer messages cannot judge the same run at once. A rejected run opens (or joins) the out-of-control
 * event. The same result sent again (same level and time) is not stored twice: its verdict is returned.
 */
export async function recordQc(ctx: ModuleContext, request: RequestContext, input: RecordQcInput): Promise<QcRecordOutcome & { duplicate: boolean }> {
  const { institution, instrumentId, testCode } = input;
  const at = new Date(input.at);
  if (!Number.isFinite(at.getTime())) throw fieldError(400, 'at', `不是有效的时间：${input.at}`, `Not a valid time: ${input.at}`);
  if (!Number.isFinite(input.value)) throw fieldError(400, 'value', '质控结果必须是数字', 'A control result must be a number');
  await requireTest(ctx, institution, testCode, 'testCode');
  const windowMinutes = await qcParameter(ctx, 'lis.qc.runWindowMinutes', institution);
  const p = request.principal;
  const measuredAt = at.toISOString();

  const { resultId, runId, duplicate } = await ctx.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [seriesLock(institution, instrumentId, testCode)]);
    const existing = await tx.query<{ id: string; run_id: string }>(
      'select id, run_id from lis_qc_result where institution = $1 and instrument_id = $2 and test_code = $3 and level_id = $4 and measured_at = $5',
      [institution, instrumentId, testCode, input.level.levelId, measuredAt],
    );
    if (existing.rows[0]) return { resultId: existing.rows[0].id, runId: existing.rows[0].run_id, duplicate: true };
    const run = await findRun(tx, { institution, instrumentId, testCode, levelId: input.level.levelId, at: measuredAt, windowMinutes, runId: input.runId });
    const target = await targetAt(tx, institution, testCode, instrumentId, input.level.levelId, measuredAt);
    const id = randomUUID();
    await tx.query(
      `insert into lis_qc_result (id, institution, instrument_id, test_code, level_id, run_id, measured_at, value, target_id, target_mean, target_sd, source, sample_id, entered_by, entered_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [id, institution, instrumentId, testCode, input.level.levelId, run.id, measuredAt, input.value, target?.id ?? null, target?.mean ?? null, target?.sd ?? null, input.source, input.sampleId ?? null, actorOf(p), actorName(p)],
    );
    const verdict = await judgeRun(tx, institution, instrumentId, testCode, run.id, await rulesFor(tx, institution, testCode));
    if (verdict.status === 'reject') await openOrJoinEvent(tx, institution, instrumentId, testCode, { id: run.id, startedAt: run.startedAt, violations: verdict.violations, reason: verdict.reason! });
    const expired = input.level.expiresOn < measuredAt.slice(0, 10) ? ' (lot expired)' : '';
    await auditInTx(
      ctx,
      tx,
      p,
      'create',
      id,
      `qc result ${testCode} @ ${instrumentId} ${input.level.materialName} lot ${input.level.lotNo} level ${input.level.level}${expired} = ${input.value} at ${measuredAt} (${input.source}) -> run ${run.id} ${verdict.status ?? 'not judged: no target'}`,
      input.sourceIp,
    );
    return { resultId: id, runId: run.id, duplicate: false };
  });

  const results = await listResults(ctx.db, institution, { runId });
  const result = results.find((r) => r.id === resultId)!;
  const { rows } = await ctx.db.query<{ status: QcRecordOutcome['run']['status']; violations: QcRecordOutcome['run']['violations']; reason: QcRecordOutcome['run']['reason']; event_id: string | null }>(
    'select status, violations, reason, event_id from lis_qc_run where id = $1',
    [runId],
  );
  const run = rows[0];
  const event = run.event_id ? (await listEvents(ctx.db, institution, { id: run.event_id }))[0] : undefined;
  return { duplicate, result, run: { id: runId, status: run.status, violations: run.violations ?? [], reason: run.reason, results }, ...(event ? { event } : {}) };
}

/**
 * Port `RecordQcResult`: a control result from an analyzer (its QC sample id names the lot and level) or the bench.
 * `accepted` says the result was stored in the QC ledger (false when the sample id is not a configured control — the
 * caller then keeps it in its own raw ledger); `status` is the verdict on the run it belongs to. A result without a
 * target in force cannot be judged: it is stored and reported as `warning` (the run needs a person's look).
 */
export const recordQcResult: RecordQcResult = async (ctx, request, input) => {
  if (input.source === 'manual' && !hasPermission(request.principal, 'lis.qc.enter')) {
    throw fieldError(403, 'permission', '需要权限 lis.qc.enter', 'Permission lis.qc.enter is required', 'forbidden');
  }
  const level = await levelBySample(ctx.db, input.institution, input.instrumentId, input.qcSampleId);
  if (!level) return { accepted: false, status: 'reject' };
  const outcome = await recordQc(ctx, request, {
    institution: input.institution,
    instrumentId: input.instrumentId,
    testCode: input.testCode,
    value: input.value,
    at: input.at,
    source: input.source,
    level,
    sampleId: input.qcSampleId,
  });
  return { accepted: true, status: outcome.run.status ?? 'warning' };
};
