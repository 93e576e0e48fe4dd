import { FhirError, notFound, type Db, type Queryable } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { restartStreams } from '../core/qc-alarms.ts';
import { fieldError } from '../routes/check-body.ts';
import type { QcAlarm, QcPoint, QcStream, InstrumentSummary } from '../contracts/qc.ts';

export type { QcAlarm, QcPoint, QcStream, InstrumentSummary } from '../contracts/qc.ts';

const iso = (v: Date | string): string => new Date(v).toISOString();
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const itemName = (code: string): string | undefined => CATALOGUE.get(code)?.name;

interface AlarmRow {
  id: string | number;
  institution: string;
  institution_name: string | null;
  item_code: string;
  instrument: string | null;
  rule: string | null;
  reason: string;
  details: Record<string, unknown> | string | null;
  raised_at: Date | string;
  cleared_at: Date | string | null;
  cleared_by: string | null;
  clear_note: string | null;
}

const toAlarm = (r: AlarmRow): QcAlarm => ({
  id: Number(r.id),
  institution: r.institution,
  ...(r.institution_name ? { institutionName: r.institution_name } : {}),
  item: r.item_code,
  ...(itemName(r.item_code) ? { itemName: itemName(r.item_code) } : {}),
  ...(r.instrument !== null ? { instrument: r.instrument } : {}),
  ...(r.rule ? { rule: r.rule } : {}),
  reason: r.reason,
  ...(r.details ? { details: typeof r.details === 'string' ? (JSON.parse(r.details) as Record<string, unknown>) : r.details } : {}),
  raisedAt: iso(r.raised_at),
  ...(r.cleared_at ? { clearedAt: iso(r.cleared_at) } : {}),
  ...(r.cleared_by ? { clearedBy: r.cleared_by } : {}),
  ...(r.clear_note ? { clearNote: r.clear_note } : {}),
});

const ALARM_COLUMNS = `a.id, a.institution, i.name as institution_name, a.item_code, a.instrument, a.rule, a.reason, a.details, a.raised_at, a.cleared_at, a.cleared_by, a.clear_note`;

/** Alarms per institution (质控报警), open ones first, newest first. */
export async function listAlarms(db: Queryable, filter: { institution?: string; item?: string; open?: boolean }): Promise<QcAlarm[]> {
  const { rows } = await db.query<AlarmRow>(
    `select ${ALARM_COLUMNS} from recognition_qc_alarm a left join recognition_institution i on i.organization_id = a.institution
     where ($1::text is null or a.institution = $1) and ($2::text is null or a.item_code = $2)
       and ($3::boolean is null or ($3 and a.cleared_at is null) or (not $3 and a.cleared_at is not null))
     order by (a.cleared_at is null) desc, a.raised_at desc, a.id desc limit 500`,
    [filter.institution ?? null, filter.item ?? null, filter.open ?? null],
  );
  return rows.map(toAlarm);
}

/**
 * Clears one alarm with the administrator's note and restarts its instrument's statistics. The institution's item
 * is offered again once none of its alarms is open.
 */
export async function clearAlarm(db: Db, id: number, by: string, note: string): Promise<QcAlarm> {
  if (!note.trim()) throw fieldError(400, 'note', '请填写处理说明', 'A note on what was done is required');
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<AlarmRow>(`select ${ALARM_COLUMNS} from recognition_qc_alarm a left join recognition_institution i on i.organization_id = a.institution where a.id = $1 for update of a`, [id]);
    if (!rows[0]) throw notFound(`QC alarm ${id}`);
    if (rows[0].cleared_at) throw new FhirError(409, [{ severity: 'error', code: 'conflict', details: { text: `报警 ${id} 已于 ${iso(rows[0].cleared_at)} 解除 / Alarm ${id} was already cleared` }, expression: ['id'] }]);
    await tx.query('update recognition_qc_alarm set cleared_at = now(), cleared_by = $2, clear_note = $3 where id = $1', [id, by, note.trim()]);
    if (rows[0].instrument !== null) await restartStreams(tx, rows[0].institution, rows[0].item_code, rows[0].instrument);
    const { rows: after } = await tx.query<AlarmRow>(`select ${ALARM_COLUMNS} from recognition_qc_alarm a left join recognition_institution i on i.organization_id = a.institution where a.id = $1`, [id]);
    return toAlarm(after[0]);
  });
}

/** The monitored item × instrument streams of an institution, with their latest statistics. */
export async function listStreams(db: Queryable, institution: string): Promise<QcStream[]> {
  const { rows } = await db.query<{ item_code: string; instrument: string; n: string | number; last_at: Date | string | null; ma: unknown; ewma: unknown; target: unknown; open: boolean }>(
    `select s.item_code, s.instrument, (select count(*) from recognition_qc_point p where p.institution = s.institution and p.item_code = s.item_code and p.instrument = s.instrument) as n,
            l.created_at as last_at, l.ma, l.ewma, l.target,
            exists (select 1 from recognition_qc_alarm a where a.institution = s.institution and a.item_code = s.item_code and a.instrument = s.instrument and a.cleared_at is null) as open
     from recognition_qc_stream s
     left join lateral (select created_at, ma, ewma, target from recognition_qc_point p where p.institution = s.institution and p.item_code = s.item_code and p.instrument = s.instrument order by id desc limit 1) l on true
     where s.institution = $1 order by s.item_code, s.instrument`,
    [institution],
  );
  return rows.map((r) => ({
    institution,
    item: r.item_code,
    ...(itemName(r.item_code) ? { itemName: itemName(r.item_code) } : {}),
    instrument: r.instrument,
    points: Number(r.n),
    ...(r.last_at ? { lastAt: iso(r.last_at) } : {}),
    ma: num(r.ma),
    ewma: num(r.ewma),
    ...(r.target !== null && r.target !== undefined ? { target: Number(r.target) } : {}),
    openAlarm: r.open,
  }));
}

export interface SeriesQuery {
  institution: string;
  item: string;
  instrument?: string;
  from?: string;
  to?: string;
}

interface PointRow {
  id: string | number;
  instrument: string;
  effective: Date | string | null;
  created_at: Date | string;
  value: unknown;
  included: boolean;
  ma: unknown;
  ewma: unknown;
  target: unknown;
  ma_low: unknown;
  ma_high: unknown;
  ewma_low: unknown;
  ewma_high: unknown;
  rule: string | null;
}

const toPoint = (r: PointRow): QcPoint => ({
  id: Number(r.id),
  at: iso(r.effective ?? r.created_at),
  value: Number(r.value),
  included: r.included,
  ma: num(r.ma),
  ewma: num(r.ewma),
  target: Number(r.target),
  maLow: Number(r.ma_low),
  maHigh: Number(r.ma_high),
  ewmaLow: Number(r.ewma_low),
  ewmaHigh: Number(r.ewma_high),
  rule: r.rule,
});

/** Points in processing order (the order the statistics saw them); `from`/`to` bound the result's collection time. */
async function points(db: Queryable, q: SeriesQuery): Promise<PointRow[]> {
  const { rows } = await db.query<PointRow>(
    `select id, instrument, effective, created_at, value, included, ma, ewma, target, ma_low, ma_high, ewma_low, ewma_high, rule
     from recognition_qc_point
     where institution = $1 and item_code = $2 and ($3::text is null or instrument = $3)
       and ($4::timestamptz is null or coalesce(effective, created_at) >= $4) and ($5::timestamptz is null or coalesce(effective, created_at) <= $5)
     order by id desc limit 5000`,
    [q.institution, q.item, q.instrument ?? null, q.from ?? null, q.to ?? null],
  );
  return rows.reverse();
}

/** One stream's series (for the control chart). */
export async function series(db: Queryable, q: SeriesQuery & { instrument: string }): Promise<{ institution: string; item: string; itemName?: string; instrument: string; points: QcPoint[] }> {
  const rows = await points(db, q);
  return { institution: q.institution, item: q.item, ...(itemName(q.item) ? { itemName: itemName(q.item) } : {}), instrument: q.instrument, points: rows.map(toPoint) };
}

/** 仪器间比对: every instrument of the institution for the item over the same period. */
export async function compareInstruments(db: Queryable, q: SeriesQuery): Promise<{ institution: string; item: string; itemName?: string; instruments: InstrumentSummary[] }> {
  const rows = await points(db, { ...q, instrument: undefined });
  const { rows: open } = await db.query<{ instrument: string }>('select distinct instrument from recognition_qc_alarm where institution = $1 and item_code = $2 and cleared_at is null and instrument is not null', [q.institution, q.item]);
  const openSet = new Set(open.map((r) => r.instrument));
  const byInstrument = new Map<string, PointRow[]>();
  for (const r of rows) byInstrument.set(r.instrument, [...(byInstrument.get(r.instrument) ?? []), r]);
  const instruments = [...byInstrument.entries()].map(([instrument, list]) => {
    const included = list.filter((r) => r.included).map((r) => Number(r.value));
    const mean = included.length ? included.reduce((a, b) => a + b, 0) / included.length : null;
    const target = Number(list[list.length - 1].target);
    return {
      instrument,
      results: list.length,
      included: included.length,
      mean: mean === null ? null : Number(mean.toPrecision(6)),
      biasPercent: mean === null || !target ? null : Number((((mean - target) / target) * 100).toFixed(2)),
      openAlarm: openSet.has(instrument),
      points: list.map(toPoint),
    };
  });
  return { institution: q.institution, item: q.item, ...(itemName(q.item) ? { itemName: itemName(q.item) } : {}), instruments };
}
