import type { ServiceRequest } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import { idOf } from '../fhir.ts';

/**
 * Keeps the order lines in step with their report (LIS README "Orders": active → completed when the report is final):
 * `completed` on release, `active` again when the release is withdrawn (un-review, recall). Revoked or other
 * orders are left alone. One search and one bulk write, in the releasing transaction.
 */
export async function setOrdersStatus(ctx: ModuleContext, unit: Unit, request: RequestContext, report: { basedOn?: { reference?: string }[] }, status: 'completed' | 'active'): Promise<void> {
  const ids = (report.basedOn ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
  if (!ids.length) return;
  const orders = (await ctx.store.search(request, 'ServiceRequest', [['_id', ids.join(',')], ['_count', String(ids.length)]], unit)).resources as (ServiceRequest & { id: string })[];
  const from = status === 'completed' ? 'active' : 'completed';
  const changed = orders.filter((o) => o.status === from).map((o) => ({ resource: { ...o, status } as ServiceRequest, ifMatch: o.meta?.versionId }));
  if (changed.length) await ctx.store.updateManyIn(unit, request, changed, (_, err) => err);
}
