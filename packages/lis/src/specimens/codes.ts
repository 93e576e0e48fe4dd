import { EXT, MEDUNION } from '../urls.ts';

/**
 * Identifiers and extensions only orders and specimens use (the shared ones are in ../urls.ts). The department
 * extension is the platform's own (the demo region's PractitionerRoles and the 互认 uploads use the same URL).
 */
const LIS = `${MEDUNION}/lis`;

export const SPECIMEN_EXT = {
  /** ServiceRequest, Specimen, Task: the ordering department (Organization of type dept) — shared: EXT.department. */
  department: EXT.department,
  /** Specimen: the tube (SpecimenDefinition code) it was accessioned into. */
  tube: `${LIS}/StructureDefinition/specimen-tube`,
  /** Specimen: routine | stat (the most urgent of its orders, or raised by a green-channel concession). */
  priority: `${LIS}/StructureDefinition/specimen-priority`,
  /** Specimen: rejection (reason coding, note, who, when). */
  rejection: `${LIS}/StructureDefinition/rejection`,
  /** Specimen (pool): outcome of the pooled test (positive) with who and when it was declared. */
  poolResult: `${LIS}/StructureDefinition/pool-result`,
  /** Specimen (member of a pool): the pool it went into. */
  pooledInto: `${LIS}/StructureDefinition/pooled-into`,
};

/** Task codes of the LIS: `recollect` (a rejected specimen must be collected again), `recall` (a positive pool's member). */
export const TASK_CODES = `${LIS}/CodeSystem/task`;

/** HL7 table 0487 specimen type is not used: specimen types are the regional code system's (CS.specimenType). */
export const PATIENT_TYPE_SYSTEM = 'urn:oid:2.16.156.10011.2.3.1.271';

/** 患者类型 codes of the national patient-type code set (terminology module): 1 门诊, 2 急诊, 3 住院, 4 体检. */
export const PATIENT_TYPES: Record<string, { zh: string; en: string }> = {
  '1': { zh: '门诊', en: 'outpatient' },
  '2': { zh: '急诊', en: 'emergency' },
  '3': { zh: '住院', en: 'inpatient' },
  '4': { zh: '体检', en: 'health check-up' },
};

/** The resident ID card system (居民身份证) and the MRN prefix, as the demo region and the terminology module write them. */
export const RESIDENT_ID_CARD = 'urn:oid:2.16.156.10011.1.3';
export const MRN_SYSTEM_PREFIX = `${MEDUNION}/sid/mrn`;

/** Most individual specimens one pool (混检) takes (seed 004: 10 合 1). */
export const MAX_POOL_SIZE = 10;
