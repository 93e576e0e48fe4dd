import type { Coding, Patient } from '@medplum/fhirtypes';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { humanNameText, preferredName } from '../picker/resource-display.ts';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from './id-card.ts';

/** Extension the kernel puts in meta to say which institution owns a resource. */
const INSTITUTION_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/institution';
/** Code system of patient categories (VIP/special patients, …) that access policies and the banner use. */
export const PATIENT_CATEGORY_SYSTEM = 'https://medunion.org/fhir/CodeSystem/patient-category';
// Security labels that describe the response rather than the patient (e.g. a _summary result).
const TECHNICAL_LABELS = new Set(['http://terminology.hl7.org/CodeSystem/v3-ObservationValue']);

/** 110101195603120019 → 110101********0019: region and last four stay, the birth date goes (privacy on screens and slips). */
export function maskIdCard(value: string | undefined): string {
  if (!value) return '';
  if (value.length <= 8) return value.length > 2 ? `${value[0]}${'*'.repeat(value.length - 2)}${value.at(-1)}` : '*'.repeat(value.length);
  return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
}

/** 13812345678 → 138****5678; other numbers keep only their last four digits. */
export function maskPhone(value: string | undefined): string {
  if (!value) return '';
  if (/^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(7)}`;
  return value.length > 4 ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}` : value;
}

export interface Age {
  years: number;
  months: number;
  days: number;
}

/** Calendar age on a day (YYYY-MM-DD, local); partial birth dates (YYYY, YYYY-MM) count from their first day. */
export function ageOn(birthDate: string | undefined, today: string): Age | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate ?? '');
  const t = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!m || !t) return undefined;
  const [by, bm, bd] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  const [ty, tm, td] = [Number(t[1]), Number(t[2]), Number(t[3])];
  // Whole months first (a month is complete on the day of birth's number), then the days since that month-day;
  // in shorter months a 31st falls on the last day (born 1-31 → on 3-01: one month, to 2-28, and one day).
  const total = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  if (total < 0) return undefined;
  const anchorMonth = bm - 1 + total;
  const anchorYear = by + Math.floor(anchorMonth / 12);
  const monthIndex = anchorMonth % 12;
  const lastDay = new Date(Date.UTC(anchorYear, monthIndex + 1, 0)).getUTCDate();
  const anchor = Date.UTC(anchorYear, monthIndex, Math.min(bd, lastDay));
  const days = Math.round((Date.UTC(ty, tm - 1, td) - anchor) / 86_400_000);
  const years = Math.floor(total / 12);
  const months = total % 12;
  return { years, months, days };
}

/** Age as Chinese wards write it: 岁 from one year on, 月 and 天 for infants, 天 for newborns. */
export function ageLabel(age: Age | undefined): { key: MessageKey; values: Record<string, number> } | undefined {
  if (!age) return undefined;
  if (age.years >= 1) return { key: 'patient.age.years', values: { years: age.years } };
  if (age.months >= 1) return age.days > 0 ? { key: 'patient.age.monthsDays', values: { months: age.months, days: age.days } } : { key: 'patient.age.months', values: { months: age.months } };
  return { key: 'patient.age.days', values: { days: age.days } };
}

/** Today in the browser's local calendar (YYYY-MM-DD). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const patientName = (p: Patient): string => humanNameText(preferredName(p.name));

export const idCardOf = (p: Patient): string | undefined => p.identifier?.find((i) => i.system === ID_CARD_SYSTEM)?.value;

/** The medical record number at `institution` when the patient has one there, else the first of any institution. */
export function mrnOf(p: Patient, institution?: string): string | undefined {
  const mrns = (p.identifier ?? []).filter((i) => i.system?.startsWith(MRN_SYSTEM_PREFIX) && i.value);
  return (mrns.find((i) => institution && i.system === `${MRN_SYSTEM_PREFIX}${institution}`) ?? mrns[0])?.value;
}

/** The phone to call: a mobile number first, else any phone. */
export function phoneOf(p: Patient): string | undefined {
  const phones = (p.telecom ?? []).filter((c) => c.system === 'phone' && c.value && c.use !== 'old');
  return (phones.find((c) => c.use === 'mobile') ?? phones[0])?.value;
}

/** Id of the institution owning the record (kernel meta extension), else the managing organisation's. */
export function institutionOf(p: Patient): string | undefined {
  const owner = p.meta?.extension?.find((e) => e.url === INSTITUTION_EXTENSION)?.valueReference?.reference ?? p.managingOrganization?.reference;
  return owner?.startsWith('Organization/') ? owner.slice('Organization/'.length) : owner;
}

/**
 * Labels that call for care: security labels (VIP/special patient, restricted record), and tags of the patient
 * category system. Other tags are bookkeeping of modules (e.g. the MPI's golden-record tag) and are not shown.
 */
export function specialLabels(p: Patient): Coding[] {
  const security = (p.meta?.security ?? []).filter((c) => !TECHNICAL_LABELS.has(c.system ?? ''));
  const tags = (p.meta?.tag ?? []).filter((c) => c.system === PATIENT_CATEGORY_SYSTEM);
  return [...security, ...tags].filter((c) => c.code || c.display);
}

/** Message key of an administrative gender. */
export function genderKey(gender: Patient['gender']): MessageKey {
  switch (gender) {
    case 'male':
      return 'patient.gender.male';
    case 'female':
      return 'patient.gender.female';
    case 'other':
      return 'patient.gender.other';
    default:
      return 'patient.gender.unknown';
  }
}
