import type { Observation } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { TrendPoint } from '../contracts/query.ts';

export type { TrendPoint } from '../contracts/query.ts';

/**
 * One lab item of a person across visits and institutions: every uploaded, not revoked result of the recognition
 * index (older ones too: a trend needs them), oldest first.
 */
export async function itemTrend(ctx: ModuleContext, sources: string[], itemCode: string): Promise<TrendPoint[]> {
  const { rows } = await ctx.db.query<{ report_id: string; report_no: string; institution: string; name: string | null; effective: Date | string; observation_id: string }>(
    `select r.report_id, r.report_no, r.institution, i.name, r.effective, ri.observation_id
     from recognition_report r join recognition_report_item ri on ri.report_id = r.report_id
     left join recognition_institution i on i.organization_id = r.institution
     where r.patient_id = any($1::text[]) and r.status = 'active' and ri.item_code = $2 and ri.observation_id is not null
     order by r.effective limit 200`,
    [sources, itemCode],
  );
  if (!rows.length) return [];
  const { resources } = await ctx.store.search(ctx.systemContext, 'Observation', [['_id', rows.map((r) => r.observation_id).join(',')], ['_count', String(rows.length)]]);
  const obs = new Map(resources.map((o) => [o.id!, o as Observation]));
  return rows.flatMap((r) => {
    const o = obs.get(r.observation_id);
    if (!o || o.status !== 'final') return [];
    return [
      {
        effective: new Date(r.effective).toISOString(),
        ...(o.valueQuantity?.value !== undefined ? { value: o.valueQuantity.value } : o.valueString ? { text: o.valueString } : {}),
        ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : {}),
        ...(o.interpretation?.[0]?.coding?.[0]?.code ? { flag: o.interpretation[0].coding[0].code } : {}),
        institution: r.institution,
        ...(r.name ? { institutionName: r.name } : {}),
        reportId: r.report_id,
        reportNo: r.report_no,
      },
    ];
  });
}
