import type { ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { FindSpecimen, SpecimenWork } from '../ports.ts';
import { CS, sid } from '../urls.ts';
import { statusOf } from './status.ts';

const LIVE_ORDER = new Set(['active', 'completed', 'on-hold']);

/** The panel code of an order line (its code in the institution's panel code system). */
export const panelCodeOf = (order: ServiceRequest, institution: string): string | undefined => order.code?.coding?.find((c) => c.system === CS.panels(institution))?.code;

/** A stored Specimen by barcode (条码号) or sample number (样本号), with the orders that point at it. */
export async function specimenByKey(ctx: ModuleContext, request: RequestContext, institution: string, key: string): Promise<{ specimen: Specimen & { id: string }; orders: (ServiceRequest & { id: string })[] } | undefined> {
  for (const [param, system] of [
    ['identifier', sid.barcode(institution)],
    ['accession', sid.sampleNo(institution)],
  ] as const) {
    const found = await ctx.store.search(request, 'Specimen', [
      [param, `${system}|${key}`],
      ['_revinclude', 'ServiceRequest:specimen'],
      ['_count', '2'],
    ]);
    const specimen = found.resources[0] as (Specimen & { id: string }) | undefined;
    if (!specimen) continue;
    const orders = found.included.filter((r): r is ServiceRequest & { id: string } => r.resourceType === 'ServiceRequest');
    return { specimen, orders };
  }
  return undefined;
}

/**
 * specimens/find.ts (port `FindSpecimen`): a specimen by barcode or sample number within an institution, with its
 * live orders (not revoked) and the test codes to run on it (their panels expanded from the cached catalogue,
 * calculated tests included, in report order). One indexed search (the Specimen with its ServiceRequests through
 * `_revinclude`), a second only when the key is a sample number. Undefined when unknown. A pooled specimen (混检)
 * has no single patient: `patientId` is '' and its members are in `EXT.pooledFrom`.
 */
export const findSpecimen: FindSpecimen = async (ctx, institution, barcodeOrSampleNo) => {
  const key = barcodeOrSampleNo.trim();
  if (!key || key.length > 64 || /[|,\\$]/.test(key)) return undefined;
  const found = await specimenByKey(ctx, ctx.systemContext, institution, key);
  if (!found) return undefined;
  const orders = found.orders.filter((o) => LIVE_ORDER.has(o.status ?? ''));
  const { tests, panels } = await loadCatalogue(ctx, institution);
  const codes = new Set<string>();
  for (const order of orders) {
    const panel = panels.get(panelCodeOf(order, institution) ?? '');
    for (const code of panel?.tests ?? []) codes.add(code);
  }
  const work: SpecimenWork = {
    specimen: found.specimen,
    barcode: found.specimen.identifier?.find((i) => i.system === sid.barcode(institution))?.value ?? key,
    orders,
    tests: [...codes].sort((a, b) => (tests.get(a)?.order ?? 0) - (tests.get(b)?.order ?? 0)),
    patientId: found.specimen.subject?.reference?.startsWith('Patient/') ? found.specimen.subject.reference.slice('Patient/'.length) : '',
    status: statusOf(found.specimen) ?? 'registered',
  };
  return work;
};
