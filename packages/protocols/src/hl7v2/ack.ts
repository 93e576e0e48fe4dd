import { escapeHl7 } from './escape.ts';
import { createMessage, replyHeader, versionAtLeast, type Hl7HeaderInput } from './header.ts';
import type { Hl7Message } from './message.ts';

/** MSA-1: AA/AE/AR (original mode), CA/CE/CR (enhanced mode commit acknowledgements). */
export type Hl7AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** HL7 table 0357, message error condition codes. */
export const HL7_ERROR_CODES = {
  messageAccepted: '0',
  segmentSequenceError: '100',
  requiredFieldMissing: '101',
  dataTypeError: '102',
  tableValueNotFound: '103',
  valueTooLong: '104',
  unsupportedMessageType: '200',
  unsupportedEventCode: '201',
  unsupportedProcessingId: '202',
  unsupportedVersionId: '203',
  unknownKeyIdentifier: '204',
  duplicateKeyIdentifier: '205',
  applicationRecordLocked: '206',
  applicationInternalError: '207',
} as const;

const ERROR_TEXT: Record<string, string> = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '104': 'Value too long',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

/** One problem, located as precisely as known. */
export interface Hl7ErrorDetail {
  /** Table 0357 code, e.g. `HL7_ERROR_CODES.requiredFieldMissing`. */
  code: string;
  /** Segment ID, e.g. `PID`. */ segment?: string;
  /** Occurrence of the segment in the message, from 1. */ sequence?: number;
  field?: number;
  repetition?: number;
  component?: number;
  subcomponent?: number;
  /** ERR-4: E error (default), W warning, I information. */ severity?: 'E' | 'W' | 'I';
  /** What was wrong, for people (ERR-8, and ERR-1's code text before v2.5). */ text?: string;
}

export interface Hl7AckInput {
  code: Hl7AckCode;
  /** MSA-3 text message; defaults to the first error's text. */
  text?: string;
  errors?: Hl7ErrorDetail[];
  /** MSH-9 of the reply; default `ACK^<trigger of the original>`. */
  messageType?: [string, string, string];
  header?: Hl7HeaderInput;
}

/** An acknowledgement of `original`: MSA-2 echoes its MSH-10; ERR segments locate each error. */
export function buildAck(original: Hl7Message, input: Hl7AckInput): Hl7Message {
  const trigger = original.messageType.trigger;
  const ack = createMessage(input.messageType ?? ['ACK', trigger, 'ACK'], replyHeader(original, input.header));
  const text = input.text ?? input.errors?.find((e) => e.text)?.text;
  ack.addSegment('MSA', [input.code, original.controlId, text]);
  const modern = versionAtLeast(ack.version, '2.5');
  for (const error of input.errors ?? []) {
    const codeText = ERROR_TEXT[error.code] ?? '';
    const location = [error.segment ?? '', String(error.sequence ?? ''), String(error.field ?? ''), String(error.repetition ?? ''), String(error.component ?? ''), String(error.subcomponent ?? '')];
    const err = ack.addSegment('ERR');
    if (modern) {
      err.setField(2, location);
      err.setField(3, [error.code, codeText, 'HL70357']);
      err.setField(4, error.severity ?? 'E');
      if (error.text) err.setField(8, error.text);
    } else {
      // Before v2.5 only ERR-1 (ELD): segment^sequence^field^code&text&HL70357.
      const d = ack.delimiters;
      const esc = (s: string): string => escapeHl7(s, d);
      const code = [error.code, esc(error.text ?? codeText), 'HL70357'].join(d.subcomponent);
      err.setRaw(1, {}, [esc(error.segment ?? ''), error.sequence ?? '', error.field ?? '', code].join(d.component));
    }
  }
  return ack;
}

/** What an acknowledgement says. */
export interface Hl7AckSummary {
  code: string;
  /** MSA-2: the control ID of the message acknowledged. */
  controlId: string;
  text: string;
  errors: Hl7ErrorDetail[];
}

export function readAck(message: Hl7Message): Hl7AckSummary {
  const errors = message.segmentsNamed('ERR').map((err): Hl7ErrorDetail => {
    const num = (s: string): number | undefined => (s === '' ? undefined : Number(s));
    if (err.getRaw(2) !== '' || err.getRaw(3) !== '') {
      const severity = err.get(4);
      return {
        code: err.get(3, 1, 1),
        segment: err.get(2, 1, 1) || undefined,
        sequence: num(err.get(2, 1, 2)),
        field: num(err.get(2, 1, 3)),
        repetition: num(err.get(2, 1, 4)),
        component: num(err.get(2, 1, 5)),
        subcomponent: num(err.get(2, 1, 6)),
        severity: severity === 'W' || severity === 'I' ? severity : 'E',
        text: err.get(8) || err.get(3, 1, 2) || undefined,
      };
    }
    return {
      code: err.get(1, 1, 4, 1),
      segment: err.get(1, 1, 1) || undefined,
      sequence: num(err.get(1, 1, 2)),
      field: num(err.get(1, 1, 3)),
      text: err.get(1, 1, 4, 2) || undefined,
    };
  });
  return { code: message.get('MSA-1'), controlId: message.get('MSA-2'), text: message.get('MSA-3'), errors };
}
