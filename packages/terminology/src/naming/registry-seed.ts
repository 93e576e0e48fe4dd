import type { CodeSystem, NamingSystem, NamingSystemUniqueId } from '@medplum/fhirtypes';
import { SEEDED_CODE_SYSTEMS } from '../seed/index.ts';
import { EMPI_SYSTEM, IDENTIFIER, MEDICAL_INSURANCE_SYSTEM, oidUri } from '../urls.ts';

// NamingSystem.date is required; a fixed date keeps the seeds unchanged (no new version) across restarts.
export const REGISTRY_DATE = '2026-01-01';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Unique ids of an OID-named system: the `urn:oid:` URI (what FHIR resources carry, preferred) and the bare OID. */
export function oidIds(oid: string): NamingSystemUniqueId[] {
  return [
    { type: 'uri', value: oidUri(oid), preferred: true },
    { type: 'oid', value: oid },
  ];
}

function identifierSystem(name: string, zh: string, en: string, uniqueId: NamingSystemUniqueId[], v2Type?: string): NamingSystem {
  return {
    resourceType: 'NamingSystem',
    name,
    status: 'active',
    kind: 'identifier',
    date: REGISTRY_DATE,
    publisher: 'Medunion',
    responsible: '国家卫生健康委员会 (WS 363 / WS/T 500)',
    ...(v2Type ? { type: { coding: [{ system: V2_0203, code: v2Type }], text: zh } } : { type: { text: zh } }),
    description: `${zh} (${en})`,
    uniqueId,
  };
}

/** National identifier types (and the medunion ones the patient index uses where no national OID exists). */
export const IDENTIFIER_TYPES: NamingSystem[] = [
  identifierSystem('ResidentIdCard', '居民身份证号', 'Resident identity card number', oidIds(IDENTIFIER.residentIdCard), 'NI'),
  identifierSystem('HealthRecordNumber', '城乡居民健康档案编号', 'Resident health record number', oidIds(IDENTIFIER.healthRecord)),
  identifierSystem('PractitionerId', '医务人员标识', 'Health professional identifier', oidIds(IDENTIFIER.practitioner), 'PRN'),
  identifierSystem('OrganizationId', '医疗卫生机构标识', 'Health care organization identifier', oidIds(IDENTIFIER.organization), 'XX'),
  identifierSystem('OutpatientNumber', '门（急）诊号', 'Outpatient (emergency) visit number', oidIds(IDENTIFIER.outpatientNo), 'VN'),
  identifierSystem('InpatientNumber', '住院号', 'Inpatient number', oidIds(IDENTIFIER.inpatientNo), 'VN'),
  identifierSystem('MedicalRecordNumber', '病案号', 'Medical record (case) number', oidIds(IDENTIFIER.medicalRecordNo), 'MR'),
  identifierSystem(
    'MedicalInsuranceCard',
    '医保卡号',
    'Medical insurance card number',
    [
      { type: 'uri', value: MEDICAL_INSURANCE_SYSTEM, preferred: true },
      { type: 'oid', value: IDENTIFIER.insuranceCard, comment: '医院信息平台交互消息中医保卡号使用的根 OID' },
    ],
    'SN',
  ),
  identifierSystem('HealthCardNumber', '居民健康卡号', 'Resident health card number', oidIds(IDENTIFIER.healthCard), 'HC'),
  identifierSystem('EnterpriseMasterPatientIndex', '主索引号', 'Enterprise master patient index number', [{ type: 'uri', value: EMPI_SYSTEM, preferred: true }], 'PI'),
];

/** Every seeded code system is registered by its url (and OID, where it has one). */
function codeSystemEntry(cs: CodeSystem): NamingSystem {
  const oid = cs.identifier?.find((i) => i.value?.startsWith('urn:oid:'))?.value?.slice(8);
  return {
    resourceType: 'NamingSystem',
    name: cs.name ?? 'CodeSystem',
    status: 'active',
    kind: 'codesystem',
    date: REGISTRY_DATE,
    publisher: 'Medunion',
    description: cs.title ?? cs.name,
    uniqueId: oid ? oidIds(oid) : [{ type: 'uri', value: cs.url!, preferred: true }],
  };
}

// ICD-10 once: its url is the same for the shipped chapters/blocks and an imported edition.
export const CODE_SYSTEM_ENTRIES: NamingSystem[] = SEEDED_CODE_SYSTEMS.map(codeSystemEntry);

export const SEEDED_NAMING_SYSTEMS: NamingSystem[] = [...IDENTIFIER_TYPES, ...CODE_SYSTEM_ENTRIES];
