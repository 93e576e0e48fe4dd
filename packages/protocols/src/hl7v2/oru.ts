import { hl7DateValue } from './date.ts';
import { createMessage, type Hl7HeaderInput } from './header.ts';
import type { Hl7Message } from './message.ts';
import { addObservation, readObservation, type Hl7Observation, type Hl7ObservationInput } from './observation.ts';
import type { Hl7Coded } from './obx-values.ts';
import { addPid, readPid, type Hl7Patient, type Hl7PatientInput } from './patient.ts';
import type { Hl7Segment } from './segment.ts';

/** One OBR with its OBX results. */
export interface Hl7ResultGroupInput {
  /** OBR-2, commonly the specimen barcode. */ placerOrderNumber?: string;
  /** OBR-3, e.g. the instrument's sample number. */ fillerOrderNumber?: string;
  /** OBR-4 universal service ID (the panel), e.g. `{ code: 'CBC' }`. */ service?: Hl7Coded;
  /** OBR-7 observation (collection) date/time. */ observedAt?: Date | string;
  /** OBR-15 specimen source (v2.3.1–2.4), e.g. `BLD`. */ specimenSource?: string;
  /** OBR-25 result status: F final (default), P preliminary, C correction. */ resultStatus?: string;
  observations: Hl7ObservationInput[];
}

export interface Hl7OruInput {
  header?: Hl7HeaderInput;
  patient?: Hl7PatientInput;
  orders: Hl7ResultGroupInput[];
}

/** ORU^R01, unsolicited observation results: MSH, [PID], then OBR + OBX… per order. */
export function buildOruR01(input: Hl7OruInput): Hl7Message {
  const message = createMessage(['ORU', 'R01', 'ORU_R01'], input.header);
  if (input.patient) addPid(message, input.patient);
  input.orders.forEach((order, i) => {
    message.addSegment('OBR', [
      String(i + 1),
      order.placerOrderNumber,
      order.fillerOrderNumber,
      order.service ? [order.service.code, order.service.text ?? '', order.service.codingSystem ?? ''] : undefined,
      undefined,
      undefined,
      hl7DateValue(order.observedAt),
    ]).setField(15, order.specimenSource).setField(25, order.resultStatus ?? 'F');
    order.observations.forEach((observation, j) => addObservation(message, j + 1, observation));
  });
  return message;
}

/** An OBR as read, with its observations (each with the NTE notes that follow it). */
export interface Hl7ResultGroup {
  obr: Hl7Segment;
  placerOrderNumber: string;
  fillerOrderNumber: string;
  /** The specimen this group is about: OBR-2, else OBR-3, else SPM-2. */
  specimenId: string;
  service: Hl7Coded;
  observedAt: string;
  resultStatus: string;
  observations: (Hl7Observation & { notes: string[] })[];
  /** NTE segments placed before the first OBX. */
  notes: string[];
}

const RESULT_GROUP_MEMBERS = ['OBX', 'NTE', 'TQ1', 'TQ2', 'CTD', 'FT1', 'CTI', 'SPM'];

/** The results of an ORU^R01 (or any message with OBR/OBX groups). */
export function readOruResults(message: Hl7Message): { patient: Hl7Patient | undefined; orders: Hl7ResultGroup[] } {
  const orders = message.groups('OBR', RESULT_GROUP_MEMBERS).map(({ parent: obr, members }): Hl7ResultGroup => {
    const group: Hl7ResultGroup = {
      obr,
      placerOrderNumber: obr.get(2),
      fillerOrderNumber: obr.get(3),
      specimenId: obr.get(2) || obr.get(3) || (members.find((s) => s.name === 'SPM')?.get(2) ?? ''),
      service: { code: obr.get(4, 1, 1), text: obr.get(4, 1, 2), codingSystem: obr.get(4, 1, 3) },
      observedAt: obr.get(7),
      resultStatus: obr.get(25),
      observations: [],
      notes: [],
    };
    for (const segment of members) {
      if (segment.name === 'OBX') group.observations.push({ ...readObservation(segment), notes: [] });
      else if (segment.name === 'NTE') (group.observations.at(-1)?.notes ?? group.notes).push(segment.get(3));
      else if (segment.name === 'SPM') break; // OBX after SPM describe the specimen, not results
    }
    return group;
  });
  return { patient: readPid(message), orders };
}
