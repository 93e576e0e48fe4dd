/** Canonical URLs and identifier systems of the recognition module. */
export const MEDUNION = 'https://medunion.org/fhir';

/**
 * The regional recognition catalogues (区域互认项目目录). Not the terminology module's `dictionary/region/<kind>`
 * standards: those belong to the region's own dictionary uploads; institutions map their local item
 * dictionaries to these catalogues by naming them as the mapping target.
 */
export const LAB_CATALOGUE = `${MEDUNION}/CodeSystem/recognition/lab-items`;
export const EXAM_CATALOGUE = `${MEDUNION}/CodeSystem/recognition/exam-items`;

/** The terminology dictionary kinds whose local codes are translated into the catalogues. */
export const LAB_ITEM_KIND = 'lab-items';
export const EXAM_ITEM_KIND = 'exam-items';

/** Institution-scoped business identifier systems of uploaded data (one namespace per institution). */
export const sid = {
  department: (orgCode: string) => `${MEDUNION}/NamingSystem/organization-code/${orgCode}`,
  staff: (institution: string) => `${MEDUNION}/sid/staff/${institution}`,
  labReport: (institution: string) => `${MEDUNION}/sid/lab-report/${institution}`,
  examReport: (institution: string) => `${MEDUNION}/sid/exam-report/${institution}`,
  order: (institution: string) => `${MEDUNION}/sid/order/${institution}`,
  specimen: (institution: string) => `${MEDUNION}/sid/specimen/${institution}`,
  labResult: (institution: string) => `${MEDUNION}/sid/lab-result/${institution}`,
  reportPdf: (institution: string) => `${MEDUNION}/sid/report-pdf/${institution}`,
};

/** The platform's institution code identifier (Organization.identifier), as the demo region and admin pages write it. */
export const ORG_CODE_SYSTEM = `${MEDUNION}/NamingSystem/organization-code`;
export const RESIDENT_ID_CARD = 'urn:oid:2.16.156.10011.1.3';
export const DICOM_UID = 'urn:dicom:uid';
export const DICOM_MODALITY = 'http://dicom.nema.org/resources/ontology/DCM';
export const SPECIMEN_TYPE = `${MEDUNION}/CodeSystem/specimen-type`;
export const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** Extensions for what R4 has no element for. */
export const EXT = {
  findings: `${MEDUNION}/StructureDefinition/exam-findings`,
  critical: `${MEDUNION}/StructureDefinition/critical-result`,
  imageUrl: `${MEDUNION}/StructureDefinition/image-url`,
  department: `${MEDUNION}/StructureDefinition/department`,
  instrument: `${MEDUNION}/StructureDefinition/instrument`,
  reagentMaker: `${MEDUNION}/StructureDefinition/reagent-maker`,
  revokeReason: `${MEDUNION}/StructureDefinition/revoke-reason`,
};
