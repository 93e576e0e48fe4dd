import type { Extension, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import { INSTITUTION_EXTENSION } from '@medunion/kernel';
import { SPECIMEN_TYPE_NAMES } from '../catalogue/tube-fhir.ts';
import type { CatalogueTube } from '../contracts/catalogue.ts';
import { CS, EXT, sid } from '../urls.ts';
import { SPECIMEN_EXT } from './codes.ts';
import { withStatus } from './status.ts';

/** Extensions an order line hands on to its specimen (patient type, ward, bed, department). */
const INHERITED = [EXT.patientType, EXT.ward, EXT.bed, SPECIMEN_EXT.department];

export const isStat = (orders: ServiceRequest[]): boolean => orders.some((o) => o.priority === 'stat' || o.priority === 'asap' || o.priority === 'urgent');

/**
 * A new tube (one Specimen) for the orders of one patient that share a tube type: barcode as its official
 * identifier and container identifier, the specimen type of the tube, the orders it serves, status `registered`,
 * and what the orders say about where the patient is.
 */
export function specimenToFhir(input: { id: string; institution: string; barcode: string; tube: CatalogueTube; orders: (ServiceRequest & { id: string })[] }): Specimen & { id: string } {
  const { institution, barcode, tube, orders } = input;
  const first = orders[0];
  const inherited: Extension[] = INHERITED.map((url) => first.extension?.find((e) => e.url === url)).filter((e): e is Extension => !!e);
  const type = { coding: [{ system: CS.specimenType, code: tube.specimenType, ...(SPECIMEN_TYPE_NAMES[tube.specimenType] ? { display: SPECIMEN_TYPE_NAMES[tube.specimenType] } : {}) }], ...(SPECIMEN_TYPE_NAMES[tube.specimenType] ? { text: SPECIMEN_TYPE_NAMES[tube.specimenType] } : {}) };
  const specimen: Specimen & { id: string } = {
    resourceType: 'Specimen',
    id: input.id,
    meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${institution}` } }] },
    extension: [{ url: SPECIMEN_EXT.tube, valueString: tube.code }, { url: SPECIMEN_EXT.priority, valueCode: isStat(orders) ? 'stat' : 'routine' }, ...inherited],
    identifier: [{ use: 'official', system: sid.barcode(institution), value: barcode }],
    type,
    ...(first.subject ? { subject: first.subject } : {}),
    request: orders.map((o) => ({ reference: `ServiceRequest/${o.id}`, ...(o.code?.text ? { display: o.code.text } : {}) })),
    container: [
      {
        identifier: [{ system: sid.barcode(institution), value: barcode }],
        description: tube.name,
        type: { coding: [{ system: CS.tube, code: tube.capColour, display: tube.capColourName }], text: tube.name },
        ...(tube.additive ? { additiveCodeableConcept: { text: tube.additive } } : {}),
      },
    ],
  };
  return withStatus(specimen, 'registered') as Specimen & { id: string };
}

export const barcodeOf = (s: Specimen, institution: string): string => s.identifier?.find((i) => i.system === sid.barcode(institution))?.value ?? '';
export const tubeCodeOf = (s: Specimen): string | undefined => s.extension?.find((e) => e.url === SPECIMEN_EXT.tube)?.valueString;
export const priorityOf = (s: Specimen): 'routine' | 'stat' => (s.extension?.find((e) => e.url === SPECIMEN_EXT.priority)?.valueCode === 'stat' ? 'stat' : 'routine');
export const departmentOf = (r: { extension?: Extension[] }): string | undefined => r.extension?.find((e) => e.url === SPECIMEN_EXT.department)?.valueReference?.reference?.replace(/^Organization\//, '');
export const patientIdOf = (s: Specimen): string | undefined => (s.subject?.reference?.startsWith('Patient/') ? s.subject.reference.slice('Patient/'.length) : undefined);
