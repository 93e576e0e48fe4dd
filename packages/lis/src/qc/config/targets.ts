import { randomUUID } from 'node:crypto';
import type { ModuleContext, Principal, Queryable } from '@medunion/kernel';
import { summarize } from '@medunion/labcore';
import type { QcTarget, QcTargetInput } from '../../contracts/qc.ts';
import { auditInTx } from '../audit.ts';
import { requireTest } from '../catalogue.ts';
import { iso, isoOrNull, lockKey, num } from '../db.ts';
import { requireInstrument } from '../instruments.ts';
import { actorName, actorOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';
import { addDays, chinaDayStart } from '../../http/period.ts';

/** WS/T 641: a new lot's provisional target from at least 20 results. */
export const DEFAULT_MIN_CUMULATIVE_RESULTS = 20;

interface TargetRow {
  id: string;
  test_code: string;
  instrument_id: string;
  level_id: string;
  mean: number;
  sd: number;
  source: 'fixed' | 'cumulative';
  basis: { from: string; to: string; count: number } | null;
  valid_from: Date | string;
  valid_to: Date | string | null;
  reason: string | null;
  set_by: string;
  set_by_name: string | null;
  set_at: Date | string;
}

const COLUMNS = 'id, test_code, instrument_id, level_id, mean, sd, source, basis, valid_from, valid_to, reason, set_by, set_by_name, set_at';

export function toTarget(r: TargetRow): QcTarget {
  const mean = num(r.mean);
  const sd = num(r.sd);
  return {
    id: r.id,
    testCode: r.test_code,
    instrumentId: r.instrument_id,
    levelId: r.level_id,
    mean,
    sd,
    cv: mean === 0 ? null : (sd / Math.abs(mean)) * 100,
    source: r.source,
    basis: r.basis,
    validFrom: iso(r.valid_from),
    validTo: isoOrNull(r.valid_to),
    ...(r.reason ? { reason: r.reason } : {}),
    setBy: r.set_by,
    ...(r.set_by_name ? { setByName: r.set_by_name } : {}),
    setAt: iso(r.set_at),
  };
}

/** The lock every writer of a test × instrument QC series takes (targets, results), so they see each other's work. */
export const seriesLock = (institution: string, instrumentId: string, testCode: string): number => lockKey('lis-qc', institution, instrumentId, testCode);

/** The target in force for a level at `at` (valid_from ≤ at < valid_to). */
export async function targetAt(q: Queryable, institution: string, testCode: string, instrumentId: string, levelId: string, at: string): Promise<QcTarget | undefined> {
  const { rows } = await q.query<TargetRow>(
    `select ${COLUMNS} from lis_qc_target where institution = $1 and test_code = $2 and instrument_id = $3 and level_id = $4
       and valid_from <= $5 and (valid_to is null or valid_to > $5) order by valid_from desc limit 1`,
    [institution, testCode, instrumentId, levelId, at],
  );
  return rows[0] ? toTarget(rows[0]) : undefined;
}

export async function listTargets(q: Queryable, institution: string, filter: { testCode?: string; instrumentId?: string; levelId?: string; history?: boolean }): Promise<QcTarget[]> {
  const where = ['institution = $1'];
  const params: unknown[] = [institution];
  for (const [column, value] of [
    ['test_code', filter.testCode],
    ['instrument_id', filter.instrumentId],
    ['level_id', filter.levelId],
  ] as const) {
    if (value) where.push(`${column} = $${params.push(value)}`);
  }
  if (!filter.history) where.push('valid_to is null');
  const { rows } = await q.query<TargetRow>(`select ${COLUMNS} from lis_qc_target where ${where.join(' and ')} order by test_code, instrument_id, level_id, valid_from desc`, params);
  return rows.map(toTarget);
}

/** Mean and SD of a level's results in a period (whole China-time days), leaving out excluded results and rejected runs. */
async function cumulativeBasis(q: Queryable, institution: string, input: QcTargetInput): Promise<{ mean: number; sd: number; basis: { from: string; to: string; count: number } }> {
  const from = input.from!;
  const to = input.to ?? input.from!;
  if (to < from) throw fieldError(400, 'to', 'to 不能早于 from', 'to must not be before from');
  const { rows } = await q.query<{ value: number }>(
    `select r.value from lis_qc_result r join lis_qc_run run on run.id = r.run_id
      where r.institution = $1 and r.test_code = $2 and r.instrument_id = $3 and r.level_id = $4 and not r.excluded
        and (run.status is null or run.status <> 'reject') and r.measured_at >= $5 and r.measured_at < $6`,
    [institution, input.testCode, input.instrumentId, input.levelId, chinaDayStart(from), chinaDayStart(addDays(to, 1))],
  );
  const min = input.minResults ?? DEFAULT_MIN_CUMULATIVE_RESULTS;
  const s = summarize(rows.map((r) => num(r.value)));
  if (s.count < min || !s.sd) {
    throw fieldError(422, 'from', `${from} 至 ${to} 只有 ${s.count} 个可用的质控结果，累积靶值至少需要 ${min} 个`, `Only ${s.count} usable control results from ${from} to ${to}; a cumulative target needs at least ${min}`);
  }
  return { mean: s.mean!, sd: s.sd, basis: { from, to, count: s.count } };
}

/**
 * Sets a level's target (靶值) for a test on an instrument: a fixed mean with SD or CV, or the cumulative mean and SD
 * of a period's results. The version in force is closed where the new one starts, so every result keeps the
 * target it was judged with and the change history stays readable. Permission `lis.qc.manage` (checked by the route).
 */
export async function setTarget(ctx: ModuleContext, p: Principal, institution: string, input: QcTargetInput, ip?: string): Promise<QcTarget> {
  await requireTest(ctx, institution, input.testCode, 'testCode');
  await requireInstrument(ctx, institution, input.instrumentId, 'instrumentId');
  if (input.source === 'fixed') {
    if (input.mean === undefined) throw fieldError(400, 'mean', '固定靶值须给出 mean（均值）', 'A fixed target needs mean', 'required');
    if (input.sd === undefined && input.cv === undefined) throw fieldError(400, 'sd', '固定靶值须给出 sd 或 cv', 'A fixed target needs sd or cv', 'required');
    if (input.sd !== undefined && input.cv !== undefined) throw fieldError(400, 'cv', 'sd 与 cv 只能给出一个', 'Give sd or cv, not both');
    if (input.cv !== undefined && input.mean === 0) throw fieldError(400, 'cv', '均值为 0 时不能用 CV 表示标准差', 'A CV cannot give the SD of a zero mean');
  } else if (!input.from) {
    throw fieldError(400, 'from', '累积靶值须给出统计起始日期 from', 'A cumulative target needs the period start from', 'required');
  }
  const validFrom = input.validFrom ? new Date(input.validFrom).toISOString() : new Date().toISOString();
  const id = randomUUID();
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [seriesLock(institution, input.instrumentId, input.testCode)]);
    const level = await tx.query('select 1 from lis_qc_level where id = $1 and institution = $2', [input.levelId, institution]);
    if (!level.rows[0]) throw fieldError(422, 'levelId', `质控水平 ${input.levelId} 不存在`, `Control level ${input.levelId} not found`, 'not-found');
    const { mean, sd, basis } =
      input.source === 'fixed' ? { mean: input.mean!, sd: input.sd ?? Math.abs((input.mean! * input.cv!) / 100), basis: null } : await cumulativeBasis(tx, institution, input);
    if (!(sd > 0)) throw fieldError(400, input.sd !== undefined ? 'sd' : 'cv', '标准差必须大于 0', 'The SD must be greater than 0');
    const current = await tx.query<TargetRow>(
      `select ${COLUMNS} from lis_qc_target where institution = $1 and test_code = $2 and instrument_id = $3 and level_id = $4 and valid_to is null for update`,
      [institution, input.testCode, input.instrumentId, input.levelId],
    );
    const before = current.rows[0] ? toTarget(current.rows[0]) : undefined;
    if (before && before.validFrom > validFrom) {
      throw fieldError(409, 'validFrom', `生效时间不能早于现行靶值的生效时间 ${before.validFrom}`, `validFrom must not precede the target in force since ${before.validFrom}`, 'conflict');
    }
    if (before) await tx.query('update lis_qc_target set valid_to = $2 where id = $1', [before.id, validFrom]);
    const { rows } = await tx.query<TargetRow>(
      `insert into lis_qc_target (id, institution, test_code, instrument_id, level_id, mean, sd, source, basis, valid_from, reason, set_by, set_by_name)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${COLUMNS}`,
      [id, institution, input.testCode, input.instrumentId, input.levelId, mean, sd, input.source, basis ? JSON.stringify(basis) : null, validFrom, input.reason?.trim() || null, actorOf(p), actorName(p)],
    );
    const was = before ? `mean ${before.mean} sd ${before.sd} (${before.source}, from ${before.validFrom})` : 'none';
    await auditInTx(ctx, tx, p, before ? 'update' : 'create', id, `qc target ${input.testCode} instrument ${input.instrumentId} level ${input.levelId}: ${was} -> mean ${mean} sd ${sd} (${input.source}, from ${validFrom})${input.reason ? ` reason: ${input.reason}` : ''}`, ip);
    return rows[0];
  });
  return toTarget(row);
}
