import type { Coding, ContactPoint, Identifier, Patient, PatientLink } from '@medplum/fhirtypes';
import { EMPI_SYSTEM, HEALTH_CARD_SYSTEM, HEALTH_RECORD_SYSTEM, ID_CARD_SYSTEM, MEDICAL_INSURANCE_SYSTEM } from '../identifiers/systems.ts';
import type { GoldenRow } from '../index-store/goldens.ts';
import type { IndexedRecord } from '../index-store/records.ts';
import { GOLDEN_TAG } from './golden-tag.ts';

/** Identifiers that name the person rather than a record in one institution: copied onto the golden record. */
const PERSON_LEVEL_SYSTEMS = [ID_CARD_SYSTEM, HEALTH_CARD_SYSTEM, MEDICAL_INSURANCE_SYSTEM, HEALTH_RECORD_SYSTEM];
const MAX_PHONES = 5;

/**
 * The golden record (主索引记录) of a person: a Patient assembled from its source records. Survivorship: records
 * with a resident ID card first, then the most recently updated; each field comes from the first record that
 * has it; phones and person-level identifiers are the union. `link` points to every source (`seealso`) and to
 * golden records merged into this one (`replaces`); a retired one only says `replaced-by`. Security labels
 * (e.g. VIP) of any source carry over, so policies that hide a source hide its golden record too.
 */
export function buildGoldenPatient(golden: GoldenRow, records: IndexedRecord[], replaces: string[]): Patient {
  const base: Patient = {
    resourceType: 'Patient',
    id: golden.goldenId,
    meta: { tag: [GOLDEN_TAG], ...securityOf(records) },
    identifier: [{ use: 'official', system: EMPI_SYSTEM, value: golden.empi, type: { text: '主索引号' } }],
    active: golden.status === 'active',
  };
  if (golden.status !== 'active') {
    return golden.replacedBy ? { ...base, link: [{ other: { reference: `Patient/${golden.replacedBy}` }, type: 'replaced-by' }] } : base;
  }
  const ordered = [...records].sort(
    (a, b) => Number(!!b.features.idCard) - Number(!!a.features.idCard) || (b.demographics.lastUpdated ?? '').localeCompare(a.demographics.lastUpdated ?? '') || a.recordId.localeCompare(b.recordId),
  );
  const first = <T>(pick: (r: IndexedRecord) => T | undefined): T | undefined => ordered.map(pick).find((v) => v !== undefined);
  const identifiers = uniqueBy(
    ordered.flatMap((r) => r.demographics.identifier.filter((i) => PERSON_LEVEL_SYSTEMS.includes(i.system ?? ''))),
    (i: Identifier) => `${i.system}|${i.value}`,
  );
  const phones = uniqueBy(
    ordered.flatMap((r) => (r.demographics.telecom ?? []).filter((t) => t.system === 'phone' || t.system === 'sms')),
    (t: ContactPoint) => t.value ?? '',
  ).slice(0, MAX_PHONES);
  const name = first((r) => r.demographics.name);
  const gender = first((r) => r.demographics.gender) as Patient['gender'];
  const birthDate = first((r) => r.demographics.birthDate);
  const address = first((r) => r.demographics.address);
  const link: PatientLink[] = [
    ...records.map((r) => ({ other: { reference: `Patient/${r.recordId}` }, type: 'seealso' as const })),
    ...replaces.map((id) => ({ other: { reference: `Patient/${id}` }, type: 'replaces' as const })),
  ];
  return {
    ...base,
    identifier: [...base.identifier!, ...identifiers.map((i) => ({ system: i.system, value: i.value, ...(i.type ? { type: i.type } : {}) }))],
    ...(name ? { name: [{ ...name, use: 'official' as const }] } : {}),
    ...(phones.length ? { telecom: phones } : {}),
    ...(gender ? { gender } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(address ? { address } : {}),
    ...(link.length ? { link } : {}),
  };
}

function securityOf(records: IndexedRecord[]): { security?: Coding[] } {
  const labels = uniqueBy(
    records.flatMap((r) => r.demographics.security ?? []),
    (c: Coding) => `${c.system}|${c.code}`,
  );
  return labels.length ? { security: labels } : {};
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
