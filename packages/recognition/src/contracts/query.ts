import type { Resource } from '@medplum/fhirtypes';
import type { ItemKind } from './admin.ts';

/** 互认记录 kinds: the doctor's decision (recognise = 引用 the result, refuse = order anew) and the HIS's event records. */
export type DecisionKind = 'recognize' | 'refuse' | 'reminder' | 'view' | 'quote' | 'revoke-refusal';

export interface RecognizableResult {
  /** Regional catalogue code the result answers (a panel or one analyte). */
  itemCode: string;
  itemName: string;
  kind: 'lab' | 'exam';
  reportId: string;
  reportNo: string;
  observationId?: string;
  institution: string;
  institutionName: string;
  /** The source Patient of the uploading institution. */
  patientId: string;
  effective: string;
  issued?: string;
  /** The last moment the result can be recognised (effective + the item's validity window). */
  validUntil: string;
}

/** A recognisable result with what a doctor needs to judge it at a glance. */
export interface OfferedResult extends RecognizableResult {
  /** Lab analyte: value as reported. */
  value?: string;
  unit?: string;
  /** Interpretation code (N, H, L, HH, LL, A). */
  flag?: string;
  referenceRange?: string;
  /** Exam or panel: the report's conclusion (结论). */
  conclusion?: string;
}

/** How a HIS names the patient: its own 病历号, the resident ID card, or a platform Patient id (golden or source). */
export interface PatientRef {
  mrn?: string;
  idCard?: string;
  patient?: string;
  /** An Encounter of the caller's institution for this patient: puts the patient in the doctor's care. */
  encounter?: string;
}

/** An item of an order being saved: a regional catalogue code, or the institution's own code with its kind. */
export interface OrderItem {
  code?: string;
  localCode?: string;
  kind?: ItemKind;
  name?: string;
}

export interface Duplicate {
  /** Position in the order's `items`. */
  index: number;
  itemCode: string;
  itemName: string;
  /** The newest recognisable result: the one to show. */
  result: OfferedResult;
  /** Every recognisable result for the item, newest first (the shown one included). */
  results: OfferedResult[];
  /** The doctor must choose 互认 or 不互认 (with a reason) before the order proceeds. */
  decisionRequired: true;
}

export interface OrderCheck {
  decisionRequired: boolean;
  duplicates: Duplicate[];
  /** Items of the order with nothing recognisable: order them as usual. */
  clear: { index: number; itemCode: string; itemName: string }[];
}

export interface DecisionInput {
  clientKey: string;
  kind: DecisionKind;
  reportId: string;
  itemCode?: string;
  reasonCode?: string;
  reasonText?: string;
  orderNo?: string;
  encounter?: string;
  department?: string;
  /** revoke-refusal: the id of the refusal withdrawn. */
  revokes?: number;
}

export interface Decision {
  id: number;
  clientKey?: string;
  kind: DecisionKind;
  reportId: string;
  itemCode?: string;
  patientId: string;
  reasonCode?: string;
  reasonText?: string;
  institution: string;
  department?: string;
  practitioner?: string;
  userId: string;
  userName?: string;
  orderNo?: string;
  encounter?: string;
  revokes?: number;
  /** Set on a refusal a later revoke-refusal withdrew. */
  revokedAt?: string;
  /** Set when the report was revoked by its institution after this decision: the doctor was notified. */
  affectedAt?: string;
  recordedAt: string;
}

/** A report of the recognition index (uploaded, whatever its state). */
export interface IndexedReport {
  reportId: string;
  institution: string;
  institutionName?: string;
  kind: 'lab' | 'exam';
  reportNo: string;
  patientId: string;
  effective: string;
  issued?: string;
  revoked: boolean;
  items: string[];
}

export interface ReportResult {
  itemCode?: string;
  itemName: string;
  localCode?: string;
  value?: string;
  unit?: string;
  flag?: string;
  referenceRange?: string;
  method?: string;
  instrument?: string;
  observationId: string;
}

/** What `downloadReport` returns as JSON: a flat view for display and the FHIR resources to keep locally. */
export interface DownloadedReport {
  report: IndexedReport & {
    itemCode?: string;
    itemName?: string;
    status: string;
    conclusion?: string;
    findings?: string;
    critical?: boolean;
    imageUrl?: string;
    studyUid?: string;
    modality?: string;
    bodyPart?: string;
  };
  results: ReportResult[];
  pdf?: { url: string; contentType: string; size?: number; download: string };
  /** DiagnosticReport, Observations, ImagingStudy and DocumentReference as stored (for the local record). */
  resources: Resource[];
}

export interface TrendPoint {
  effective: string;
  value?: number;
  text?: string;
  unit?: string;
  flag?: string;
  institution: string;
  institutionName?: string;
  reportId: string;
  reportNo: string;
}

/** `GET /api/recognition/v1/recognizable`, `POST …/v1/recognizable/query`. */
export interface RecognizableList {
  patientId: string;
  /** 可互认结果数 (the number on the doctor station's icon). */
  count: number;
  reportCount: number;
  /** The embedded recognition page for this patient. */
  url: string;
  results: OfferedResult[];
}

/** `POST /api/recognition/v1/decisions`: `unchanged` when the clientKey was recorded before. */
export interface RecordedDecision {
  outcome: 'created' | 'unchanged';
  decision: Decision;
}

/** `GET /api/recognition/v1/trend`, oldest first. */
export interface ItemTrend {
  itemCode: string;
  points: TrendPoint[];
}

/** `GET /api/recognition/v1/decisions`: the caller's institution's records for the patient, newest first. */
export interface DecisionList {
  decisions: Decision[];
}
