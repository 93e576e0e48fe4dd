import type { MessageKey } from '../../i18n/zh-CN.ts';

/** The LIS workflow statuses (packages/lis urls.ts SPECIMEN_STATUSES), in workflow order. */
export const SPECIMEN_STATUSES = ['registered', 'collected', 'received', 'in-test', 'resulted', 'reviewed', 'printed', 'rejected'] as const;
export type SpecimenStatusCode = (typeof SPECIMEN_STATUSES)[number];

/** Status → tag colour: waiting grey/blue, in the lab cyan/green, done blue, rejected red. */
export const STATUS_PALETTE: Record<SpecimenStatusCode, string> = {
  registered: 'default',
  collected: 'processing',
  received: 'cyan',
  'in-test': 'gold',
  resulted: 'lime',
  reviewed: 'green',
  printed: 'blue',
  rejected: 'error',
};

/** The UI name of a status; an unknown one (a newer server) is shown as the server named it. */
export const statusKey = (status: string): MessageKey | undefined =>
  (SPECIMEN_STATUSES as readonly string[]).includes(status) ? (`lisSpec.status.${status}` as MessageKey) : undefined;

/** 拒收原因 codes the API takes (packages/lis specimens/terminology.ts REJECTION_REASONS), the common ones first. */
export const REJECTION_REASONS = ['hemolysed', 'clotted', 'insufficient', 'lipaemic', 'wrong-container', 'wrong-ratio', 'label-error', 'delayed', 'contaminated', 'leaked', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];
export const reasonKey = (reason: string): MessageKey | undefined =>
  (REJECTION_REASONS as readonly string[]).includes(reason) ? (`lisSpec.reason.${reason}` as MessageKey) : undefined;

/** 患者类型 (national code set 1 门诊, 2 急诊, 3 住院, 4 体检). */
export const PATIENT_TYPES = ['1', '2', '3', '4'] as const;
export const patientTypeKey = (type: string) => `lisSpec.patientType.${type}` as MessageKey;

/** 专业组 codes of the catalogue (packages/lis catalogue/terminology.ts LAB_SECTIONS). */
export const LAB_SECTIONS = ['clinical', 'biochemistry', 'immunology', 'microbiology', 'molecular', 'emergency'] as const;
export const sectionKey = (section: string): MessageKey | undefined =>
  (LAB_SECTIONS as readonly string[]).includes(section) ? (`lisSpec.section.${section}` as MessageKey) : undefined;

/** Receipt outcomes → how the scan is signalled: received is good, a repeat is a warning, the rest are errors. */
export const OUTCOME_TONE: Record<string, 'success' | 'warning' | 'error'> = {
  received: 'success',
  'already-received': 'warning',
  rejected: 'error',
  'not-found': 'error',
  refused: 'error',
};
export const outcomeKey = (outcome: string) => `lisSpec.outcome.${outcome in OUTCOME_TONE ? outcome : 'error'}` as MessageKey;
