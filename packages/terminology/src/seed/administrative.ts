import type { CodeSystem } from '@medplum/fhirtypes';
import { SYSTEM } from '../urls.ts';
import { nationalCodeSystem, table } from './build.ts';

// Administrative dictionaries of the console's organisation pages (departments, staff). No national value domain
// with a verifiable OID covers them in this shape, so they carry medunion URLs; institutions map their own
// categories to them like any other dictionary.

export const departmentTypes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.departmentType,
  version: '1',
  name: 'DepartmentType',
  title: '科室类别',
  titleEn: 'Department type',
  description: '医疗机构内部科室的类别（临床、医技、护理单元、药学、公共卫生、行政、后勤）',
  concepts: table(`
    clinical	临床科室	Clinical department
    medical-technology	医技科室	Medical technology department
    nursing	护理单元	Nursing unit
    pharmacy	药学部门	Pharmacy
    public-health	公共卫生	Public health
    administrative	行政职能	Administration
    logistics	后勤保障	Logistics
  `),
});

export const staffRoles: CodeSystem = nationalCodeSystem({
  url: SYSTEM.staffRole,
  version: '1',
  name: 'StaffRole',
  title: '人员类别',
  titleEn: 'Staff category',
  description: '卫生人员的类别：医、护、技、药、管、工勤',
  concepts: table(`
    doctor	医师	Physician
    nurse	护士	Nurse
    technician	技师	Technician
    pharmacist	药师	Pharmacist
    manager	管理人员	Manager
    support	工勤人员	Support staff
  `),
});

export const practitionerQualifications: CodeSystem = nationalCodeSystem({
  url: SYSTEM.practitionerQualification,
  version: '1',
  name: 'PractitionerQualification',
  title: '执业类别',
  titleEn: 'Practising qualification',
  description: '卫生人员的执业资格类别',
  concepts: table(`
    physician	执业医师	Licensed physician
    assistant-physician	执业助理医师	Licensed assistant physician
    rural-doctor	乡村医生	Rural doctor
    nurse	注册护士	Registered nurse
    pharmacist	执业药师	Licensed pharmacist
    technologist	卫生专业技术资格	Health technologist
  `),
});
