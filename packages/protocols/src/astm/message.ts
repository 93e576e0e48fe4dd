import { DEFAULT_ASTM_DELIMITERS, delimitersFromHeader, type AstmDelimiters } from './delimiters.ts';
import { AstmRecord } from './record.ts';
import { readComment, type AstmComment } from './records-comment.ts';
import { readHeader, type AstmHeader } from './records-header.ts';
import { readOrder, type AstmOrder } from './records-order.ts';
import { readPatient, type AstmPatient } from './records-patient.ts';
import { readQuery, type AstmQuery } from './records-query.ts';
import { readResult, type AstmResult } from './records-result.ts';
import { readTerminator, type AstmTerminator } from './records-terminator.ts';

/** A message as parsed records, with the delimiters its header declared. */
export interface AstmMessage {
  delimiters: AstmDelimiters;
  records: AstmRecord[];
}

/** Parses the records of one message (as `AstmLink` delivers them); the H record sets the delimiters. */
export function parseAstmMessage(records: string[]): AstmMessage {
  const first = records[0] ?? '';
  const delimiters = first.startsWith('H') ? delimitersFromHeader(first) : { ...DEFAULT_ASTM_DELIMITERS };
  return { delimiters, records: records.map((text) => AstmRecord.parse(text, delimiters)) };
}

/** Record texts ready for `AstmLink.send()`, all written with the header's delimiters. */
export function encodeAstmMessage(records: AstmRecord[], delimiters?: AstmDelimiters): string[] {
  const d = delimiters ?? (records[0]?.type === 'H' ? records[0].delimiters : DEFAULT_ASTM_DELIMITERS);
  return records.map((record) => record.encode(d));
}

export interface AstmResultEntry {
  result: AstmResult;
  record: AstmRecord;
  comments: AstmComment[];
}

export interface AstmOrderEntry {
  order: AstmOrder;
  record: AstmRecord;
  comments: AstmComment[];
  results: AstmResultEntry[];
}

export interface AstmPatientEntry {
  /** Undefined when the sender put orders directly under the header (some analyzers omit P). */
  patient: AstmPatient | undefined;
  comments: AstmComment[];
  orders: AstmOrderEntry[];
}

/** The E1394 hierarchy H → P → O → R, with each C attached to the record it follows. */
export interface AstmMessageTree {
  header: AstmHeader | undefined;
  patients: AstmPatientEntry[];
  queries: AstmQuery[];
  /** M and S records, and any record type E1394 does not define. */
  other: AstmRecord[];
  terminator: AstmTerminator | undefined;
}

export function groupAstmMessage(message: AstmMessage): AstmMessageTree {
  const tree: AstmMessageTree = { header: undefined, patients: [], queries: [], other: [], terminator: undefined };
  let patient: AstmPatientEntry | undefined;
  let order: AstmOrderEntry | undefined;
  let result: AstmResultEntry | undefined;
  let commentTarget: AstmComment[] | undefined;
  const currentPatient = (): AstmPatientEntry => {
    if (!patient) {
      patient = { patient: undefined, comments: [], orders: [] };
      tree.patients.push(patient);
    }
    return patient;
  };
  for (const record of message.records) {
    switch (record.type) {
      case 'H':
        tree.header = readHeader(record);
        commentTarget = undefined;
        break;
      case 'P':
        patient = { patient: readPatient(record), comments: [], orders: [] };
        tree.patients.push(patient);
        order = undefined;
        commentTarget = patient.comments;
        break;
      case 'O':
        order = { order: readOrder(record), record, comments: [], results: [] };
        currentPatient().orders.push(order);
        commentTarget = order.comments;
        break;
      case 'R':
        if (!order) {
          order = { order: readOrder(new AstmRecord('O')), record: new AstmRecord('O'), comments: [], results: [] };
          currentPatient().orders.push(order);
        }
        result = { result: readResult(record), record, comments: [] };
        order.results.push(result);
        commentTarget = result.comments;
        break;
      case 'C':
        if (commentTarget) commentTarget.push(readComment(record));
        else tree.other.push(record);
        break;
      case 'Q':
        tree.queries.push(readQuery(record));
        commentTarget = undefined;
        break;
      case 'L':
        tree.terminator = readTerminator(record);
        break;
      default:
        tree.other.push(record);
    }
  }
  return tree;
}
