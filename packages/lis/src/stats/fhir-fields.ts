import type { DiagnosticReport, Extension, Observation, Reference, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { SPECIMEN_EXT } from '../specimens/codes.ts';
import { CS, EXT, sid } from '../urls.ts';

/** The id of a literal reference of a type (`Patient/12` → `12`). */
export function idOf(ref: Reference | undefined, type: string): string | null {
  const m = ref?.reference ? new RegExp(`^${type}/([^/]+)$`).exec(ref.reference) : null;
  return m ? m[1] : null;
}

const codeOf = (e: Extension | undefined): string | null => e?.valueCode ?? e?.valueCoding?.code ?? e?.valueString ?? e?.valueCodeableConcept?.coding?.[0]?.code ?? null;
const ext = (resource: { extension?: Extension[] }, url: string): Extension | undefined => resource.extension?.find((e) => e.url === url);

export const versionOf = (r: { meta?: { versionId?: string } }): number => Number(r.meta?.versionId ?? 0);
export const lastUpdatedOf = (r: { meta?: { lastUpdated?: string } }): string => r.meta?.lastUpdated ?? new Date().toISOString();

export interface OrderFields {
  requisition: string | null;
  panelCode: string | null;
  panelName: string | null;
  patientId: string | null;
  requester: string | null;
  requesterName: string | null;
  department: string | null;
  departmentName: string | null;
  patientType: string | null;
  priority: string | null;
  status: string;
  authoredAt: string;
}

/**
 * An order line: its panel, patient, requesting doctor and ordering department — the department extension the orders
 * area writes (a reference to the department's Organization), else the ward the order names.
 */
export function orderFields(sr: ServiceRequest, institution: string): OrderFields {
  const panel = sr.code?.coding?.find((c) => c.system === CS.panels(institution));
  const ward = ext(sr, SPECIMEN_EXT.department) ?? ext(sr, EXT.ward);
  return {
    requisition: sr.requisition?.value ?? null,
    panelCode: panel?.code ?? null,
    panelName: panel?.display ?? sr.code?.text ?? null,
    patientId: idOf(sr.subject, 'Patient'),
    requester: sr.requester?.reference ?? null,
    requesterName: sr.requester?.display ?? null,
    department: ward?.valueReference?.reference ?? ward?.valueCoding?.code ?? ward?.valueCodeableConcept?.coding?.[0]?.code ?? ward?.valueString ?? null,
    departmentName: ward?.valueReference?.display ?? ward?.valueCoding?.display ?? ward?.valueCodeableConcept?.text ?? ward?.valueString ?? null,
    patientType: codeOf(ext(sr, EXT.patientType)),
    priority: sr.priority ?? null,
    status: sr.status ?? 'unknown',
    authoredAt: sr.authoredOn ?? lastUpdatedOf(sr),
  };
}

export interface SpecimenFields {
  barcode: string | null;
  sampleNo: string | null;
  patientId: string | null;
  requestIds: string[];
  status: string | null;
  collectedAt: string | null;
  receivedAt: string | null;
}

/** A tube: barcode, sample number, the orders it serves, its LIS status (EXT.specimenStatus) and the collection and receipt times. */
export function specimenFields(s: Specimen, institution: string): SpecimenFields {
  const barcode = s.identifier?.find((i) => i.system === sid.barcode(institution))?.value ?? s.identifier?.[0]?.value ?? null;
  const lisStatus = codeOf(ext(s, EXT.specimenStatus));
  return {
    barcode,
    sampleNo: s.accessionIdentifier?.value ?? null,
    patientId: idOf(s.subject, 'Patient'),
    requestIds: (s.request ?? []).map((r) => idOf(r, 'ServiceRequest')).filter((id): id is string => !!id),
    status: lisStatus ?? (s.status === 'unsatisfactory' ? 'rejected' : null),
    collectedAt: s.collection?.collectedDateTime ?? s.collection?.collectedPeriod?.start ?? null,
    receivedAt: s.receivedTime ?? null,
  };
}

export interface ResultFields {
  testCode: string | null;
  specimenId: string | null;
  requestId: string | null;
  deviceId: string | null;
  patientId: string | null;
  calculated: boolean;
  valueNum: number | null;
  valueText: string | null;
  unit: string | null;
  flag: string | null;
  status: string;
  collectedAt: string | null;
  resultedAt: string;
}

const RELEASED = new Set(['final', 'amended', 'corrected', 'appended']);
export const isReleased = (status: string | undefined): boolean => !!status && RELEASED.has(status);

/**
 * A result: test (the laboratory's code system), specimen, order, analyzer, value and flag. `effectiveDateTime` is
 * the collection time and `issued` when the result was produced (results area), so workload counts by `issued`.
 * A calculated test (it has `derivedFrom`) is not a measurement: kept, but not counted as bench work.
 */
export function resultFields(o: Observation, institution: string): ResultFields {
  const flag = o.interpretation?.[0]?.coding?.[0]?.code ?? null;
  return {
    testCode: o.code?.coding?.find((c) => c.system === CS.tests(institution))?.code ?? null,
    specimenId: idOf(o.specimen, 'Specimen'),
    requestId: (o.basedOn ?? []).map((r) => idOf(r, 'ServiceRequest')).find((id) => !!id) ?? null,
    deviceId: idOf(o.device, 'Device'),
    patientId: idOf(o.subject, 'Patient'),
    calculated: !!o.derivedFrom?.length,
    valueNum: typeof o.valueQuantity?.value === 'number' ? o.valueQuantity.value : null,
    valueText: o.valueString ?? o.valueCodeableConcept?.text ?? o.valueCodeableConcept?.coding?.[0]?.display ?? null,
    unit: o.valueQuantity?.unit ?? null,
    flag,
    status: o.status,
    collectedAt: o.effectiveDateTime ?? null,
    resultedAt: o.issued ?? lastUpdatedOf(o),
  };
}

export function reportSpecimens(d: DiagnosticReport): string[] {
  return (d.specimen ?? []).map((r) => idOf(r, 'Specimen')).filter((id): id is string => !!id);
}
