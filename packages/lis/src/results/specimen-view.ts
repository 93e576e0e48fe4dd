import type { ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { SpecimenResults } from '../contracts/results.ts';
import type { SpecimenWork } from '../ports.ts';
import { summariesOf } from '../reports/summary.ts';
import { findSpecimen } from '../specimens/find.ts';
import { testCodeOf } from './fhir.ts';
import { specimenReports, specimenResults } from './store/reads.ts';
import { resultRow } from './view.ts';
import { type LabCaller } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';

/** A specimen of the caller's laboratory by barcode or sample number; 404 naming `barcode` otherwise. */
export async function specimenByBarcode(ctx: ModuleContext, caller: LabCaller, barcode: string): Promise<SpecimenWork> {
  const work = await findSpecimen(ctx, caller.institution, barcode);
  if (!work) throw fieldError(404, 'barcode', `条码或样本号 ${barcode} 不存在`, `No specimen with barcode or sample number ${barcode}`, 'not-found');
  return work;
}

/**
 * The bench's view of a specimen (结果录入/审核界面): its results in report order with flags, delta and
 * auto-verification reasons, the ordered tests still without a result (漏项), and its reports. Read as the caller.
 */
export async function specimenView(ctx: ModuleContext, caller: LabCaller, work: SpecimenWork): Promise<SpecimenResults> {
  const { tests } = await loadCatalogue(ctx, caller.institution);
  const results = await specimenResults(ctx, caller.request, undefined, caller.institution, work.specimen.id);
  const byCode = new Map(results.map((o) => [testCodeOf(o, caller.institution) ?? '', o]));
  const ordered = work.tests.filter((t) => byCode.has(t)).map((t) => byCode.get(t)!);
  const extra = results.filter((o) => !work.tests.includes(testCodeOf(o, caller.institution) ?? ''));
  const reports = await specimenReports(ctx, caller.request, undefined, work.specimen.id);
  return {
    specimenId: work.specimen.id,
    barcode: work.barcode,
    patientId: work.patientId,
    status: work.status,
    missing: work.tests.filter((t) => !byCode.has(t)),
    results: [...ordered, ...extra].map((o) => resultRow(o, caller.institution, tests)),
    reports: await summariesOf(ctx.db, caller.institution, reports),
  };
}
