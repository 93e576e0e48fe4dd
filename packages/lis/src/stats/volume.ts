import type { ModuleContext } from '@medunion/kernel';
import type { IncomeRow, VolumeRow } from '../contracts/qc.ts';
import { catalogueOf } from '../qc/catalogue.ts';
import { num } from '../qc/db.ts';
import { sectionNames } from './sections.ts';
import { panelArrays, VALID_ORDER, VALID_RESULT } from './sql.ts';
import { type Period } from '../http/period.ts';

export const VOLUME_DIMENSIONS = ['department', 'doctor', 'panel', 'section'] as const;
export type VolumeDimension = (typeof VOLUME_DIMENSIONS)[number];

const KEY: Record<VolumeDimension, [key: string, label: string]> = {
  department: ['o.department', 'o.department_name'],
  doctor: ['o.requester', 'o.requester_name'],
  panel: ['o.panel_code', 'o.panel_name'],
  section: ['p.section', 'p.section'],
};

const round2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * Orders of the period (by order time, revoked ones left out) grouped by ordering department, doctor, panel or lab
 * section, each with the specimens drawn for them, the results reported and the amount at the catalogue's panel
 * prices. `tested` orders have at least one result; the others are still untested (已检 / 未检金额).
 */
async function orderGroups(ctx: ModuleContext, institution: string, period: Period, by: VolumeDimension) {
  const catalogue = await catalogueOf(ctx, institution);
  const panels = panelArrays(catalogue);
  const [key, label] = KEY[by];
  // Per order: its group, price, whether it has results and how many; then per group, with the distinct specimens.
  const { rows } = await ctx.db.query<Record<string, string | number | null>>(
    `with o as (
       select o.id, ${key} as key, ${label} as label, coalesce(p.price, 0) as price,
              (select count(*) from lis_stat_result r where r.request_id = o.id and r.source = 'measured' and ${VALID_RESULT}) as tests,
              exists (select 1 from lis_stat_result r where r.request_id = o.id and ${VALID_RESULT}) as tested
         from lis_stat_order o
         left join unnest($4::text[], $5::text[], $6::float8[]) as p(code, section, price) on p.code = o.panel_code
        where o.institution = $1 and o.authored_at >= $2 and o.authored_at < $3 and ${VALID_ORDER}),
     s as (select distinct o.key, s.id from o join lis_stat_specimen s on s.request_ids @> array[o.id])
     select o.key, max(o.label) as label, count(*) as orders, count(*) filter (where o.tested) as tested,
            sum(o.price) as amount, coalesce(sum(o.price) filter (where o.tested), 0) as amount_tested, sum(o.tests) as tests,
            (select count(*) from s where s.key is not distinct from o.key) as specimens
       from o group by o.key`,
    [institution, period.start, period.end, panels.codes, panels.sections, panels.prices],
  );
  const sections = by === 'section' ? await sectionNames(ctx) : new Map<string, string>();
  return rows.map((r) => {
    const k = r.key === null ? null : String(r.key);
    const name = by === 'panel' && k ? (catalogue.panels.get(k)?.name ?? r.label) : by === 'section' && k ? (sections.get(k) ?? k) : r.label;
    return {
      key: k ?? '(none)',
      label: k === null ? '（未注明）' : String(name ?? k),
      orders: num(r.orders),
      tested: num(r.tested),
      specimens: num(r.specimens),
      tests: num(r.tests),
      amount: round2(num(r.amount ?? 0)),
      amountTested: round2(num(r.amount_tested ?? 0)),
    };
  });
}

/** Test volume (开单/送检情况) by ordering department, doctor, panel or section. */
export async function orderVolume(ctx: ModuleContext, institution: string, period: Period, by: VolumeDimension): Promise<VolumeRow[]> {
  const groups = await orderGroups(ctx, institution, period, by);
  return groups.map(({ key, label, orders, specimens, tests, amount }) => ({ key, label, orders, specimens, tests, amount })).sort((a, b) => b.orders - a.orders || a.key.localeCompare(b.key));
}

/** Income (收入) by panel, department or section: total, tested and untested amounts at the catalogue's prices. */
export async function income(ctx: ModuleContext, institution: string, period: Period, by: VolumeDimension): Promise<IncomeRow[]> {
  const groups = await orderGroups(ctx, institution, period, by);
  return groups
    .map(({ key, label, orders, tested, amount, amountTested }) => ({ key, label, orders, tested, untested: orders - tested, amountTested, amountUntested: round2(amount - amountTested), amount }))
    .sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key));
}
