import type { DiagnosticReport, Observation, Organization, Patient, Practitioner, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import { MEDUNION, CS, EXT, sid } from '../../urls.ts';
import { DEPARTMENT_EXT } from '../../results/codes.ts';
import { identifierValue, idOf, testCodeOf, valueText } from '../../results/fhir.ts';
import { flagOf } from '../../results/interpretation.ts';
import { panelCodesOf, reportNoOf } from '../../results/report.ts';
import { patientFacts, specimenTypeOf } from '../../results/subject.ts';
import type { LoadedReport } from '../../results/review/load.ts';
import { PushError } from './client.ts';

/** The recognition platform's identifier systems this connector fills (packages/recognition/src/urls.ts). */
const ORG_CODE = `${MEDUNION}/NamingSystem/organization-code`;
const staffSystem = (institution: string) => `${MEDUNION}/sid/staff/${institution}`;
const RESIDENT_ID_CARD = 'urn:oid:2.16.156.10011.1.3';
const CODE = /^[A-Za-z0-9._\-/]+$/;

/** A result as `uploadLabReport` takes it. */
export interface ResultUpload {
  itemCode: string;
  itemName: string;
  value: string;
  unit?: string;
  referenceLow?: number;
  referenceHigh?: number;
  referenceText?: string;
  flag?: 'N' | 'H' | 'L' | 'HH' | 'LL' | 'A';
  instrument?: string;
}

export interface LabReportUpload {
  reportNo: string;
  patientMrn: string;
  itemCode: string;
  itemName: string;
  specimenType: string;
  specimenNo?: string;
  collectedAt: string;
  receivedAt?: string;
  reportedAt: string;
  deptCode?: string;
  reviewerCode?: string;
  instrument?: string;
  results: ResultUpload[];
}

/** What the directory uploads need when the platform does not know the patient, department or reviewer yet. */
export interface Directory {
  patient: { mrn: string; name: string; gender: string; birthDate: string; idCard?: string; phone?: string };
  department?: { code: string; name: string };
  reviewer?: { code: string; name: string };
}

export interface PushMaterial {
  /** One upload per panel mapped on the platform (a report grouping several panels is several 互认 reports). */
  uploads: LabReportUpload[];
  directory: Directory;
}

const FLAGS = new Set(['N', 'H', 'L', 'HH', 'LL', 'A']);
const flagFor = (o: Observation): ResultUpload['flag'] => {
  const f = flagOf(o.interpretation);
  if (f === 'AA') return 'A';
  return f && FLAGS.has(f) ? (f as ResultUpload['flag']) : undefined;
};

function resultOf(o: Observation, institution: string): ResultUpload | undefined {
  const code = testCodeOf(o, institution);
  const value = valueText(o);
  if (!code || !value || o.dataAbsentReason) return undefined;
  const range = o.referenceRange?.[0];
  const flag = flagFor(o);
  return {
    itemCode: code,
    itemName: o.code?.text ?? code,
    value,
    ...(o.valueQuantity?.unit ? { unit: o.valueQuantity.unit } : {}),
    ...(range?.low?.value !== undefined ? { referenceLow: range.low.value } : {}),
    ...(range?.high?.value !== undefined ? { referenceHigh: range.high.value } : {}),
    ...(range?.text ? { referenceText: range.text } : {}),
    ...(flag ? { flag } : {}),
    ...(o.device?.display ? { instrument: o.device.display } : {}),
  };
}

/** Seconds precision with the offset, as the upload interface asks (`2026-12-07T08:30:00Z`). */
const instant = (iso: string): string => new Date(iso).toISOString().replace(/\.\d+Z$/, 'Z');

/**
 * The uploads of a released report: per panel its results (the LIS test and panel codes are the institution's
 * local codes, which the platform translates through the institution's dictionary mapping — 字典映射 — into the
 * regional catalogue), the patient by 病历号, the ordering department and the reviewer by code. Read as the module.
 */
export async function pushMaterial(ctx: ModuleContext, institution: string, loaded: LoadedReport): Promise<PushMaterial> {
  const system = ctx.systemContext;
  const { report, observations } = loaded;
  const read = <T>(type: string, id: string | undefined) => (id ? (ctx.store.read(system, type, id).catch(() => undefined) as Promise<T | undefined>) : Promise.resolve(undefined));
  const patient = await read<Patient & { id: string }>('Patient', idOf(report.subject));
  const specimen = await read<Specimen>('Specimen', loaded.specimenId);
  const organization = await read<Organization>('Organization', institution);
  if (!patient) throw new PushError('混检等无单一患者的报告不推送互认 / Reports without a single patient (pools) are not pushed');
  const mrnSystem = mrnSystemOf(ctx, institution);
  const mrn = patient.identifier?.find((i) => i.system === mrnSystem)?.value ?? patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'))?.value;
  if (!mrn) throw new PushError(`患者在本机构没有病历号，无法推送 / The patient has no MRN at this institution`);
  const facts = patientFacts(patient);
  if (!patient.birthDate) throw new PushError('患者缺少出生日期，互认平台要求 / The patient has no birth date, which the platform requires');
  const specimenType = specimen ? specimenTypeOf(specimen) : undefined;
  if (!specimenType) throw new PushError('标本类型不在区域标本类型字典中 / The specimen has no regional specimen-type code');

  const orderIds = (report.basedOn ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
  const orders = orderIds.length ? ((await ctx.store.search(system, 'ServiceRequest', [['_id', orderIds.join(',')]])).resources as ServiceRequest[]) : [];
  const department = await departmentOf(ctx, orders, organization);
  const reviewer = await reviewerOf(ctx, institution, report);

  const panelOf = new Map<string, string>();
  const panelNames = new Map<string, string>();
  for (const o of orders) {
    const coding = o.code?.coding?.find((c) => c.system === CS.panels(institution));
    if (coding?.code) panelNames.set(coding.code, coding.display ?? o.code?.text ?? coding.code);
  }
  const panels = panelCodesOf(report);
  const catalogue = await loadCatalogue(ctx, institution);
  for (const p of panels) for (const t of catalogue.panels.get(p)?.tests ?? []) if (!panelOf.has(t)) panelOf.set(t, p);
  const reportNo = reportNoOf(report, institution);
  const uploads: LabReportUpload[] = panels.map((panel) => ({
    reportNo: panels.length === 1 ? reportNo : `${reportNo}.${panel}`,
    patientMrn: mrn,
    itemCode: panel,
    itemName: panelNames.get(panel) ?? catalogue.panels.get(panel)?.name ?? panel,
    specimenType,
    ...(specimen && identifierValue(specimen.identifier, sid.barcode(institution)) ? { specimenNo: identifierValue(specimen.identifier, sid.barcode(institution)) } : {}),
    collectedAt: instant(report.effectiveDateTime ?? report.issued!),
    ...(specimen?.receivedTime ? { receivedAt: instant(specimen.receivedTime) } : {}),
    reportedAt: instant(report.issued!),
    ...(department ? { deptCode: department.code } : {}),
    ...(reviewer ? { reviewerCode: reviewer.code } : {}),
    results: observations.filter((o) => (panelOf.get(testCodeOf(o, institution) ?? '') ?? panels[0]) === panel).map((o) => resultOf(o, institution)).filter((r): r is ResultUpload => !!r),
  }));
  const idCard = patient.identifier?.find((i) => i.system === RESIDENT_ID_CARD)?.value;
  const phone = patient.telecom?.find((t) => t.system === 'phone')?.value;
  return {
    uploads: uploads.filter((u) => u.results.length),
    directory: {
      patient: { mrn, name: facts.name, gender: facts.sex === 'male' ? '1' : facts.sex === 'female' ? '2' : '0', birthDate: patient.birthDate, ...(idCard && /^[0-9]{17}[0-9X]$/.test(idCard) ? { idCard } : {}), ...(phone ? { phone } : {}) },
      ...(department ? { department } : {}),
      ...(reviewer ? { reviewer } : {}),
    },
  };
}

/** The institution's 病历号 system (terminology's identifier registry; the platform finds patients by it). */
function mrnSystemOf(ctx: ModuleContext, institution: string): string | undefined {
  try {
    return ctx.service<{ institutionSystems(id: string): { mrn: string } }>('terminology').institutionSystems(institution).mrn;
  } catch {
    return undefined;
  }
}

/** The ordering department's code in the institution's department code system (`…/organization-code/<机构代码>`). */
async function departmentOf(ctx: ModuleContext, orders: ServiceRequest[], institution: Organization | undefined): Promise<{ code: string; name: string } | undefined> {
  const orgCode = institution?.identifier?.find((i) => i.system === ORG_CODE)?.value;
  const ref = orders.map((o) => o.extension?.find((e) => e.url === DEPARTMENT_EXT)?.valueReference).find((r) => r?.reference);
  if (!orgCode || !ref) return undefined;
  const dept = (await ctx.store.read(ctx.systemContext, 'Organization', idOf(ref) ?? '-').catch(() => undefined)) as Organization | undefined;
  const code = dept?.identifier?.find((i) => i.system === `${ORG_CODE}/${orgCode}`)?.value;
  return code && CODE.test(code) ? { code, name: dept?.name ?? code } : undefined;
}

/** The reviewer's staff code (工号) in the platform's staff system, else the Practitioner id; none for auto-verification. */
async function reviewerOf(ctx: ModuleContext, institution: string, report: DiagnosticReport): Promise<{ code: string; name: string } | undefined> {
  const ref = report.resultsInterpreter?.[0];
  if (!ref?.reference?.startsWith('Practitioner/')) return undefined;
  const practitioner = (await ctx.store.read(ctx.systemContext, 'Practitioner', idOf(ref) ?? '-').catch(() => undefined)) as Practitioner | undefined;
  const code = practitioner?.identifier?.find((i) => i.system === staffSystem(institution))?.value ?? practitioner?.id;
  const name = practitioner?.name?.[0]?.text ?? ref.display ?? code;
  return code && CODE.test(code) ? { code, name: name ?? code } : undefined;
}

export const recallReasonOf = (report: DiagnosticReport): string => report.extension?.find((e) => e.url === EXT.recallReason)?.valueString ?? '报告召回 / report recalled';
