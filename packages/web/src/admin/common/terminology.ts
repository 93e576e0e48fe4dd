import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { DEPARTMENT_TYPE } from './organizations.ts';

/**
 * Code systems and identifier systems of the administration pages. 科室类别, 人员类别 and 执业类别 are seeded by the
 * terminology module (packages/terminology/src/seed/administrative.ts); the pickers load them from the server.
 * Institution kinds stay inline: they are HL7 organization-type codes with Chinese displays.
 */
export const DEPARTMENT_TYPE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/department-type';
export const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const STAFF_ROLE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/staff-role';
export const QUALIFICATION_SYSTEM = 'https://medunion.org/fhir/CodeSystem/practitioner-qualification';
/** 医师执业证书编码 (practising certificate number). */
export const LICENSE_SYSTEM = 'https://medunion.org/fhir/sid/practitioner-license';
/** The department a PractitionerRole works in (organization is the institution), as the demo region models it. */
export const DEPARTMENT_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/department';

export const WARD_PHYSICAL_TYPE = { system: PHYSICAL_TYPE_SYSTEM, code: 'wa', display: 'Ward' };

/** Kinds of institutions in the region tree (HL7 organization-type codes; `dept` is for departments only). */
export const INSTITUTION_TYPES: DictionaryConcept[] = [
  { system: DEPARTMENT_TYPE.system, code: 'prov', display: '医疗卫生机构' },
  { system: DEPARTMENT_TYPE.system, code: 'govt', display: '卫生行政部门' },
  { system: DEPARTMENT_TYPE.system, code: 'edu', display: '教育科研机构' },
  { system: DEPARTMENT_TYPE.system, code: 'other', display: '其他机构' },
];
