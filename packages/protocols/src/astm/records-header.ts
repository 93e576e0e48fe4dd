import { astmDateValue } from './date.ts';
import { DEFAULT_ASTM_DELIMITERS, type AstmDelimiters } from './delimiters.ts';
import { AstmRecord } from './record.ts';

/** H record (E1394 §7): who sends, to whom, when. */
export interface AstmHeader {
  delimiters: AstmDelimiters;
  /** H-3 */ messageControlId: string;
  /** H-4 */ accessPassword: string;
  /** H-5 sender name or ID, as components (name^software version^serial number …). */ sender: string[];
  /** H-10 */ receiverId: string;
  /** H-11 */ comment: string;
  /** H-12 processing ID: P production, T training, D debugging, Q quality control. */ processingId: string;
  /** H-13 version, e.g. `LIS2-A2` or `1394-97`. */ version: string;
  /** H-14 date and time of message, `YYYYMMDDHHMMSS`. */ dateTime: string;
}

export type AstmHeaderInput = Partial<Omit<AstmHeader, 'sender' | 'dateTime'>> & { sender?: string | string[]; dateTime?: Date | string };

export function readHeader(record: AstmRecord): AstmHeader {
  return {
    delimiters: { ...record.delimiters },
    messageControlId: record.get(3),
    accessPassword: record.get(4),
    sender: record.components(5),
    receiverId: record.get(10),
    comment: record.get(11),
    processingId: record.get(12),
    version: record.get(13),
    dateTime: record.get(14),
  };
}

export function buildHeader(input: AstmHeaderInput = {}): AstmRecord {
  const record = new AstmRecord('H', input.delimiters ?? DEFAULT_ASTM_DELIMITERS);
  record.set(2, '');
  if (input.messageControlId) record.set(3, input.messageControlId);
  if (input.accessPassword) record.set(4, input.accessPassword);
  if (input.sender) record.set(5, input.sender);
  if (input.receiverId) record.set(10, input.receiverId);
  if (input.comment) record.set(11, input.comment);
  record.set(12, input.processingId ?? 'P');
  record.set(13, input.version ?? 'LIS2-A2');
  record.set(14, astmDateValue(input.dateTime ?? new Date()));
  return record;
}
