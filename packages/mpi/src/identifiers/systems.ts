/**
 * Identifier systems the patient index knows by itself. National ones use the OIDs of the health information
 * standards (WS 363 / WS/T 500 documents: `2.16.156.10011.1.x`); the others are ours.
 * Institution-local systems are the ones the NamingSystem registry (packages/terminology) registers for every
 * institution (`…/sid/mrn/<id>`, `…/sid/visit-card/<id>`); PIXm recognises any registered system (resolve.ts).
 */
export const ID_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.3'; // 居民身份证号
export const HEALTH_RECORD_SYSTEM = 'urn:oid:2.16.156.10011.1.2'; // 城乡居民健康档案编号
export const OUTPATIENT_NO_SYSTEM = 'urn:oid:2.16.156.10011.1.11'; // 门（急）诊号
export const INPATIENT_NO_SYSTEM = 'urn:oid:2.16.156.10011.1.12'; // 住院号
export const HEALTH_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.19'; // 居民健康卡 / 电子健康卡号
/** 医保卡号: no national OID is published for it; regional systems register theirs in the NamingSystem registry. */
export const MEDICAL_INSURANCE_SYSTEM = 'https://medunion.org/fhir/sid/medical-insurance-card';
/** 就诊卡号 of an institution: `<prefix>/<institution id>`. */
export const VISIT_CARD_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/visit-card';
/** 病历号 of an institution: `<prefix>/<institution id>` (the demo region uses these). */
export const MRN_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/mrn';
/** The index's own person number (主索引号) on golden records. */
export const EMPI_SYSTEM = 'https://medunion.org/fhir/sid/empi';

/**
 * Systems whose values are unique only within one institution (the national OID names the kind of number,
 * not the issuer): the index keys them by the owning institution of the record too.
 */
export const INSTITUTION_SCOPED_SYSTEMS: ReadonlySet<string> = new Set([OUTPATIENT_NO_SYSTEM, INPATIENT_NO_SYSTEM]);

/** Systems that identify a person across the region: the same value means the same person (deterministic rule). */
export const PERSON_SYSTEMS: ReadonlySet<string> = new Set([ID_CARD_SYSTEM, HEALTH_CARD_SYSTEM]);

/** Systems known without any registration (PIXm recognises these and every system it has indexed). */
export const NATIONAL_SYSTEMS: readonly string[] = [ID_CARD_SYSTEM, HEALTH_RECORD_SYSTEM, OUTPATIENT_NO_SYSTEM, INPATIENT_NO_SYSTEM, HEALTH_CARD_SYSTEM, MEDICAL_INSURANCE_SYSTEM, EMPI_SYSTEM];
