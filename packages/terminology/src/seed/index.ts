import type { CodeSystem } from '@medplum/fhirtypes';
import { administrativeDivisions } from './administrative-divisions.ts';
import { departmentTypes, practitionerQualifications, staffRoles } from './administrative.ts';
import { aboBloodGroups, rhBloodGroups } from './blood-groups.ts';
import { idDocumentTypes, maritalStatusCodes, patientTypes, sexCodes } from './demographics.ts';
import { departmentCategories } from './department-categories.ts';
import { dictionaryKinds } from './dictionary-kinds.ts';
import { ethnicityCodes } from './ethnicity.ts';
import { icd10ChaptersAndBlocks } from './icd10.ts';
import { specimenTypes } from './specimen-types.ts';

/** The national and module code systems seeded on start (created or updated by url+version). */
export const SEEDED_CODE_SYSTEMS: CodeSystem[] = [
  sexCodes,
  maritalStatusCodes,
  ethnicityCodes,
  idDocumentTypes,
  administrativeDivisions,
  aboBloodGroups,
  rhBloodGroups,
  patientTypes,
  specimenTypes,
  departmentCategories,
  icd10ChaptersAndBlocks,
  dictionaryKinds,
  departmentTypes,
  staffRoles,
  practitionerQualifications,
];
