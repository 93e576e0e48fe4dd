import type { Extension, Media, Observation, Organization, Patient, Practitioner, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { flagDisplay } from '@medunion/labcore';
import type { ModuleContext, RequestContext } from '@medunion/kernel';
import type { TestDefinition } from '../../ports.ts';
import { EXT, sid } from '../../urls.ts';
import { isReleasedReport } from '../../results/codes.ts';
import { orderingUnitNamed } from '../../results/critical/ordering-unit.ts';
import { extensionOf, identifierValue, idOf, testCodeOf, valueText } from '../../results/fhir.ts';
import { flagOf } from '../../results/interpretation.ts';
import { reportNoOf, sectionOf } from '../../results/report.ts';
import type { LoadedReport } from '../../results/review/load.ts';
import { ageText, collectedAtOf, patientFacts, sexText } from '../../results/subject.ts';
import { signatureDataUri } from '../signatures.ts';
import { QR_DIGEST_LENGTH } from '../verify/digest.ts';
import type { ReportPrintData, ReportRow } from './print-data.ts';

/** 专业组 names for the report title; the catalogue's section codes (catalogue/terminology.ts LAB_SECTIONS). */
const SECTION_NAMES: Record<string, string> = { clinical: '临检', biochemistry: '生化', immunology: '免疫', microbiology: '微生物', molecular: '分子', emergency: '急诊' };

const textOf = (e: Extension | undefined): string | undefined => e?.valueString ?? e?.valueCoding?.display ?? e?.valueCoding?.code ?? e?.valueReference?.display;

/** A number as the test reports it (its decimals: 6.0 stays 6.0); bounds and texts as stored. */
function shownValue(o: Observation, test: TestDefinition | undefined): string {
  if (o.dataAbsentReason) return o.dataAbsentReason.text?.split(' / ')[0] ?? '—';
  const v = o.valueQuantity?.value;
  return v !== undefined && test?.decimals !== undefined ? v.toFixed(test.decimals) : valueText(o);
}

export function rowOf(o: Observation, institution: string, tests: Map<string, TestDefinition>): ReportRow {
  const test = tests.get(testCodeOf(o, institution) ?? '');
  const display = flagDisplay(flagOf(o.interpretation));
  return {
    name: o.code?.text ?? test?.name ?? '',
    ...(test?.abbreviation ? { abbreviation: test.abbreviation } : {}),
    value: shownValue(o, test),
    symbol: display.symbol,
    colour: display.colour,
    ...(o.valueQuantity?.unit ?? test?.unit ? { unit: o.valueQuantity?.unit ?? test?.unit } : {}),
    ...(o.referenceRange?.[0]?.text ? { range: o.referenceRange[0].text } : {}),
  };
}

const nameOf = (r: Patient | Practitioner | undefined): string => {
  const n = r?.name?.[0];
  return n?.text ?? [n?.family, ...(n?.given ?? [])].filter(Boolean).join('');
};

/**
 * Everything a report prints, read as the caller (their access applies): patient, specimen and orders, results
 * with the catalogue's names and decimals, histogram images, the reviewer's name and signature, the verification
 * code and what its QR encodes. `printedBefore` marks a re-print (补打).
 */
export async function printDataOf(
  ctx: ModuleContext,
  request: RequestContext,
  args: { institution: string; loaded: LoadedReport; tests: Map<string, TestDefinition>; printedBefore: boolean },
): Promise<ReportPrintData> {
  const { institution, loaded, tests } = args;
  const { report, observations } = loaded;
  const read = <T>(type: string, id: string | undefined) => (id ? (ctx.store.read(request, type, id).catch(() => undefined) as Promise<T | undefined>) : Promise.resolve(undefined));
  const [patient, specimen, organization] = [
    await read<Patient & { id: string }>('Patient', idOf(report.subject)),
    await read<Specimen>('Specimen', loaded.specimenId),
    await read<Organization>('Organization', institution),
  ];
  const orderIds = (report.basedOn ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
  const orders = orderIds.length ? ((await ctx.store.search(request, 'ServiceRequest', [['_id', orderIds.join(',')]])).resources as ServiceRequest[]) : [];
  const ordering = await orderingUnitNamed(ctx, request, undefined, orders);
  const first = orders[0];
  const facts = patient ? patientFacts(patient) : { id: '', name: '混检' };
  const collectedAt = specimen ? collectedAtOf(specimen, report.effectiveDateTime ?? '') : report.effectiveDateTime;
  const released = isReleasedReport(report.status);
  const interpreter = report.resultsInterpreter?.[0];
  const reviewerId = interpreter?.reference?.startsWith('Practitioner/') ? idOf(interpreter) : undefined;
  const performers = [...new Set(observations.flatMap((o) => (o.performer ?? []).map((p) => p.display ?? '')).filter(Boolean))];
  const performerIds = [...new Set(observations.flatMap((o) => (o.performer ?? []).map((p) => idOf(p))).filter((id): id is string => !!id))];
  if (!performers.length) for (const id of performerIds) performers.push(nameOf(await read<Practitioner>('Practitioner', id)));
  const verifyCode = released ? extensionOf(report, EXT.verifyCode)?.valueString : undefined;
  const digest = verifyCode ? (await ctx.db.query<{ digest: string }>('select digest from lis_report_verification where code = $1', [verifyCode])).rows[0]?.digest : undefined;
  const images: ReportPrintData['images'] = [];
  for (const m of report.media ?? []) {
    const media = await read<Media>('Media', idOf(m.link));
    const url = media?.content?.url;
    const bytes = url ? await ctx.blobs.get(url).catch(() => undefined) : undefined;
    // Only what a PDF can embed; a picture kept as the analyzer sent it (not convertible) is not printed.
    const type = media?.content?.contentType;
    if (bytes && (type === 'image/png' || type === 'image/jpeg')) images.push({ name: m.comment ?? media?.content?.title ?? '', dataUri: `data:${type};base64,${bytes.toString('base64')}` });
  }
  const mrn = patient?.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
  const inpatientNo = patient?.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'VN') || i.type?.text?.includes('住院'))?.value;
  return {
    reportId: report.id,
    reportNo: reportNoOf(report, institution),
    institutionName: organization?.name ?? institution,
    sectionName: SECTION_NAMES[sectionOf(report)] ?? sectionOf(report),
    panelNames: report.code?.text ? report.code.text.split('、') : [],
    patient: {
      name: facts.name,
      sex: sexText(facts.sex),
      age: collectedAt ? ageText(facts, collectedAt) : '',
      ...(mrn ? { mrn } : {}),
      ...(inpatientNo ? { inpatientNo } : {}),
      ...(textOf(first?.extension?.find((e) => e.url === EXT.patientType)) ? { patientType: textOf(first?.extension?.find((e) => e.url === EXT.patientType)) } : {}),
      ...(textOf(first?.extension?.find((e) => e.url === EXT.ward)) ? { ward: textOf(first?.extension?.find((e) => e.url === EXT.ward)) } : {}),
      ...(textOf(first?.extension?.find((e) => e.url === EXT.bed)) ? { bed: textOf(first?.extension?.find((e) => e.url === EXT.bed)) } : {}),
    },
    specimen: {
      barcode: specimen ? (identifierValue(specimen.identifier, sid.barcode(institution)) ?? '') : '',
      ...(specimen?.accessionIdentifier?.value ? { sampleNo: specimen.accessionIdentifier.value } : {}),
      ...(specimen?.type?.text ?? specimen?.type?.coding?.[0]?.display ? { type: specimen?.type?.text ?? specimen?.type?.coding?.[0]?.display } : {}),
      ...(collectedAt ? { collectedAt } : {}),
      ...(specimen?.receivedTime ? { receivedAt: specimen.receivedTime } : {}),
    },
    ...(ordering.departmentName ? { department: ordering.departmentName } : {}),
    ...(ordering.doctorName ? { doctor: ordering.doctorName } : {}),
    rows: observations.filter((o) => o.status !== 'cancelled').map((o) => rowOf(o, institution, tests)),
    images,
    ...(performers.length ? { performer: performers.join('、') } : {}),
    ...(released && interpreter?.display ? { reviewer: interpreter.display } : {}),
    ...(released && reviewerId ? await signatureOf(ctx, institution, reviewerId) : {}),
    ...(released && report.issued ? { reviewedAt: report.issued } : {}),
    status: report.status,
    ...(verifyCode ? { verifyCode, qrText: `${ctx.config.baseUrl}/api/lis/reports/verify/${verifyCode}/page${digest ? `?d=${digest.slice(0, QR_DIGEST_LENGTH)}` : ''}` } : {}),
    reprint: args.printedBefore,
    draft: !released,
  };
}

async function signatureOf(ctx: ModuleContext, institution: string, practitionerId: string): Promise<{ signature?: string }> {
  const signature = await signatureDataUri(ctx, ctx.db, institution, practitionerId);
  return signature ? { signature } : {};
}
