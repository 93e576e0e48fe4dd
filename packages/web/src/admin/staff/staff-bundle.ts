import type { Bundle, Coding, ContactPoint, HumanName, Identifier, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { ID_CARD_SYSTEM } from '../../widgets/patient/id-card.ts';
import { idOf, ownedBy } from '../common/organizations.ts';
import { DEPARTMENT_EXTENSION, LICENSE_SYSTEM } from '../common/terminology.ts';

/** What the "new staff member" form collects: the Practitioner and their first PractitionerRole. */
export interface StaffValues {
  name: string;
  gender?: Practitioner['gender'];
  birthDate?: string;
  idCard?: string;
  /** 执业证号. */
  license?: string;
  phone?: string;
  qualification?: Coding;
  institution: string;
  department?: string;
  role?: Coding;
  specialty?: string;
}

// Two-character surnames that must not be split after the first character (欧阳修 → 欧阳 + 修).
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '独孤', '端木', '南宫', '西门'];

/** A Chinese name as the platform stores it: `text` as written, plus family/given for systems that need them. */
export function chineseName(text: string): HumanName {
  const name = text.trim();
  const surnameLength = COMPOUND_SURNAMES.some((s) => name.startsWith(s) && name.length > 2) ? 2 : 1;
  const given = name.slice(surnameLength);
  return { text: name, family: name.slice(0, surnameLength), ...(given ? { given: [given] } : {}) };
}

export function practitionerOf(v: StaffValues): Practitioner {
  const identifier: Identifier[] = [];
  if (v.idCard?.trim()) identifier.push({ system: ID_CARD_SYSTEM, value: v.idCard.trim().toUpperCase() });
  if (v.license?.trim()) identifier.push({ system: LICENSE_SYSTEM, value: v.license.trim() });
  const telecom: ContactPoint[] = v.phone?.trim() ? [{ system: 'phone', value: v.phone.trim(), use: 'work' }] : [];
  return {
    resourceType: 'Practitioner',
    meta: ownedBy(v.institution),
    active: true,
    name: [chineseName(v.name)],
    ...(v.gender ? { gender: v.gender } : {}),
    ...(v.birthDate ? { birthDate: v.birthDate } : {}),
    ...(identifier.length ? { identifier } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(v.qualification ? { qualification: [{ code: { coding: [v.qualification], text: v.qualification.display } }] } : {}),
  };
}

/** A role at an institution; the department is an extension because `organization` names the institution. */
export function practitionerRoleOf(v: Pick<StaffValues, 'institution' | 'department' | 'role' | 'specialty'>, practitioner: string): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    meta: ownedBy(v.institution),
    active: true,
    practitioner: { reference: practitioner },
    organization: { reference: `Organization/${v.institution}` },
    ...(v.role ? { code: [{ coding: [v.role], text: v.role.display }] } : {}),
    ...(v.specialty?.trim() ? { specialty: [{ text: v.specialty.trim() }] } : {}),
    ...(v.department ? { extension: [{ url: DEPARTMENT_EXTENSION, valueReference: { reference: `Organization/${v.department}` } }] } : {}),
  };
}

/** One transaction: the Practitioner and their role are created together or not at all. */
export function newStaffBundle(v: StaffValues, uuid: string): Bundle {
  const fullUrl = `urn:uuid:${uuid}`;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl, resource: practitionerOf(v), request: { method: 'POST', url: 'Practitioner' } },
      { resource: practitionerRoleOf(v, fullUrl), request: { method: 'POST', url: 'PractitionerRole' } },
    ],
  };
}

/** The id the server gave the entry at `index` of a transaction response (from `response.location` or the resource). */
export function createdId(response: Bundle, index: number): string | undefined {
  const entry = response.entry?.[index];
  if (entry?.resource?.id) return entry.resource.id;
  const m = /^[A-Za-z]+\/([^/]+)/.exec(entry?.response?.location ?? '');
  return m?.[1];
}

/** The department (Organization id) of a role. */
export const departmentOf = (role: PractitionerRole): string | undefined => idOf(role.extension?.find((e) => e.url === DEPARTMENT_EXTENSION)?.valueReference);

/** The display name of a Practitioner: `name.text` first (Chinese names), else family + given. */
export function practitionerName(p: Practitioner): string {
  const n = p.name?.[0];
  return n?.text ?? `${n?.family ?? ''}${(n?.given ?? []).join('')}`;
}

/** The value of an identifier of a given system. */
export const identifierValue = (ids: Identifier[] | undefined, system: string): string | undefined => ids?.find((i) => i.system === system)?.value;
