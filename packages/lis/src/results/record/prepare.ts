import type { Patient, Specimen } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import type { SpecimenWork } from '../../ports.ts';
import { qcStatusAt } from '../../qc/status.ts';
import { pushEnabled } from '../../reports/recognition/settings.ts';
import { findSpecimen } from '../../specimens/find.ts';
import { sid } from '../../urls.ts';
import { qcKey, type QcVerdicts } from '../autoverify.ts';
import { orderingUnitNamed, type OrderingUnit } from '../critical/ordering-unit.ts';
import { identifierValue, idOf, testCodeOf } from '../fhir.ts';
import { storeImages, type StoredImage } from '../images/prepare.ts';
import { reviewSettings, type ReviewSettings } from '../parameters.ts';
import { specimenResults } from '../store/reads.ts';
import { classifyIncoming, type AcceptedResult, type RecordInput } from './input.ts';
import { fieldError } from '../../http/errors.ts';

/** What a recording needs that is read before its transaction (PGlite: nothing may query outside an open one). */
export interface Prepared {
  catalogue: Awaited<ReturnType<typeof loadCatalogue>>;
  work: SpecimenWork;
  /** Undefined for a pooled specimen (混检): no single patient. */
  patient?: Patient & { id: string };
  /** Ordering department and doctor with names. */
  ordering: OrderingUnit;
  accepted: AcceptedResult[];
  ignored: string[];
  images: StoredImage[];
  qc: QcVerdicts;
  settings: ReviewSettings;
  push: boolean;
}

/** The specimen a recording is for, by id, with its work (orders, tests, patient, status); 404/409 naming `specimenId`. */
export async function specimenWork(ctx: ModuleContext, request: RequestContext, institution: string, specimenId: string): Promise<SpecimenWork> {
  const specimen = (await ctx.store.read(request, 'Specimen', specimenId).catch((err: FhirError) => {
    if (err instanceof FhirError && [403, 404, 410].includes(err.status)) throw fieldError(404, 'specimenId', `标本 ${specimenId} 不存在`, `Specimen ${specimenId} does not exist`, 'not-found');
    throw err;
  })) as Specimen;
  const barcode = identifierValue(specimen.identifier, sid.barcode(institution));
  const work = barcode ? await findSpecimen(ctx, institution, barcode) : undefined;
  if (!work || work.specimen.id !== specimenId) throw fieldError(404, 'specimenId', `标本 ${specimenId} 不是本机构检验科的标本`, `Specimen ${specimenId} is not a specimen of this institution's laboratory`, 'not-found');
  return work;
}

export async function prepareRecording(ctx: ModuleContext, request: RequestContext, input: RecordInput): Promise<Prepared> {
  const { institution } = input;
  const catalogue = await loadCatalogue(ctx, institution);
  const work = await specimenWork(ctx, request, institution, input.specimenId);
  if (work.status === 'rejected') throw fieldError(409, 'specimenId', `标本 ${work.barcode} 已拒收，不能录入结果`, `Specimen ${work.barcode} was rejected: no results can be recorded`, 'business-rule');
  const { accepted, ignored } = classifyIncoming(input, work, catalogue);
  if (ignored.length) ctx.log.warn({ barcode: work.barcode, tests: ignored }, 'results for tests not ordered on the specimen (or calculated) were not recorded');
  const patient = work.patientId ? ((await ctx.store.read(request, 'Patient', work.patientId)) as Patient & { id: string }) : undefined;
  const ordering = await orderingUnitNamed(ctx, request, undefined, work.orders);
  const images = await storeImages(ctx, accepted.map((a) => a.result));
  // QC of every analyzer result the group's auto-verification may judge: this batch's and those stored before.
  // Each judged at the time of its result (QC status changes over the day).
  const now = new Date().toISOString();
  const pairs = new Map<string, string>();
  for (const o of await specimenResults(ctx, request, undefined, institution, work.specimen.id)) {
    const device = idOf(o.device);
    const test = testCodeOf(o, institution);
    if (device && test) pairs.set(qcKey(device, test), o.issued ?? now);
  }
  if (input.instrumentId) for (const a of accepted) pairs.set(qcKey(input.instrumentId, a.test.code), a.result.completedAt ?? now);
  const qc: QcVerdicts = new Map();
  for (const [key, at] of pairs) {
    const [instrument, test] = key.split('|');
    qc.set(key, await qcStatusAt(ctx, institution, instrument, test, at));
  }
  return { catalogue, work, ...(patient ? { patient } : {}), ordering, accepted, ignored, images, qc, settings: await reviewSettings(ctx, institution), push: await pushEnabled(ctx, institution) };
}
