import { astmDateValue } from './date.ts';
import { AstmRecord } from './record.ts';
import { readTestId, testIdComponents, type AstmTestId } from './records-test-id.ts';

/** O-6 priority: S stat, A as soon as possible, R routine, C callback, P preoperative. */
export type AstmPriority = 'S' | 'A' | 'R' | 'C' | 'P' | (string & {});
/** O-12 action code: C cancel, A add to existing, N new, P pending, L reserved, X in process, Q QC. */
export type AstmActionCode = 'C' | 'A' | 'N' | 'P' | 'L' | 'X' | 'Q' | (string & {});
/**
 * O-26 report type: O order, C correction, P preliminary, F final, X cannot be done, I pending in
 * instrument, Y no order on record, Z no record of patient, Q response to query.
 */
export type AstmReportType = 'O' | 'C' | 'P' | 'F' | 'X' | 'I' | 'Y' | 'Z' | 'Q' | (string & {});

/** O record: one test request for a specimen. */
export interface AstmOrder {
  /** O-2 */ sequence: number;
  /** O-3 specimen ID as the host knows it (the barcode). */ specimenId: string;
  /** O-3 all components (some analyzers add rack^position). */ specimenIdComponents: string[];
  /** O-4 instrument specimen ID. */ instrumentSpecimenId: string;
  /** O-4 all components (sample no.^rack^position on many analyzers). */ instrumentSpecimenIdComponents: string[];
  /** O-5, one entry per repeat. */ tests: AstmTestId[];
  /** O-6 */ priority: AstmPriority;
  /** O-7 requested/ordered date and time. */ requestedAt: string;
  /** O-8 specimen collection date and time. */ collectedAt: string;
  /** O-12 */ actionCode: AstmActionCode;
  /** O-16 specimen descriptor (type^source). */ specimenDescriptor: string[];
  /** O-17 ordering physician. */ orderingPhysician: string;
  /** O-26 */ reportType: AstmReportType;
}

export interface AstmOrderInput {
  sequence?: number;
  specimenId: string | string[];
  instrumentSpecimenId?: string | string[];
  /** Test codes (`GLU` → `^^^GLU`) or full component lists. */
  tests: (string | string[])[];
  priority?: AstmPriority;
  requestedAt?: Date | string;
  collectedAt?: Date | string;
  actionCode?: AstmActionCode;
  specimenDescriptor?: string | string[];
  orderingPhysician?: string;
  reportType?: AstmReportType;
}

export function readOrder(record: AstmRecord): AstmOrder {
  return {
    sequence: Number(record.get(2)) || 0,
    specimenId: record.get(3),
    specimenIdComponents: record.components(3),
    instrumentSpecimenId: record.get(4),
    instrumentSpecimenIdComponents: record.components(4),
    tests: record.repeats(5).map(readTestId),
    priority: record.get(6),
    requestedAt: record.get(7),
    collectedAt: record.get(8),
    actionCode: record.get(12),
    specimenDescriptor: record.components(16),
    orderingPhysician: record.get(17),
    reportType: record.get(26),
  };
}

export function buildOrder(input: AstmOrderInput): AstmRecord {
  const record = new AstmRecord('O').set(2, String(input.sequence ?? 1)).set(3, input.specimenId);
  if (input.instrumentSpecimenId) record.set(4, input.instrumentSpecimenId);
  record.set(5, input.tests.map(testIdComponents));
  record.set(6, input.priority ?? 'R');
  if (input.requestedAt) record.set(7, astmDateValue(input.requestedAt));
  if (input.collectedAt) record.set(8, astmDateValue(input.collectedAt));
  record.set(12, input.actionCode ?? 'N');
  if (input.specimenDescriptor) record.set(16, input.specimenDescriptor);
  if (input.orderingPhysician) record.set(17, input.orderingPhysician);
  record.set(26, input.reportType ?? 'O');
  return record;
}
