import type { Patient } from '@medplum/fhirtypes';
import { HEALTH_CARD_SYSTEM, ID_CARD_SYSTEM } from '../identifiers/systems.ts';
import { parsePhone } from '../identifiers/phone.ts';
import { addressTokens, nameSyllables, nameText, normalizeName } from './normalize.ts';

/** What the matcher compares, computed once per stored version of a source record (kept in mpi_record.features). */
export interface MatchFeatures {
  /** Normalised full name (no spaces, NFKC, Latin lower-case). */
  name?: string;
  /** Family name then given names, normalised, when the record states them (for swapped-order detection). */
  nameParts?: string[];
  /** Toneless pinyin syllables of the name. */
  pinyin?: string[];
  gender?: 'male' | 'female';
  /** Full dates only (YYYY-MM-DD); partial dates are not compared. */
  birthDate?: string;
  /** Normalised phone numbers (digits, no +86). */
  phones: string[];
  /** Township-and-below parts of the home (else first) address. */
  address: string[];
  idCard?: string;
  healthCard?: string;
}

export function extractFeatures(patient: Patient): MatchFeatures {
  const official = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  const text = official ? normalizeName(nameText(official)) : '';
  const parts = official?.family && official.given?.length ? [official.family, ...official.given].map(normalizeName).filter(Boolean) : undefined;
  const gender = patient.gender === 'male' || patient.gender === 'female' ? patient.gender : undefined;
  const phones = [...new Set((patient.telecom ?? []).filter((t) => (t.system === 'phone' || t.system === 'sms') && t.value).map((t) => parsePhone(t.value!)?.normalized).filter((p): p is string => !!p))];
  const home = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  const valueOf = (system: string) => patient.identifier?.find((i) => i.system === system && i.value)?.value;
  return {
    ...(text ? { name: text, pinyin: nameSyllables(text) } : {}),
    ...(parts && parts.length > 1 ? { nameParts: parts } : {}),
    ...(gender ? { gender } : {}),
    ...(patient.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate) ? { birthDate: patient.birthDate } : {}),
    phones,
    address: home ? addressTokens(home) : [],
    ...(valueOf(ID_CARD_SYSTEM) ? { idCard: valueOf(ID_CARD_SYSTEM) } : {}),
    ...(valueOf(HEALTH_CARD_SYSTEM) ? { healthCard: valueOf(HEALTH_CARD_SYSTEM) } : {}),
  };
}
