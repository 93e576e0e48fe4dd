import type { Extension, ServiceRequest } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION } from '@medunion/kernel';
import { panelUrl } from '../catalogue/panel-fhir.ts';
import type { LabOrderLine, LabPatientType } from '../contracts/specimens.ts';
import type { PanelDefinition } from '../ports.ts';
import { CS, EXT, sid } from '../urls.ts';
import { PATIENT_TYPE_SYSTEM, PATIENT_TYPES, SPECIMEN_EXT } from '../specimens/codes.ts';

const SNOMED = 'http://snomed.info/sct';
const ICD10 = 'urn:oid:2.16.156.10011.2.3.3.11';

/** What every line of one requisition shares. */
export interface RequisitionFacts {
  institution: string;
  requisition: string;
  patient: { id: string; name?: string };
  patientType?: LabPatientType;
  department?: { id: string; name?: string };
  ward?: string;
  bed?: string;
  requester?: ServiceRequest['requester'];
  priority: 'routine' | 'stat';
  diagnosis?: string;
  diagnosisCode?: string;
  note?: string;
  authoredOn: string;
}

/** The extensions an order line (and the specimens it leads to) carry: patient type, ward, bed, department. */
export function contextExtensions(f: Pick<RequisitionFacts, 'patientType' | 'ward' | 'bed' | 'department'>): Extension[] {
  return [
    ...(f.patientType ? [{ url: EXT.patientType, valueCoding: { system: PATIENT_TYPE_SYSTEM, code: f.patientType, display: PATIENT_TYPES[f.patientType].zh } }] : []),
    ...(f.ward ? [{ url: EXT.ward, valueString: f.ward }] : []),
    ...(f.bed ? [{ url: EXT.bed, valueString: f.bed }] : []),
    ...(f.department ? [{ url: SPECIMEN_EXT.department, valueReference: { reference: `Organization/${f.department.id}`, ...(f.department.name ? { display: f.department.name } : {}) } }] : []),
  ];
}

/** The business identifier of an order line: `<requisition>/<panel>`. */
export const orderLineKey = (requisition: string, panel: string): string => `${requisition}/${panel}`;

/** One order line (ServiceRequest) of a requisition: the panel ordered for the patient (LIS README, "Orders"). */
export function orderToFhir(f: RequisitionFacts, panel: PanelDefinition): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${f.institution}` } }] },
    extension: contextExtensions(f),
    identifier: [{ system: sid.orderLine(f.institution), value: orderLineKey(f.requisition, panel.code) }],
    requisition: { system: sid.requisition(f.institution), value: f.requisition },
    instantiatesCanonical: [panelUrl(f.institution, panel.code)],
    status: 'active',
    intent: 'order',
    priority: f.priority,
    category: [{ coding: [{ system: SNOMED, code: '108252007', display: 'Laboratory procedure' }] }],
    code: { coding: [{ system: CS.panels(f.institution), code: panel.code, display: panel.name }], text: panel.name },
    subject: { reference: `Patient/${f.patient.id}`, ...(f.patient.name ? { display: f.patient.name } : {}) },
    authoredOn: f.authoredOn,
    ...(f.requester ? { requester: f.requester } : {}),
    ...(f.diagnosis || f.diagnosisCode
      ? { reasonCode: [{ ...(f.diagnosisCode ? { coding: [{ system: ICD10, code: f.diagnosisCode }] } : {}), ...(f.diagnosis ? { text: f.diagnosis } : {}) }] }
      : {}),
    ...(f.note ? { note: [{ text: f.note }] } : {}),
  };
}

/** An order line as the API shows it. */
export function orderLineOf(order: ServiceRequest & { id: string }, institution: string): LabOrderLine {
  const coding = order.code?.coding?.find((c) => c.system === CS.panels(institution));
  return {
    id: order.id,
    panel: coding?.code ?? '',
    panelName: coding?.display ?? order.code?.text ?? '',
    status: order.status ?? '',
    priority: order.priority === 'stat' || order.priority === 'asap' || order.priority === 'urgent' ? 'stat' : 'routine',
  };
}

export const requisitionOf = (order: ServiceRequest, institution: string): string | undefined => (order.requisition?.system === sid.requisition(institution) ? order.requisition.value : undefined);
