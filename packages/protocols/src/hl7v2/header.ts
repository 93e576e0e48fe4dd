import { hl7DateValue } from './date.ts';
import { DEFAULT_HL7_DELIMITERS, type Hl7Delimiters } from './delimiters.ts';
import { Hl7Message } from './message.ts';

/** MSH content common to every message we build. */
export interface Hl7HeaderInput {
  /** MSH-3 */ sendingApplication?: string;
  /** MSH-4 */ sendingFacility?: string;
  /** MSH-5 */ receivingApplication?: string;
  /** MSH-6 */ receivingFacility?: string;
  /** MSH-7, default now. */ dateTime?: Date | string;
  /** MSH-10, default a fresh ID. */ controlId?: string;
  /** MSH-11: P production, D debugging, T training. Default P. */ processingId?: string;
  /** MSH-12, default 2.3.1 (what most analyzers speak). */ version?: string;
  /** MSH-18, e.g. `UNICODE UTF-8` or `GB 18030-2000`; empty leaves it to the interface's default. */ charset?: string;
  delimiters?: Hl7Delimiters;
}

let counter = 0;

/** A message control ID unique within this process and across restarts: time plus a counter, 20 characters at most. */
export function newControlId(): string {
  counter = (counter + 1) % 10_000;
  const t = new Date();
  const stamp = `${t.getFullYear()}${[t.getMonth() + 1, t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()].map((n) => String(n).padStart(2, '0')).join('')}`;
  return `${stamp}${String(counter).padStart(4, '0')}`;
}

/** Versions from 2.4 on name the message structure in MSH-9.3. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** A new message with its MSH filled: `type` is `[code, trigger, structure]`, e.g. `['ORU', 'R01', 'ORU_R01']`. */
export function createMessage(type: [string, string, string], input: Hl7HeaderInput = {}): Hl7Message {
  const message = Hl7Message.create(input.delimiters ?? DEFAULT_HL7_DELIMITERS);
  const version = input.version ?? '2.3.1';
  const msh = message.header;
  msh.setField(3, input.sendingApplication);
  msh.setField(4, input.sendingFacility);
  msh.setField(5, input.receivingApplication);
  msh.setField(6, input.receivingFacility);
  msh.setField(7, hl7DateValue(input.dateTime ?? new Date()));
  msh.setField(9, versionAtLeast(version, '2.4') ? type : type.slice(0, 2));
  msh.setField(10, input.controlId ?? newControlId());
  msh.setField(11, input.processingId ?? 'P');
  msh.setField(12, version);
  if (input.charset) msh.setField(18, input.charset);
  return message;
}

/** Header for a reply: applications and facilities swapped, processing ID, version and charset copied. */
export function replyHeader(original: Hl7Message, overrides: Hl7HeaderInput = {}): Hl7HeaderInput {
  return {
    sendingApplication: original.get('MSH-5'),
    sendingFacility: original.get('MSH-6'),
    receivingApplication: original.get('MSH-3'),
    receivingFacility: original.get('MSH-4'),
    processingId: original.get('MSH-11') || 'P',
    version: original.version || '2.3.1',
    charset: original.charset,
    delimiters: original.delimiters,
    ...overrides,
  };
}
