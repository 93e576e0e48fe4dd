import type { Coding, Identifier, Organization } from '@medplum/fhirtypes';
import { DEPARTMENT_TYPE, ORG_CODE_SYSTEM, ORG_TYPE_SYSTEM, ownedBy } from '../common/organizations.ts';
import { DEPARTMENT_TYPE_SYSTEM } from '../common/terminology.ts';

/** Department codes are unique within their institution: identifier system `<organization-code>/<institution code>`. */
export const departmentCodeSystem = (institutionCode: string | undefined, institution: string): string => `${ORG_CODE_SYSTEM}/${institutionCode ?? institution}`;

/** The 科室类别 coding of a department, if it has one. */
export function departmentCategory(org: Organization): Coding | undefined {
  return org.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === DEPARTMENT_TYPE_SYSTEM);
}

/** The department's code (科室编码). */
export const departmentCode = (org: Organization): string | undefined => org.identifier?.find((i) => i.system?.startsWith(`${ORG_CODE_SYSTEM}/`))?.value;

/**
 * What the page imposes on a department it saves: part of the institution, owned by it, the HL7 `dept` type that
 * marks it as a department (kept whatever the category), the chosen category, and the department code. Other type
 * codings and identifiers the record already had are kept.
 */
export function departmentFixed(
  original: Organization | undefined,
  input: { institution: string; institutionCode?: string; code?: string; category?: Coding },
): Pick<Organization, 'partOf' | 'type' | 'identifier' | 'meta'> {
  const isOurs = (c: Coding) => (c.system === ORG_TYPE_SYSTEM && c.code === 'dept') || c.system === DEPARTMENT_TYPE_SYSTEM;
  const otherTypes = (original?.type ?? []).filter((t) => !(t.coding ?? []).some(isOurs));
  const system = departmentCodeSystem(input.institutionCode, input.institution);
  const otherIds: Identifier[] = (original?.identifier ?? []).filter((i) => !i.system?.startsWith(`${ORG_CODE_SYSTEM}/`));
  const code = input.code?.trim();
  return {
    partOf: { reference: `Organization/${input.institution}` },
    meta: ownedBy(input.institution),
    type: [{ coding: [DEPARTMENT_TYPE] }, ...(input.category ? [{ coding: [input.category], text: input.category.display }] : []), ...otherTypes],
    identifier: [...(code ? [{ system, value: code }] : []), ...otherIds],
  };
}

/** FHIR search for the departments of an institution (types are token-searched with their system). */
export const departmentQuery = (institution: string): Record<string, string> => ({ partof: `Organization/${institution}`, type: `${ORG_TYPE_SYSTEM}|dept` });
