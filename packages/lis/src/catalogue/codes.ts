import { MEDUNION } from '../urls.ts';

/**
 * Identifiers and extensions only the catalogue area uses (the shared ones are in ../urls.ts). Definitions have
 * no searchable identifier in R4 (ObservationDefinition has no search parameters at all), so every catalogue
 * resource carries a tag naming its institution: `_tag=<CATALOGUE_TAG>|<institution>` finds one lab's catalogue.
 */
const LIS = `${MEDUNION}/lis`;

export const CATALOGUE_TAG = `${LIS}/CodeSystem/catalogue`;

export const CATALOGUE_EXT = {
  /** Definitions: active | retired (ObservationDefinition and SpecimenDefinition have no status element in R4). */
  status: `${LIS}/StructureDefinition/catalogue-status`,
  /** English name; abbreviation (WBC). */
  englishName: `${LIS}/StructureDefinition/english-name`,
  abbreviation: `${LIS}/StructureDefinition/abbreviation`,
  /** ObservationDefinition: quantitative | qualitative | text. */
  resultKind: `${LIS}/StructureDefinition/result-kind`,
  /** ObservationDefinition: labcore condition under which a calculated test is reported (Friedewald: TG <= 4.52). */
  formulaCondition: `${LIS}/StructureDefinition/formula-condition`,
  /** ObservationDefinition: 参考意义 (clinical significance) text. */
  interpretation: `${LIS}/StructureDefinition/interpretation-text`,
  /** qualifiedInterval: expected (normal) qualitative results of a reference interval; critical texts of a critical one. */
  expectedResult: `${LIS}/StructureDefinition/expected-result`,
  criticalText: `${LIS}/StructureDefinition/critical-text`,
  /** qualifiedInterval: `low` and/or `high` bound excluded (a range printed `<5.2`). */
  exclusiveBound: `${LIS}/StructureDefinition/exclusive-bound`,
  /** qualifiedInterval: the range as printed on reports. */
  rangeText: `${LIS}/StructureDefinition/range-text`,
  /** SpecimenDefinition: the tube's display name (黄头管) and its code in the lab's tube list. */
  tubeName: `${LIS}/StructureDefinition/tube-name`,
};

/** Age units of qualifiedInterval.age: UCUM codes with their Chinese names. */
export const AGE_UNITS = {
  day: { code: 'd', zh: '天' },
  month: { code: 'mo', zh: '月' },
  year: { code: 'a', zh: '岁' },
} as const;

/** Test and panel codes: letters, digits and the marks lab codes use (A/G, HDL-C, NEUT%, NEUT#). */
export const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_\\-/.#%+]{0,31}$';
/** LOINC codes: digits, a dash and the check digit. */
export const LOINC_PATTERN = '^[0-9]{1,7}-[0-9]$';
/** Regional specimen-type codes (two digits). */
export const SPECIMEN_TYPE_PATTERN = '^[0-9]{2}$';
