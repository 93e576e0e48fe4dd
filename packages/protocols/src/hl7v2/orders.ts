import { hl7DateValue } from './date.ts';
import { createMessage, versionAtLeast, type Hl7HeaderInput } from './header.ts';
import type { Hl7Message } from './message.ts';
import type { Hl7Coded } from './obx-values.ts';
import { addPid, readPid, type Hl7Patient, type Hl7PatientInput } from './patient.ts';

/** One specimen's tests, as the LIS orders them. Each test becomes an ORC + OBR pair. */
export interface Hl7OrderInput {
  /** ORC-2 / OBR-2 placer order number: the specimen barcode. */ placerOrderNumber: string;
  /** ORC-3 / OBR-3 */ fillerOrderNumber?: string;
  tests: Hl7Coded[];
  /** S stat, A ASAP, R routine (ORC-7.6 and OBR-5; TQ1-9 is not written). */ priority?: string;
  /** ORC-1 order control: NW new (default), CA cancel, XO change, … */ control?: string;
  /** OBR-7 */ collectedAt?: Date | string;
  /** Specimen type, e.g. `SER`, `BLD`, `URN`: OBR-15 before v2.5, SPM-4 in OML^O21 from v2.5. */ specimenType?: string;
  /** ORC-12 / OBR-16 */ orderingProvider?: string;
}

export interface Hl7OrderMessageInput {
  header?: Hl7HeaderInput;
  patient?: Hl7PatientInput;
  orders: Hl7OrderInput[];
}

function addOrders(message: Hl7Message, orders: Hl7OrderInput[], withSpecimen: boolean): void {
  let obrSetId = 0;
  for (const order of orders) {
    for (const test of order.tests) {
      obrSetId++;
      message.addSegment('ORC', [order.control ?? 'NW', order.placerOrderNumber, order.fillerOrderNumber])
        .setField(7, order.priority ? ['', '', '', '', '', order.priority] : undefined)
        .setField(12, order.orderingProvider);
      const obr = message.addSegment('OBR', [
        String(obrSetId),
        order.placerOrderNumber,
        order.fillerOrderNumber,
        [test.code, test.text ?? '', test.codingSystem ?? ''],
        order.priority,
        undefined,
        hl7DateValue(order.collectedAt),
      ]);
      if (!withSpecimen) obr.setField(15, order.specimenType);
      obr.setField(16, order.orderingProvider);
      if (withSpecimen) message.addSegment('SPM', ['1', [order.placerOrderNumber], undefined, order.specimenType]);
    }
  }
}

/** ORM^O01 general order: MSH, [PID], then ORC + OBR per test. */
export function buildOrmO01(input: Hl7OrderMessageInput): Hl7Message {
  const message = createMessage(['ORM', 'O01', 'ORM_O01'], input.header);
  if (input.patient) addPid(message, input.patient);
  addOrders(message, input.orders, false);
  return message;
}

/** OML^O21 laboratory order: like ORM^O01, with an SPM after each OBR from v2.5 (default version 2.5.1). */
export function buildOmlO21(input: Hl7OrderMessageInput): Hl7Message {
  const header = { ...input.header, version: input.header?.version ?? '2.5.1' };
  const message = createMessage(['OML', 'O21', 'OML_O21'], header);
  if (input.patient) addPid(message, input.patient);
  addOrders(message, input.orders, versionAtLeast(header.version, '2.5'));
  return message;
}

/** One requested test, as read from ORM^O01 / OML^O21 (or any ORC/OBR message). */
export interface Hl7OrderRequest {
  control: string;
  placerOrderNumber: string;
  fillerOrderNumber: string;
  /** OBR-2 / ORC-2, else the SPM-2 that follows the OBR. */
  specimenId: string;
  test: Hl7Coded;
  priority: string;
  collectedAt: string;
  specimenType: string;
}

export function readOrders(message: Hl7Message): { patient: Hl7Patient | undefined; requests: Hl7OrderRequest[] } {
  const requests: Hl7OrderRequest[] = [];
  let orc = { control: '', placer: '', filler: '', priority: '' };
  let last: Hl7OrderRequest | undefined;
  for (const segment of message.segments) {
    if (segment.name === 'ORC') {
      orc = { control: segment.get(1), placer: segment.get(2), filler: segment.get(3), priority: segment.get(7, 1, 6) };
      last = undefined;
    } else if (segment.name === 'OBR') {
      const placer = segment.get(2) || orc.placer;
      last = {
        control: orc.control,
        placerOrderNumber: placer,
        fillerOrderNumber: segment.get(3) || orc.filler,
        specimenId: placer,
        test: { code: segment.get(4, 1, 1), text: segment.get(4, 1, 2), codingSystem: segment.get(4, 1, 3) },
        priority: segment.get(5) || orc.priority || segment.get(27, 1, 6),
        collectedAt: segment.get(7),
        specimenType: segment.get(15, 1, 1),
      };
      requests.push(last);
    } else if (segment.name === 'SPM' && last) {
      last.specimenId ||= segment.get(2, 1, 1);
      last.specimenType ||= segment.get(4, 1, 1);
    }
  }
  return { patient: readPid(message), requests };
}
