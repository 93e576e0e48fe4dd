import { astmDateValue } from './date.ts';
import { AstmRecord } from './record.ts';

/** P record: the patient the following orders belong to. */
export interface AstmPatient {
  /** P-2 */ sequence: number;
  /** P-3 practice-assigned patient ID (the LIS's). */ practicePatientId: string;
  /** P-4 laboratory-assigned patient ID. */ laboratoryPatientId: string;
  /** P-5 patient ID no. 3 (e.g. ID card). */ patientIdNo3: string;
  /** P-6 last^first^middle^suffix^title. */ name: { last: string; first: string; middle: string };
  /** P-8 birthdate `YYYYMMDD`. */ birthDate: string;
  /** P-9 sex: M, F, U. */ sex: string;
  /** P-14 attending physician. */ attendingPhysician: string;
  /** P-26 location. */ location: string;
}

export type AstmPatientInput = Partial<Omit<AstmPatient, 'name' | 'birthDate'>> & {
  name?: string | { last?: string; first?: string; middle?: string };
  birthDate?: Date | string;
};

export function readPatient(record: AstmRecord): AstmPatient {
  return {
    sequence: Number(record.get(2)) || 0,
    practicePatientId: record.get(3),
    laboratoryPatientId: record.get(4),
    patientIdNo3: record.get(5),
    name: { last: record.get(6, 1), first: record.get(6, 2), middle: record.get(6, 3) },
    birthDate: record.get(8),
    sex: record.get(9),
    attendingPhysician: record.get(14),
    location: record.get(26),
  };
}

export function buildPatient(input: AstmPatientInput = {}): AstmRecord {
  const record = new AstmRecord('P').set(2, String(input.sequence ?? 1));
  if (input.practicePatientId) record.set(3, input.practicePatientId);
  if (input.laboratoryPatientId) record.set(4, input.laboratoryPatientId);
  if (input.patientIdNo3) record.set(5, input.patientIdNo3);
  if (input.name) {
    const n = typeof input.name === 'string' ? { last: input.name } : input.name;
    record.set(6, trimTrailing([n.last ?? '', n.first ?? '', n.middle ?? '']));
  }
  const birthDate = astmDateValue(input.birthDate);
  if (birthDate) record.set(8, input.birthDate instanceof Date ? birthDate.slice(0, 8) : birthDate);
  if (input.sex) record.set(9, input.sex);
  if (input.attendingPhysician) record.set(14, input.attendingPhysician);
  if (input.location) record.set(26, input.location);
  return record;
}

export function trimTrailing(components: string[]): string[] {
  const out = [...components];
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}
