import type { Observation } from '@medplum/fhirtypes';
import type { DeliveredEventLike, ModuleContext, Queryable } from '@medunion/kernel';
import { stepPbrtqc } from '@medunion/labcore';
import { raiseQcAlarm } from '../core/qc-alarms.ts';
import { LAB_CATALOGUE } from '../urls.ts';
import { REFERENCE_INTERVALS } from './reference-intervals.ts';
import { effectiveSettings, loadOverride, type QcSettings } from './settings.ts';

export interface QcPointValues {
  included: boolean;
  ma: number | null;
  ewma: number | null;
  rule: 'MA' | 'EWMA' | null;
}

/**
 * One step of the statistics (pure), with labcore's PBRTQC (the LIS judges its patient streams the same way): a
 * result inside the truncation limits joins the moving window (`previous`: the stream's last included values since
 * its restart, newest first) and updates the EWMA (starting at the target); one outside changes neither and cannot
 * fire a rule. The MA is judged first, once its window is full; then the EWMA.
 */
export function nextPoint(s: QcSettings, value: number, previous: number[], ewmaBefore: number | null): QcPointValues {
  const truncation = { low: s.truncationLow, high: s.truncationHigh };
  const ma = stepPbrtqc({ statistic: 'moving-average', blockSize: s.blockSize, target: s.targetMean, truncation, limits: { low: s.maLow, high: s.maHigh } }, { recent: previous, ewma: null }, value).point;
  const ewma = stepPbrtqc({ statistic: 'ewma', lambda: s.lambda, target: s.targetMean, truncation, limits: { low: s.ewmaLow, high: s.ewmaHigh } }, { recent: [], ewma: ewmaBefore }, value).point;
  const rule: QcPointValues['rule'] = ma.alarm ? 'MA' : ewma.alarm ? 'EWMA' : null;
  return { included: ma.included, ma: ma.statistic, ewma: ewma.statistic, rule };
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** The alarm's reason in both languages: which statistic crossed which limit, with the settings it was judged by. */
export function explain(s: QcSettings, p: QcPointValues, instrument: string): string {
  const value = p.rule === 'MA' ? p.ma! : p.ewma!;
  const [low, high] = p.rule === 'MA' ? [s.maLow, s.maHigh] : [s.ewmaLow, s.ewmaHigh];
  const above = value > high;
  const stat = p.rule === 'MA' ? `MA(N=${s.blockSize})` : `EWMA(λ=${s.lambda})`;
  const who = instrument || '未注明仪器';
  const whoEn = instrument || 'unnamed instrument';
  return (
    `${who}：${stat} ${fmt(value)} ${above ? '高于上限' : '低于下限'} ${fmt(above ? high : low)}（目标 ${fmt(s.targetMean)}，偏倚 ${fmt(((value - s.targetMean) / s.targetMean) * 100)}%）` +
    ` / ${whoEn}: ${stat} ${fmt(value)} is ${above ? 'above the upper' : 'below the lower'} limit ${fmt(above ? high : low)} (target ${fmt(s.targetMean)}, bias ${fmt(((value - s.targetMean) / s.targetMean) * 100)}%)`
  );
}

/**
 * PBRTQC on `Observation:create` (chosen over a module upload event: the store's outbox publishes it in the upload's
 * own commit, at least once, in commit order, and nothing in the upload path has to know about QC). Only results the
 * recognition interface uploaded count — those with a projection row, which commits with them — and only numeric
 * final values of a catalogue analyte. Idempotent: the ledger is unique by Observation id, so a redelivered event
 * changes nothing. A corrected value (`Observation:update`) is not re-judged: the series keeps what was first reported.
 */
export async function ingestObservation(ctx: ModuleContext, event: DeliveredEventLike): Promise<void> {
  const obs = event.payload as Observation;
  const value = obs?.valueQuantity?.value;
  const item = obs?.code?.coding?.find((c) => c.system === LAB_CATALOGUE)?.code;
  if (obs?.resourceType !== 'Observation' || !obs.id || obs.status !== 'final' || typeof value !== 'number' || !item) return;
  await ctx.db.transaction((tx) => recordPoint(tx, obs, item, value));
}

async function recordPoint(tx: Queryable, obs: Observation, item: string, value: number): Promise<void> {
  const { rows: owner } = await tx.query<{ institution: string }>(
    'select r.institution from recognition_report_item ri join recognition_report r on r.report_id = ri.report_id where ri.observation_id = $1',
    [obs.id],
  );
  if (!owner[0]) return;
  const institution = owner[0].institution;
  const range = obs.referenceRange?.[0];
  const uploaded = range?.low?.value !== undefined && range.high?.value !== undefined ? ([range.low.value, range.high.value] as const) : undefined;
  const settings = effectiveSettings(await loadOverride(tx, item), REFERENCE_INTERVALS[item] ?? uploaded);
  if (!settings?.enabled) return;
  const instrument = obs.device?.display?.trim() ?? '';
  const key = [institution, item, instrument];

  await tx.query('insert into recognition_qc_stream (institution, item_code, instrument) values ($1, $2, $3) on conflict do nothing', key);
  const { rows: streams } = await tx.query<{ ewma: number | null; reset_after: string | number }>(
    'select ewma, reset_after from recognition_qc_stream where institution = $1 and item_code = $2 and instrument = $3 for update',
    key,
  );
  if ((await tx.query('select 1 from recognition_qc_point where observation_id = $1', [obs.id])).rows.length) return;
  const { rows: window } = await tx.query<{ value: number }>(
    `select value from recognition_qc_point where institution = $1 and item_code = $2 and instrument = $3 and included and id > $4
     order by id desc limit $5`,
    [...key, streams[0].reset_after, settings.blockSize],
  );
  const point = nextPoint(settings, value, window.map((r) => Number(r.value)), streams[0].ewma === null ? null : Number(streams[0].ewma));
  const { rows: inserted } = await tx.query<{ id: string | number }>(
    `insert into recognition_qc_point (observation_id, institution, item_code, instrument, effective, value, included, ma, ewma, target, ma_low, ma_high, ewma_low, ewma_high, rule)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [obs.id, ...key, obs.effectiveDateTime ?? null, value, point.included, point.ma, point.ewma, settings.targetMean, settings.maLow, settings.maHigh, settings.ewmaLow, settings.ewmaHigh, point.rule],
  );
  await tx.query('update recognition_qc_stream set ewma = $4 where institution = $1 and item_code = $2 and instrument = $3', [...key, point.ewma]);
  if (!point.rule) return;
  const open = await tx.query('select 1 from recognition_qc_alarm where institution = $1 and item_code = $2 and instrument = $3 and cleared_at is null', key);
  if (open.rows.length) return;
  await raiseQcAlarm(tx, institution, item, explain(settings, point, instrument), {
    instrument,
    rule: point.rule,
    details: { pointId: Number(inserted[0].id), observationId: obs.id, value, ma: point.ma, ewma: point.ewma, settings },
  });
}
