import type { ModuleContext } from '@medunion/kernel';
import type { WorkloadResponse } from '../contracts/qc.ts';
import { catalogueOf } from '../qc/catalogue.ts';
import { num } from '../qc/db.ts';
import { instrumentNames } from '../qc/instruments.ts';
import { sectionNames } from './sections.ts';
import { chinaDay, panelArrays, VALID_RESULT } from './sql.ts';
import { daysOf, type Period } from '../http/period.ts';

export const WORKLOAD_DIMENSIONS = ['day', 'section', 'instrument', 'panel'] as const;
export type WorkloadDimension = (typeof WORKLOAD_DIMENSIONS)[number];

const NONE = '(none)';

/**
 * Workload (工作量): measured results (tests) and distinct specimens by the day they were resulted, the lab section
 * of the ordered panel, the analyzer, or the panel. Calculated tests are not bench work and are left out; a result
 * counts on the day it was produced (`issued`), not the day it was collected.
 */
export async function workload(ctx: ModuleContext, institution: string, period: Period, by: WorkloadDimension): Promise<WorkloadResponse> {
  const catalogue = await catalogueOf(ctx, institution);
  const panels = panelArrays(catalogue);
  const group = {
    day: chinaDay('r.resulted_at'),
    section: 'p.section',
    instrument: 'r.device_id',
    panel: 'o.panel_code',
  }[by];
  const { rows } = await ctx.db.query<{ key: string | null; specimens: number | string; tests: number | string }>(
    `select ${group} as key, count(distinct r.specimen_id) as specimens, count(*) as tests
       from lis_stat_result r
       left join lis_stat_order o on o.id = r.request_id
       left join unnest($4::text[], $5::text[]) as p(code, section) on p.code = o.panel_code
      where r.institution = $1 and r.resulted_at >= $2 and r.resulted_at < $3 and r.source = 'measured' and ${VALID_RESULT}
      group by 1`,
    [institution, period.start, period.end, panels.codes, panels.sections],
  );
  const { rows: total } = await ctx.db.query<{ specimens: number | string; tests: number | string }>(
    `select count(distinct r.specimen_id) as specimens, count(*) as tests from lis_stat_result r
      where r.institution = $1 and r.resulted_at >= $2 and r.resulted_at < $3 and r.source = 'measured' and ${VALID_RESULT}`,
    [institution, period.start, period.end],
  );
  const labels = await labelsFor(ctx, institution, by, rows.map((r) => r.key));
  let out = rows.map((r) => ({ key: r.key ?? NONE, label: r.key === null ? '（未注明）' : (labels.get(r.key) ?? r.key), specimens: num(r.specimens), tests: num(r.tests) }));
  if (by === 'day') {
    const byDay = new Map(out.map((r) => [r.key, r]));
    out = daysOf(period).map((day) => byDay.get(day) ?? { key: day, label: day, specimens: 0, tests: 0 });
  } else {
    out.sort((a, b) => b.tests - a.tests || a.key.localeCompare(b.key));
  }
  return { by, from: period.from, to: period.to, rows: out, total: { specimens: num(total[0].specimens), tests: num(total[0].tests) } };
}

async function labelsFor(ctx: ModuleContext, institution: string, by: WorkloadDimension, keys: (string | null)[]): Promise<Map<string, string>> {
  const present = keys.filter((k): k is string => !!k);
  if (by === 'instrument') return instrumentNames(ctx, institution, present);
  if (by === 'section') return sectionNames(ctx);
  if (by === 'panel') {
    const catalogue = await catalogueOf(ctx, institution);
    return new Map(present.map((k) => [k, catalogue.panels.get(k)?.name ?? k]));
  }
  return new Map(present.map((k) => [k, k]));
}
