import type { Queryable } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { REFUSAL_REASONS } from '../decisions/reasons.ts';
import type { Period } from './period.ts';
import type { StatsCounts as Counts, StatsSummary as Summary, StatsRow as BreakdownRow, StatsMonth as TrendPoint, QcOverview, StatsDimension as Dimension } from '../contracts/stats.ts';

export type { StatsDimension as Dimension, StatsCounts as Counts, StatsSummary as Summary, StatsRow as BreakdownRow, StatsMonth as TrendPoint, QcOverview } from '../contracts/stats.ts';

/**
 * Recognition statistics over the module's ledgers, grouped in the database. Definitions:
 * - **recognised / refused**: `recognition_decision` rows of kind `recognize` / `refuse` recorded in the period; a
 *   refusal later withdrawn (`revoke-refusal`) does not count. Reminder, view and quote records are not decisions.
 * - **recognising institution**: the institution whose doctor decided (`recognition_decision.institution`);
 *   **producing institution**: the one that uploaded the result (`recognition_report.institution`).
 * - **money saved**: Σ price of the recognised items (the decision's item; the year's own price, else the default).
 * - **uploads**: reports whose report time (`issued`, else `effective`) falls in the period; **offers shown**:
 *   report × doctor pairs first shown (list, query, check or download) in the period.
 * With an institution scope, counts are that institution's: its doctors' decisions, its uploads, what its doctors
 * were shown; the `producer*` figures are the decisions others made on its results.
 */

export const DIMENSIONS = ['institution', 'item', 'department', 'doctor', 'reason'] as const satisfies readonly Dimension[];

type Num = string | number | null;
const n = (v: Num): number => Number(v ?? 0);
const money = (v: Num): number => Math.round(n(v) * 100) / 100;
const rate = (recognized: number, refused: number): number | null => (recognized + refused ? Math.round((recognized / (recognized + refused)) * 10_000) / 10_000 : null);
const counts = (r: { recognized: Num; refused: Num; saved: Num }): Counts => ({ recognized: n(r.recognized), refused: n(r.refused), rate: rate(n(r.recognized), n(r.refused)), moneySaved: money(r.saved) });

const CHINA = `'Asia/Shanghai'`;
const REPORTED = 'coalesce(r.issued, r.effective)';

/**
 * The period's decisions with the sides and the saved amount. `$1`/`$2` are the period, `$3` the institution scope;
 * `scope` says which side the scope applies to.
 */
function decisions(scope: 'recognizer' | 'either'): string {
  const scoped = scope === 'recognizer' ? 'd.institution = $3' : '(d.institution = $3 or r.institution = $3)';
  return `base as (
    select d.kind, d.item_code, d.reason_code, d.department, d.user_id, d.user_name, d.recorded_at,
      d.institution as recognizer, r.institution as producer,
      case when d.kind = 'recognize' then coalesce(ip.price, pd.price, 0) else 0 end as saved
    from recognition_decision d
    join recognition_report r on r.report_id = d.report_id
    left join recognition_item_price ip on ip.item_code = d.item_code and ip.year = extract(year from d.recorded_at at time zone ${CHINA})::int
    left join recognition_price_default pd on pd.item_code = d.item_code
    where d.kind in ('recognize', 'refuse') and d.revoked_at is null
      and d.recorded_at >= $1::timestamptz and d.recorded_at < $2::timestamptz
      and ($3::text is null or ${scoped})
  )`;
}

const params = (period: Period, institution?: string): unknown[] => [period.start, period.end, institution ?? null];

export async function summary(db: Queryable, period: Period, institution?: string): Promise<Summary> {
  const { rows } = await db.query<Record<string, Num>>(
    `with ${decisions('either')}
     select
       (select count(*) from recognition_report r where ${REPORTED} >= $1::timestamptz and ${REPORTED} < $2::timestamptz and ($3::text is null or r.institution = $3)) as uploads,
       (select count(*) from recognition_report r where r.revoked_at >= $1::timestamptz and r.revoked_at < $2::timestamptz and ($3::text is null or r.institution = $3)) as revoked,
       (select count(*) from recognition_shown s where s.first_shown_at >= $1::timestamptz and s.first_shown_at < $2::timestamptz and ($3::text is null or s.institution = $3)) as shown,
       count(*) filter (where kind = 'recognize' and ($3::text is null or recognizer = $3)) as recognized,
       count(*) filter (where kind = 'refuse' and ($3::text is null or recognizer = $3)) as refused,
       coalesce(sum(saved) filter (where $3::text is null or recognizer = $3), 0) as saved,
       count(*) filter (where kind = 'recognize' and ($3::text is null or producer = $3)) as p_recognized,
       count(*) filter (where kind = 'refuse' and ($3::text is null or producer = $3)) as p_refused,
       coalesce(sum(saved) filter (where $3::text is null or producer = $3), 0) as p_saved
     from base`,
    params(period, institution),
  );
  const r = rows[0];
  return {
    from: period.from,
    to: period.to,
    ...(institution ? { institution } : {}),
    uploads: n(r.uploads),
    revoked: n(r.revoked),
    offersShown: n(r.shown),
    ...counts(r as { recognized: Num; refused: Num; saved: Num }),
    producerRecognized: n(r.p_recognized),
    producerRefused: n(r.p_refused),
    producerMoneySaved: money(r.p_saved),
  };
}

// Grouping key and label per dimension (fixed SQL fragments, never request text).
const GROUPS: Record<Exclude<Dimension, 'institution'>, { key: string; label: string; where?: string }> = {
  item: { key: 'item_code', label: 'null' },
  department: { key: 'department', label: 'null' },
  doctor: { key: 'user_id', label: 'max(user_name)' },
  reason: { key: 'reason_code', label: 'null', where: `kind = 'refuse'` },
};

const REASON_LABELS = new Map(REFUSAL_REASONS.map((r) => [r.code, r.zh]));
const NONE = '（未填写）';

function labelOf(by: Dimension, key: string | null, label: string | null): string {
  if (key === null) return NONE;
  if (by === 'item') return CATALOGUE.get(key)?.name ?? key;
  if (by === 'reason') return REASON_LABELS.get(key) ?? key;
  return label ?? key;
}

/** Recognised and refused per institution (both sides), item, department, doctor or refusal reason; most decisions first. */
export async function breakdown(db: Queryable, period: Period, by: Dimension, institution: string | undefined, limit: number): Promise<BreakdownRow[]> {
  if (by === 'institution') return byInstitution(db, period, institution, limit);
  const g = GROUPS[by];
  const { rows } = await db.query<{ key: string | null; label: string | null; recognized: Num; refused: Num; saved: Num }>(
    `with ${decisions('recognizer')}
     select ${g.key} as key, ${g.label} as label,
       count(*) filter (where kind = 'recognize') as recognized, count(*) filter (where kind = 'refuse') as refused, coalesce(sum(saved), 0) as saved
     from base ${g.where ? `where ${g.where}` : ''}
     group by ${g.key}
     order by count(*) desc, ${g.key} nulls last
     limit $4`,
    [...params(period, institution), limit],
  );
  return rows.map((r) => ({ key: r.key, label: labelOf(by, r.key, r.label), ...counts(r) }));
}

async function byInstitution(db: Queryable, period: Period, institution: string | undefined, limit: number): Promise<BreakdownRow[]> {
  const { rows } = await db.query<{ key: string; label: string | null; uploads: Num; recognized: Num; refused: Num; saved: Num; p_recognized: Num; p_refused: Num; p_saved: Num }>(
    `with ${decisions('either')},
     legs as (
       select recognizer as inst, 0 as uploads, (kind = 'recognize')::int as rec, (kind = 'refuse')::int as ref, saved, 0 as p_rec, 0 as p_ref, 0::numeric as p_saved from base
       union all
       select producer, 0, 0, 0, 0, (kind = 'recognize')::int, (kind = 'refuse')::int, saved from base
       union all
       select r.institution, 1, 0, 0, 0, 0, 0, 0 from recognition_report r
       where ${REPORTED} >= $1::timestamptz and ${REPORTED} < $2::timestamptz and ($3::text is null or r.institution = $3)
     )
     select l.inst as key, max(coalesce(i.short_name, i.name)) as label, sum(l.uploads) as uploads,
       sum(l.rec) as recognized, sum(l.ref) as refused, sum(l.saved) as saved, sum(l.p_rec) as p_recognized, sum(l.p_ref) as p_refused, sum(l.p_saved) as p_saved
     from legs l left join recognition_institution i on i.organization_id = l.inst
     group by l.inst
     order by sum(l.rec + l.ref + l.p_rec + l.p_ref) desc, sum(l.uploads) desc, l.inst
     limit $4`,
    [...params(period, institution), limit],
  );
  return rows.map((r) => ({
    key: r.key,
    label: r.label ?? r.key,
    ...counts(r),
    uploads: n(r.uploads),
    producerRecognized: n(r.p_recognized),
    producerRefused: n(r.p_refused),
    producerMoneySaved: money(r.p_saved),
  }));
}

/** Month by month over a (China-time) year: uploads, offers shown, decisions and money saved. */
export async function trend(db: Queryable, year: number, institution?: string): Promise<TrendPoint[]> {
  const period = { from: `${year}-01-01`, to: `${year}-12-31`, start: `${year}-01-01T00:00:00+08:00`, end: `${year + 1}-01-01T00:00:00+08:00` };
  const month = (column: string) => `extract(month from ${column} at time zone ${CHINA})::int`;
  const { rows } = await db.query<{ m: number; uploads: Num; shown: Num; recognized: Num; refused: Num; saved: Num }>(
    `with ${decisions('recognizer')}
     select m, sum(uploads) as uploads, sum(shown) as shown, sum(rec) as recognized, sum(ref) as refused, sum(saved) as saved from (
       select ${month(REPORTED)} as m, 1 as uploads, 0 as shown, 0 as rec, 0 as ref, 0::numeric as saved from recognition_report r
       where ${REPORTED} >= $1::timestamptz and ${REPORTED} < $2::timestamptz and ($3::text is null or r.institution = $3)
       union all
       select ${month('s.first_shown_at')}, 0, 1, 0, 0, 0 from recognition_shown s
       where s.first_shown_at >= $1::timestamptz and s.first_shown_at < $2::timestamptz and ($3::text is null or s.institution = $3)
       union all
       select ${month('recorded_at')}, 0, 0, (kind = 'recognize')::int, (kind = 'refuse')::int, saved from base
     ) x group by m`,
    params(period, institution),
  );
  const byMonth = new Map(rows.map((r) => [Number(r.m), r]));
  return Array.from({ length: 12 }, (_, i) => {
    const r = byMonth.get(i + 1);
    return { month: `${year}-${String(i + 1).padStart(2, '0')}`, uploads: n(r?.uploads ?? 0), offersShown: n(r?.shown ?? 0), ...counts(r ?? { recognized: 0, refused: 0, saved: 0 }) };
  });
}

/** PBRTQC overview: items monitored (results judged in the period), alarms raised in it and open now, per institution and item. */
export async function qcOverview(db: Queryable, period: Period, institution?: string): Promise<QcOverview> {
  const inPeriod = (column: string) => `${column} >= $1::timestamptz and ${column} < $2::timestamptz`;
  const [institutions, items] = await Promise.all([
    db.query<{ institution: string; label: string; items: Num; results: Num; raised: Num; open: Num }>(
      `select i.organization_id as institution, coalesce(i.short_name, i.name) as label,
         (select count(distinct p.item_code) from recognition_qc_point p where p.institution = i.organization_id and ${inPeriod('p.created_at')}) as items,
         (select count(*) from recognition_qc_point p where p.institution = i.organization_id and ${inPeriod('p.created_at')}) as results,
         (select count(*) from recognition_qc_alarm a where a.institution = i.organization_id and ${inPeriod('a.raised_at')}) as raised,
         (select count(*) from recognition_qc_alarm a where a.institution = i.organization_id and a.cleared_at is null) as open
       from recognition_institution i
       where $3::text is null or i.organization_id = $3
       order by 6 desc, 4 desc, i.organization_id`,
      params(period, institution),
    ),
    db.query<{ item: string; institutions: Num; results: Num; open: Num }>(
      `select coalesce(p.item_code, a.item_code) as item, coalesce(p.institutions, 0) as institutions, coalesce(p.results, 0) as results, coalesce(a.open, 0) as open
       from (select item_code, count(distinct institution) as institutions, count(*) as results from recognition_qc_point
             where ${inPeriod('created_at')} and ($3::text is null or institution = $3) group by item_code) p
       full join (select item_code, count(*) as open from recognition_qc_alarm where cleared_at is null and ($3::text is null or institution = $3) group by item_code) a
         on a.item_code = p.item_code
       order by 4 desc, 3 desc, 1`,
      params(period, institution),
    ),
  ]);
  const rowsOf = institutions.rows.map((r) => ({ institution: r.institution, label: r.label, monitoredItems: n(r.items), results: n(r.results), alarmsRaised: n(r.raised), openAlarms: n(r.open) }));
  const itemRows = items.rows.map((r) => ({ item: r.item, label: CATALOGUE.get(r.item)?.name ?? r.item, institutions: n(r.institutions), results: n(r.results), openAlarms: n(r.open) }));
  return {
    from: period.from,
    to: period.to,
    monitoredItems: itemRows.filter((i) => i.results > 0).length,
    results: rowsOf.reduce((s, r) => s + r.results, 0),
    alarmsRaised: rowsOf.reduce((s, r) => s + r.alarmsRaised, 0),
    openAlarms: itemRows.reduce((s, r) => s + r.openAlarms, 0),
    institutions: rowsOf,
    items: itemRows,
  };
}
