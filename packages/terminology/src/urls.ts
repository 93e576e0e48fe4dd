/**
 * Canonical URLs of the terminology this module owns. National code systems use the OIDs that the Chinese
 * health information standards assign (WS 363/364 value domains, the WS/T 500 CDA documents), written as
 * `urn:oid:` URIs; where no OID could be verified the system gets a medunion URL (see README, "Sources").
 */
export const MEDUNION = 'https://medunion.org/fhir';

export const oidUri = (oid: string): string => `urn:oid:${oid}`;

/** Code systems with verified OIDs (WS/T 500 documents name them in `codeSystem` attributes). */
export const OID = {
  sex: '2.16.156.10011.2.3.3.4', // 生理性别代码表 GB/T 2261.1
  maritalStatus: '2.16.156.10011.2.3.3.5', // 婚姻状况代码表 GB/T 2261.2
  ethnicity: '2.16.156.10011.2.3.3.3', // 民族类别代码表 GB 3304
  administrativeDivision: '2.16.156.10011.2.3.3.2', // 行政区划代码 GB/T 2260
  idDocumentType: '2.16.156.10011.2.3.1.1', // 身份证件类别代码表 WS 364 CV02.01.101
  abo: '2.16.156.10011.2.3.1.85', // ABO血型代码表 WS 364 CV04.50.005
  rh: '2.16.156.10011.2.3.1.250', // Rh(D)血型代码表 WS 364 CV04.50.020
  patientType: '2.16.156.10011.2.3.1.271', // 患者类型代码表
  icd10: '2.16.156.10011.2.3.3.11', // ICD-10 (疾病分类与代码)
} as const;

export const SYSTEM = {
  sex: oidUri(OID.sex),
  maritalStatus: oidUri(OID.maritalStatus),
  ethnicity: oidUri(OID.ethnicity),
  administrativeDivision: oidUri(OID.administrativeDivision),
  idDocumentType: oidUri(OID.idDocumentType),
  abo: oidUri(OID.abo),
  rh: oidUri(OID.rh),
  patientType: oidUri(OID.patientType),
  icd10: oidUri(OID.icd10),
  /** 《医疗机构诊疗科目名录》: no OID found for it. */
  departmentCategory: `${MEDUNION}/CodeSystem/department-category`,
  /** Common LIS specimen types: WS 364 defines no specimen value domain we could verify. */
  specimenType: `${MEDUNION}/CodeSystem/specimen-type`,
  /** Kinds of institution dictionaries (科室, 职称, 检验项目…), used as a meta.tag on dictionary CodeSystems. */
  dictionaryKind: `${MEDUNION}/CodeSystem/dictionary-kind`,
  /** 科室类别 (clinical, medical-technology…): the console's department form. */
  departmentType: `${MEDUNION}/CodeSystem/department-type`,
  /** 人员类别 (医、护、技、药、管、工勤). */
  staffRole: `${MEDUNION}/CodeSystem/staff-role`,
  /** 执业类别 (执业医师, 注册护士…). */
  practitionerQualification: `${MEDUNION}/CodeSystem/practitioner-qualification`,
} as const;

/** Version label of the ICD-10 chapters and blocks shipped with the module (a fragment of the classification). */
export const ICD10_BLOCKS_VERSION = 'chapters-blocks';
/** Default version label of an imported 国家临床版 2.0 (national clinical edition). */
export const ICD10_CLINICAL_VERSION = '国家临床版2.0';

/** Institution dictionaries: `<base>/<institution id>/<kind>`; regional standard dictionaries: `<base>/region/<kind>`. */
export const DICTIONARY_BASE = `${MEDUNION}/CodeSystem/dictionary`;
export const REGION_SEGMENT = 'region';
export const dictionaryUrl = (institution: string | undefined, kind: string): string => `${DICTIONARY_BASE}/${institution ?? REGION_SEGMENT}/${kind}`;

/** One ConceptMap per institution dictionary, with a group per standard it is mapped to. */
export const conceptMapUrl = (dictionary: string): string => dictionary.replace(`${MEDUNION}/CodeSystem/`, `${MEDUNION}/ConceptMap/`);

/** Identifier systems (uniqueId uri of NamingSystems); institution ones end with the institution id. */
export const IDENTIFIER = {
  residentIdCard: '2.16.156.10011.1.3', // 居民身份证号
  healthRecord: '2.16.156.10011.1.2', // 城乡居民健康档案编号
  practitioner: '2.16.156.10011.1.4', // 医务人员标识
  organization: '2.16.156.10011.1.5', // 医疗卫生机构标识
  outpatientNo: '2.16.156.10011.1.11', // 门（急）诊号
  inpatientNo: '2.16.156.10011.1.12', // 住院号
  medicalRecordNo: '2.16.156.10011.1.13', // 病案号
  insuranceCard: '2.16.156.10011.1.15', // 医保卡号 (interoperability messages; see README)
  healthCard: '2.16.156.10011.1.19', // 居民健康卡号
} as const;

/** The medunion URIs the patient index uses for numbers without a national OID (kept identical on purpose). */
export const MEDICAL_INSURANCE_SYSTEM = 'https://medunion.org/fhir/sid/medical-insurance-card';
export const EMPI_SYSTEM = 'https://medunion.org/fhir/sid/empi';
export const MRN_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/mrn';
export const VISIT_CARD_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/visit-card';

export const IMPORT_ROW_EXTENSION = `${MEDUNION}/StructureDefinition/import-row`;
export const IMPORT_COLUMN_EXTENSION = `${MEDUNION}/StructureDefinition/import-column`;
export const IMPORT_ERROR_SYSTEM = `${MEDUNION}/CodeSystem/import-error`;
