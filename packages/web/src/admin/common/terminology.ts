import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { DEPARTMENT_TYPE } from './organizations.ts';

/**
 * Small administrative dictionaries the admin pages offer until the terminology issue seeds national code sets.
 * Displays are terminology content (written into the stored Coding), so they are data in Chinese, not UI text.
 */
export const DEPARTMENT_TYPE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/department-type';
export const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const STAFF_ROLE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/staff-role';
export const QUALIFICATION_SYSTEM = 'https://medunion.org/fhir/CodeSystem/practitioner-qualification';
/** 医师执业证书编码 (practising certificate number). */
export const LICENSE_SYSTEM = 'https://medunion.org/fhir/sid/practitioner-license';
/** The department a PractitionerRole works in (organization is the institution), as the demo region models it. */
export const DEPARTMENT_EXTENSION = 'https://medunion.org/fhir/StructureDefinition/department';

/** 科室类别. The HL7 `dept` type stays on every department (it is what marks an Organization as one). */
export const DEPARTMENT_TYPES: DictionaryConcept[] = [
  { system: DEPARTMENT_TYPE.system, code: DEPARTMENT_TYPE.code!, display: '科室' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'clinical', display: '临床科室' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'medical-technology', display: '医技科室' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'nursing', display: '护理单元' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'pharmacy', display: '药学部门' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'public-health', display: '公共卫生' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'administrative', display: '行政职能' },
  { system: DEPARTMENT_TYPE_SYSTEM, code: 'logistics', display: '后勤保障' },
];

/** 人员类别 (医、护、技、药、管、工勤). */
export const STAFF_ROLES: DictionaryConcept[] = [
  { system: STAFF_ROLE_SYSTEM, code: 'doctor', display: '医师' },
  { system: STAFF_ROLE_SYSTEM, code: 'nurse', display: '护士' },
  { system: STAFF_ROLE_SYSTEM, code: 'technician', display: '技师' },
  { system: STAFF_ROLE_SYSTEM, code: 'pharmacist', display: '药师' },
  { system: STAFF_ROLE_SYSTEM, code: 'manager', display: '管理人员' },
  { system: STAFF_ROLE_SYSTEM, code: 'support', display: '工勤人员' },
];

/** 执业类别. */
export const QUALIFICATIONS: DictionaryConcept[] = [
  { system: QUALIFICATION_SYSTEM, code: 'physician', display: '执业医师' },
  { system: QUALIFICATION_SYSTEM, code: 'assistant-physician', display: '执业助理医师' },
  { system: QUALIFICATION_SYSTEM, code: 'rural-doctor', display: '乡村医生' },
  { system: QUALIFICATION_SYSTEM, code: 'nurse', display: '注册护士' },
  { system: QUALIFICATION_SYSTEM, code: 'pharmacist', display: '执业药师' },
  { system: QUALIFICATION_SYSTEM, code: 'technologist', display: '卫生专业技术资格' },
];

export const WARD_PHYSICAL_TYPE = { system: PHYSICAL_TYPE_SYSTEM, code: 'wa', display: 'Ward' };

/** Kinds of institutions in the region tree (HL7 organization-type codes; `dept` is for departments only). */
export const INSTITUTION_TYPES: DictionaryConcept[] = [
  { system: DEPARTMENT_TYPE.system, code: 'prov', display: '医疗卫生机构' },
  { system: DEPARTMENT_TYPE.system, code: 'govt', display: '卫生行政部门' },
  { system: DEPARTMENT_TYPE.system, code: 'edu', display: '教育科研机构' },
  { system: DEPARTMENT_TYPE.system, code: 'other', display: '其他机构' },
];
