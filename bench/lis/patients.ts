/**
 * Synthetic patients of the county hospital: one requisition each. A pure function of the index, so the benchmark
 * process (which writes them) and the load client (which orders for them and makes up their results) agree.
 */
import type { Patient } from '@medplum/fhirtypes';
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES } from '../mpi/names.ts';
import { pick, rng } from '../recognition/workload.ts';

export const LAB = 'lead-hospital';

export interface LisPatient {
  index: number;
  id: string;
  name: string;
  sex: 'male' | 'female';
  /** Adults of 20–79: the catalogue's age-banded ranges (urea, creatinine, ALP) all cover them. */
  birthDate: string;
}

export function lisPatient(index: number): LisPatient {
  const r = rng(2_000_029 + index);
  const female = r() < 0.5;
  const surname = SURNAMES[Math.floor(r() * SURNAMES.length)][0];
  const given = pick(r, female ? GIVEN_FEMALE : GIVEN_MALE).join('');
  const year = new Date().getUTCFullYear() - 21 - Math.floor(r() * 58);
  const birthDate = new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28))).toISOString().slice(0, 10);
  return { index, id: `bench-lis-p${index}`, name: `${surname}${given}`, sex: female ? 'female' : 'male', birthDate };
}

/** The Patient resource as the hospital registered it. */
export function patientResource(p: LisPatient): Patient & { id: string } {
  return { resourceType: 'Patient', id: p.id, active: true, name: [{ text: p.name, family: p.name[0], given: [p.name.slice(1)] }], gender: p.sex, birthDate: p.birthDate };
}
