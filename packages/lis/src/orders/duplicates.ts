import type { ServiceRequest } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { LabDuplicateOrder } from '../contracts/specimens.ts';
import type { PanelDefinition } from '../ports.ts';
import { CS } from '../urls.ts';
import { requisitionOf } from './order-fhir.ts';
import { DUPLICATE_WINDOW_HOURS } from './parameters.ts';

/**
 * Earlier orders of the same panels for the same patient that are still active (no final report yet) and were
 * placed within the institution's window (`lis.orders.duplicateWindowHours`; 0 = no check). Lines of `requisition`
 * itself are not duplicates: that is the same order sent again. One indexed search for all panels (a patient has
 * few active orders of a panel), the window applied to what it finds.
 */
export async function findDuplicates(
  ctx: ModuleContext,
  request: RequestContext,
  institution: string,
  patientId: string,
  panels: PanelDefinition[],
  requisition: string | undefined,
  unit?: Unit,
): Promise<LabDuplicateOrder[]> {
  const hours = Number(await ctx.parameters.resolve(DUPLICATE_WINDOW_HOURS, { institution }));
  if (!(hours > 0) || !panels.length) return [];
  const since = new Date(Date.now() - hours * 3600_000).toISOString();
  const found = await ctx.store.search(
    request,
    'ServiceRequest',
    [
      ['subject', `Patient/${patientId}`],
      ['code', panels.map((p) => `${CS.panels(institution)}|${p.code}`).join(',')],
      ['status', 'active'],
      ['_count', '200'],
    ],
    unit,
  );
  const byCode = new Map(panels.map((p) => [p.code, p]));
  return (found.resources as (ServiceRequest & { id: string })[])
    .filter((o) => requisitionOf(o, institution) !== requisition)
    // Orders from the FHIR API may lack authoredOn: their first storing time stands in for it.
    .filter((o) => (o.authoredOn ?? o.meta?.lastUpdated ?? '') >= since)
    .flatMap((o) => {
      const code = o.code?.coding?.find((c) => c.system === CS.panels(institution))?.code ?? '';
      const panel = byCode.get(code);
      return panel ? [{ panel: code, panelName: panel.name, requisition: requisitionOf(o, institution) ?? '', orderId: o.id, ...(o.authoredOn ? { authoredOn: o.authoredOn } : {}) }] : [];
    });
}
