import type { ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import { sid } from '../urls.ts';
import { barcodeCheck } from './barcode.ts';
import { fieldError } from '../http/errors.ts';

export interface Scanned {
  specimen: Specimen & { id: string };
  orders: (ServiceRequest & { id: string })[];
}

/** Why a scanned text cannot be one of our barcodes, or undefined when it can (a wrong check digit is a misread). */
export function scanProblem(barcode: string): { zh: string; en: string } | undefined {
  if (barcodeCheck(barcode) === 'bad-check-digit') return { zh: `条码 ${barcode} 校验位错误（扫描或输入有误）`, en: `Barcode ${barcode} has a wrong check digit (misread or mistyped)` };
  return undefined;
}

/**
 * The specimen with a barcode, and its orders, as the caller sees them (inside `unit` when given). 400 naming `field`
 * for a misread barcode, 404 for an unknown one.
 */
export async function scanSpecimen(ctx: ModuleContext, request: RequestContext, institution: string, barcode: string, field = 'barcode', unit?: Unit): Promise<Scanned> {
  const problem = scanProblem(barcode);
  if (problem) throw fieldError(400, field, problem.zh, problem.en, 'value');
  const found = await ctx.store.search(
    request,
    'Specimen',
    [
      ['identifier', `${sid.barcode(institution)}|${barcode}`],
      ['_revinclude', 'ServiceRequest:specimen'],
      ['_count', '2'],
    ],
    unit,
  );
  const specimen = found.resources[0] as (Specimen & { id: string }) | undefined;
  if (!specimen) throw fieldError(404, field, `条码 ${barcode} 不存在`, `No specimen with barcode ${barcode}`, 'not-found');
  return { specimen, orders: found.included.filter((r): r is ServiceRequest & { id: string } => r.resourceType === 'ServiceRequest') };
}
