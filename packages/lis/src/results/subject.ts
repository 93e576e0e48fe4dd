import type { Patient, Specimen } from '@medplum/fhirtypes';
import { ageAt, formatAge, type Age, type Sex, type Subject } from '@medunion/labcore';
import { CS } from '../urls.ts';

/** The patient facts ranges, critical limits and formulas depend on. */
export interface PatientFacts {
  id: string;
  name: string;
  sex?: Sex;
  birthDate?: string;
}

export function patientFacts(patient: Patient & { id: string }): PatientFacts {
  const name = patient.name?.[0];
  return {
    id: patient.id,
    // name.text first: formatters put given names first (ARCHITECTURE §5a).
    name: name?.text ?? [name?.family, ...(name?.given ?? [])].filter(Boolean).join(''),
    ...(patient.gender === 'male' || patient.gender === 'female' ? { sex: patient.gender } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
  };
}

/** Regional specimen-type code of the specimen (01 全血, 02 血清…), as 互认 uploads name it. */
export const specimenTypeOf = (specimen: Specimen): string | undefined => specimen.type?.coding?.find((c) => c.system === CS.specimenType)?.code;

/** The specimen type's name (血清): what the catalogue's range criteria compare (catalogue/labcore-config.ts). */
export const specimenTypeNameOf = (specimen: Specimen): string | undefined => {
  const coding = specimen.type?.coding?.find((c) => c.system === CS.specimenType);
  return coding?.display ?? specimen.type?.text ?? coding?.code;
};

/** When the specimen was taken (ages and delta checks count from it), else received, else now. */
export const collectedAtOf = (specimen: Specimen, fallback: string): string => specimen.collection?.collectedDateTime ?? specimen.receivedTime ?? fallback;

export function ageOf(patient: PatientFacts, at: string): Age | undefined {
  if (!patient.birthDate) return undefined;
  try {
    return ageAt(patient.birthDate, at);
  } catch {
    return undefined; // a birth date after the collection time: no age rather than a wrong one
  }
}

/** labcore's subject of a result: sex, age at collection and the specimen type. */
export function subjectOf(patient: PatientFacts, specimen: Specimen, at: string): Subject {
  const age = ageOf(patient, at);
  const type = specimenTypeNameOf(specimen);
  return { ...(patient.sex ? { sex: patient.sex } : {}), ...(age ? { age } : {}), ...(type ? { specimen: type } : {}) };
}

export const ageText = (patient: PatientFacts, at: string): string => {
  const age = ageOf(patient, at);
  return age ? formatAge(age)['zh-CN'] : '';
};

export const sexText = (sex: Sex | undefined): string => (sex === 'male' ? '男' : sex === 'female' ? '女' : '未知');
