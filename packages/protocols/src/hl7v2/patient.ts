import { hl7DateValue } from './date.ts';
import type { Hl7Message } from './message.ts';
import type { Hl7Segment } from './segment.ts';

export interface Hl7PatientIdentifier {
  id: string;
  /** CX-4 assigning authority. */ authority?: string;
  /** CX-5 identifier type: MR, PI, NI (national ID), … */ type?: string;
}

export interface Hl7PatientInput {
  /** PID-3, the first one being the main identifier. */
  identifiers?: Hl7PatientIdentifier[];
  /** PID-5: family name (a Chinese name usually goes whole here) and given name. */
  name?: string | { family: string; given?: string };
  /** PID-7 */ birthDate?: Date | string;
  /** PID-8: M, F, O, U. */ sex?: string;
}

export interface Hl7Patient {
  identifiers: Hl7PatientIdentifier[];
  /** PID-3[1].1, or PID-2 (external ID, older messages) when PID-3 is empty. */
  id: string;
  family: string;
  given: string;
  birthDate: string;
  sex: string;
  segment: Hl7Segment;
}

export function addPid(message: Hl7Message, input: Hl7PatientInput): Hl7Segment {
  const name = typeof input.name === 'string' ? { family: input.name } : input.name;
  const birth = hl7DateValue(input.birthDate);
  return message.addSegment('PID', [
    '1',
    undefined,
    (input.identifiers ?? []).map((i) => [i.id, '', '', i.authority ?? '', i.type ?? '']),
    undefined,
    name ? [name.family, name.given ?? ''] : undefined,
    undefined,
    input.birthDate instanceof Date ? birth?.slice(0, 8) : birth,
    input.sex,
  ]);
}

export function readPid(message: Hl7Message): Hl7Patient | undefined {
  const pid = message.segment('PID');
  if (!pid) return undefined;
  const identifiers = pid.repetitions(3).map((_, i) => ({
    id: pid.get(3, i + 1, 1),
    ...(pid.get(3, i + 1, 4) ? { authority: pid.get(3, i + 1, 4) } : {}),
    ...(pid.get(3, i + 1, 5) ? { type: pid.get(3, i + 1, 5) } : {}),
  }));
  return {
    identifiers,
    id: identifiers[0]?.id || pid.get(2),
    family: pid.get(5, 1, 1),
    given: pid.get(5, 1, 2),
    birthDate: pid.get(7),
    sex: pid.get(8),
    segment: pid,
  };
}
