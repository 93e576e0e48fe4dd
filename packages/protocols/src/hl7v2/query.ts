import { hl7DateValue } from './date.ts';
import { createMessage, newControlId, replyHeader, type Hl7HeaderInput } from './header.ts';
import type { Hl7Message } from './message.ts';
import type { Hl7Segment } from './segment.ts';

/**
 * The original-mode query analyzers use to fetch a specimen's worklist (HL7 v2.3.1 ch. 2/5):
 * QRY^Q02 with QRD (QRD-8 "who" = the specimen barcode) and QRF; the LIS answers QCK^Q02
 * (QAK-2 OK or NF), then sends the data in DSR^Q03, which the analyzer acknowledges.
 */
export interface Hl7WorklistQueryInput {
  header?: Hl7HeaderInput;
  specimenId: string;
  /** QRD-4, default a fresh ID. */ queryId?: string;
  /** QRD-1, default now. */ queryDateTime?: Date | string;
  /** QRF-1 where subject filter: the instrument. */ instrument?: string;
}

export function buildQryQ02(input: Hl7WorklistQueryInput): Hl7Message {
  const message = createMessage(['QRY', 'Q02', 'QRY_Q02'], input.header);
  // QRD: date, format R (record-oriented), priority D (deferred), query ID, …, quantity RD (records), who, what OTH, …, results level T.
  message.addSegment('QRD', [
    hl7DateValue(input.queryDateTime ?? new Date()), 'R', 'D', input.queryId ?? newControlId(), undefined, undefined, 'RD', input.specimenId, 'OTH', undefined, undefined, 'T',
  ]);
  // QRF: where (instrument), when from/to (open), …, date qualifiers RCT (specimen receipt), COR (corrected), ALL.
  message.addSegment('QRF', [input.instrument, undefined, undefined, undefined, undefined, 'RCT', 'COR', 'ALL']);
  return message;
}

export interface Hl7WorklistQuery {
  queryId: string;
  specimenId: string;
  queryDateTime: string;
  instrument: string;
  qrd: Hl7Segment;
  qrf: Hl7Segment | undefined;
}

/** Reads a QRY^Q02 (or the QRD/QRF echoed in its answers); undefined without a QRD. */
export function readWorklistQuery(message: Hl7Message): Hl7WorklistQuery | undefined {
  const qrd = message.segment('QRD');
  if (!qrd) return undefined;
  const qrf = message.segment('QRF');
  return { queryId: qrd.get(4), specimenId: qrd.get(8), queryDateTime: qrd.get(1), instrument: qrf?.get(1) ?? '', qrd, qrf };
}

/** QCK^Q02: the query is accepted (MSA AA) and whether data follows (QAK-2 OK) or not (NF). */
export function buildQckQ02(query: Hl7Message, options: { found: boolean; header?: Hl7HeaderInput }): Hl7Message {
  const message = createMessage(['QCK', 'Q02', 'QCK_Q02'], replyHeader(query, options.header));
  message.addSegment('MSA', ['AA', query.controlId]);
  message.addSegment('QAK', [query.get('QRD-4') || 'SR', options.found ? 'OK' : 'NF']);
  return message;
}

/** Copies a segment's raw fields into another message (same delimiters). */
export function copySegment(target: Hl7Message, source: Hl7Segment): Hl7Segment {
  const copy = target.addSegment(source.name);
  source.fields.forEach((raw, i) => {
    if (i > 0 && raw !== '') copy.setRaw(i, {}, raw);
  });
  return copy;
}
