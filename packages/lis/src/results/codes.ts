import { EXT, MEDUNION } from '../urls.ts';

/**
 * Code systems and sub-extension names of results and reports that the shared `urls.ts` does not (yet) hold. Kept
 * in one file so they can move there unchanged.
 */
const LIS = `${MEDUNION}/lis`;

/** Result flags with no v3 ObservationInterpretation code: `implausible` (结果不可信). */
export const RESULT_FLAG_SYSTEM = `${LIS}/CodeSystem/result-flag`;

/** LIS work items (Task.code): `critical-value-ack` (危急值确认). */
export const TASK_CODE_SYSTEM = `${LIS}/CodeSystem/task`;
export const CRITICAL_ACK = 'critical-value-ack';

/** Communication.category of a critical-value notice (危急值通知). */
export const COMMUNICATION_CATEGORY_SYSTEM = `${LIS}/CodeSystem/communication-category`;
export const CRITICAL_CATEGORY = 'critical-value';

/** One critical value notice per result × value, so recording the same value again raises nothing new. */
export const criticalSid = (institution: string): string => `${LIS}/sid/critical-value/${institution}`;

/** Histogram / scattergram images of a specimen (Media.identifier `<barcode>/<name>`). */
export const mediaSid = (institution: string): string => `${LIS}/sid/result-image/${institution}`;

/** The platform's department extension (ServiceRequest: the ordering department), as orders and 互认 write it. */
export const DEPARTMENT_EXT = EXT.department;

/** Extensions of this area beyond `EXT` in urls.ts. */
export const RESULT_EXT = {
  /** Observation: the value and unit as last released, to tell a corrected re-release from an unchanged one. */
  releasedValue: `${LIS}/StructureDefinition/released-value`,
  /** DiagnosticReport: review trail (reviewer, time, mode manual|auto, un-review with reason). */
  review: `${LIS}/StructureDefinition/review`,
  /** DiagnosticReport: the group of panels it reports (专业组) and its base number before any reissue. */
  reportGroup: `${LIS}/StructureDefinition/report-group`,
  /** Media: a histogram kept as numbers (space-separated, as SampledData.data) beside its picture. */
  histogramValues: `${LIS}/StructureDefinition/histogram-values`,
  /** Observation: the source of a result (instrument | manual | calculated). */
  resultSource: `${LIS}/StructureDefinition/result-source`,
};

/** FHIR Observation statuses that count as released to clinicians. */
export const RELEASED_OBSERVATION = ['final', 'corrected', 'amended'] as const;
export const RELEASED_REPORT = ['final', 'corrected', 'amended'] as const;

export const isReleasedReport = (status: string | undefined): boolean => (RELEASED_REPORT as readonly string[]).includes(status ?? '');
export const isLiveStatus = (status: string | undefined): boolean => status !== 'entered-in-error' && status !== 'cancelled';
