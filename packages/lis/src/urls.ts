/**
 * Canonical URLs, identifier systems and extensions of the LIS: the FHIR conventions every part of the module
 * (catalogue, orders and specimens, instruments, results and reports, QC) writes and reads. One place, so a
 * Specimen written by accession is the Specimen an analyzer's result finds by its barcode.
 */
export const MEDUNION = 'https://medunion.org/fhir';
const LIS = `${MEDUNION}/lis`;

/** Institution-scoped business identifier systems (one namespace per institution = Organization id). */
export const sid = {
  /** 检验项目 (a reportable test) — ObservationDefinition.identifier and the local test code system. */
  test: (institution: string) => `${LIS}/sid/test/${institution}`,
  /** 检验组合 (an orderable panel or single test) — ActivityDefinition.identifier. */
  panel: (institution: string) => `${LIS}/sid/panel/${institution}`,
  /** 标本容器定义 (specimen type × tube) — SpecimenDefinition.identifier. */
  specimenDefinition: (institution: string) => `${LIS}/sid/specimen-definition/${institution}`,
  /** 申请单号 (requisition): ServiceRequest.requisition and ServiceRequest.identifier of an order line (`<requisition>/<panel>`). */
  requisition: (institution: string) => `${LIS}/sid/requisition/${institution}`,
  orderLine: (institution: string) => `${LIS}/sid/order-line/${institution}`,
  /** 条码号 (the barcode on the tube): Specimen.identifier (use official). */
  barcode: (institution: string) => `${LIS}/sid/barcode/${institution}`,
  /** 样本号 (the instrument-day sample number, e.g. 20261207-0012): Specimen.accessionIdentifier. */
  sampleNo: (institution: string) => `${LIS}/sid/sample-no/${institution}`,
  /** 仪器 (analyzer): Device.identifier. */
  instrument: (institution: string) => `${LIS}/sid/instrument/${institution}`,
  /** A result of a specimen for a test: Observation.identifier `<barcode>/<test code>`. */
  result: (institution: string) => `${LIS}/sid/result/${institution}`,
  /** 报告单号: DiagnosticReport.identifier. */
  report: (institution: string) => `${LIS}/sid/report/${institution}`,
};

/** Code systems of the LIS (seeded as terminology where national ones do not exist). */
export const CS = {
  /** An institution's local test codes (ObservationDefinition.code.coding, Observation.code.coding). */
  tests: (institution: string) => `${LIS}/CodeSystem/tests/${institution}`,
  /** An institution's orderable panels (ActivityDefinition.code, ServiceRequest.code). */
  panels: (institution: string) => `${LIS}/CodeSystem/panels/${institution}`,
  /** 专业组 (lab section): 临检, 生化, 免疫, 微生物, 分子, 急诊. */
  labSection: `${LIS}/CodeSystem/lab-section`,
  /** 标本状态 (the LIS workflow status, finer than Specimen.status). */
  specimenStatus: `${LIS}/CodeSystem/specimen-status`,
  /** 拒收原因 (rejection reasons). */
  rejectionReason: `${LIS}/CodeSystem/rejection-reason`,
  /** 试管 (tube type and cap colour). */
  tube: `${LIS}/CodeSystem/tube`,
  /** Instrument result flags kept with a result (analyzer-specific, passed through). */
  instrumentFlag: `${LIS}/CodeSystem/instrument-flag`,
  /** 病人类型 (patient type): reuse of the terminology module's patient-type code set. */
  patientType: 'urn:oid:2.16.156.10011.2.3.1.271',
  /** Regional specimen types (terminology module). */
  specimenType: `${MEDUNION}/CodeSystem/specimen-type`,
};

/** Device.meta.tag marking a Device as an LIS analyzer (other Devices of the institution are not instruments). */
export const INSTRUMENT_TAG = { system: `${LIS}/CodeSystem/device-role`, code: 'lis-instrument' } as const;

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const V2_0074 = 'http://terminology.hl7.org/CodeSystem/v2-0074';
export const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/**
 * LIS workflow status of a specimen (CS.specimenStatus), each change a row of the `lis_specimen_event` ledger with
 * who and when; the current one is also `Specimen.extension[EXT.specimenStatus]`.
 */
export const SPECIMEN_STATUSES = ['registered', 'collected', 'received', 'in-test', 'resulted', 'reviewed', 'printed', 'rejected'] as const;
export type SpecimenStatus = (typeof SPECIMEN_STATUSES)[number];

/** Extensions for what R4 has no element for. */
export const EXT = {
  specimenStatus: `${LIS}/StructureDefinition/specimen-status`,
  /** Specimen: 让步检验 (tested despite a quality problem, with the reason and who allowed it). */
  concession: `${LIS}/StructureDefinition/concession`,
  /** Specimen: pooled specimen (混检): the individual specimens it pools. */
  pooledFrom: `${LIS}/StructureDefinition/pooled-from`,
  /** ServiceRequest / Specimen: patient type (门诊/急诊/住院/体检), ward and bed, as the order gave them. */
  patientType: `${LIS}/StructureDefinition/patient-type`,
  ward: `${LIS}/StructureDefinition/ward`,
  /** ServiceRequest, Specimen, Task: the ordering department (the platform's own extension, as the demo region's
   * PractitionerRoles and the 互认 uploads write it). */
  department: `${MEDUNION}/StructureDefinition/department`,
  bed: `${LIS}/StructureDefinition/bed`,
  /** ObservationDefinition: calculated test formula (labcore expression over test codes, age, sex). */
  formula: `${LIS}/StructureDefinition/formula`,
  /** ObservationDefinition: auto-verification limits, delta-check limits, common results, report order, abbreviation. */
  autoverifyRange: `${LIS}/StructureDefinition/autoverify-range`,
  deltaCheck: `${LIS}/StructureDefinition/delta-check`,
  commonResults: `${LIS}/StructureDefinition/common-results`,
  reportOrder: `${LIS}/StructureDefinition/report-order`,
  /** ActivityDefinition: lab section, price (yuan), TAT target minutes. */
  labSection: `${LIS}/StructureDefinition/lab-section`,
  price: `${LIS}/StructureDefinition/price`,
  tatTarget: `${LIS}/StructureDefinition/tat-target`,
  /** Device: connection (protocol, mode, host, port, serial path/baud, encoding) and channel ↔ test mapping. */
  connection: `${LIS}/StructureDefinition/instrument-connection`,
  channel: `${LIS}/StructureDefinition/instrument-channel`,
  /** Observation: instrument flags, delta-check outcome, auto-verification decision (with reasons). */
  instrumentFlags: `${LIS}/StructureDefinition/instrument-flags`,
  delta: `${LIS}/StructureDefinition/delta-check-outcome`,
  autoverification: `${LIS}/StructureDefinition/autoverification`,
  /** DiagnosticReport: printed (when, by whom, how often) and the anti-counterfeit verification code. */
  printed: `${LIS}/StructureDefinition/printed`,
  verifyCode: `${LIS}/StructureDefinition/verify-code`,
  /** DiagnosticReport: recall (召回) reason. */
  recallReason: `${LIS}/StructureDefinition/recall-reason`,
};
