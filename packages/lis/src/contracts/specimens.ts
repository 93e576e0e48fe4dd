// Shapes of /api/lis/orders and /api/lis/specimens (types only): orders, accession, labels, specimen workflow, pools.

/** The patient an order is for: by resource id, or by MRN (病历号) or resident ID card (身份证号) within the institution. */
export interface LabOrderPatientRef {
  id?: string;
  mrn?: string;
  idCard?: string;
}

/** 患者类型 (national patient-type code set): 1 门诊, 2 急诊, 3 住院, 4 体检. */
export type LabPatientType = '1' | '2' | '3' | '4';

/** A requisition (检验申请单) with one or more panels; each panel becomes one ServiceRequest. */
export interface LabOrderInput {
  patient: LabOrderPatientRef;
  /** 申请单号; generated (R + date + sequence) when absent. Resending the same requisition and panels changes nothing. */
  requisition?: string;
  /** Panel codes of the catalogue. */
  panels?: string[];
  /** An order template (医嘱模板, a named set of panels) whose panels are added. */
  template?: string;
  patientType?: LabPatientType;
  /** Ordering department: Organization id or department code. */
  department?: string;
  ward?: string;
  bed?: string;
  /** Practitioner id of the ordering doctor; default: the caller's own practitioner. */
  requester?: string;
  priority?: 'routine' | 'stat';
  /** 临床诊断 as written, and its ICD-10 code when known. */
  diagnosis?: string;
  diagnosisCode?: string;
  note?: string;
  /** Confirms orders the duplicate-order check warned about (same patient, same panel, not yet reported). */
  confirmDuplicates?: boolean;
  /** Also split the panels into tubes and assign barcodes now. */
  accession?: boolean;
}

/** An earlier order of the same panel for the same patient that has no report yet. */
export interface LabDuplicateOrder {
  panel: string;
  panelName: string;
  requisition: string;
  orderId: string;
  authoredOn?: string;
}

export interface LabOrderLine {
  id: string;
  panel: string;
  panelName: string;
  status: string;
  priority: 'routine' | 'stat';
}

export interface LabOrderResult {
  requisition: string;
  patient: { id: string; name?: string };
  /** created: new; existing: the same requisition and panels were received before (idempotent resend). */
  outcome: 'created' | 'existing';
  orders: LabOrderLine[];
  /** Duplicates that were confirmed with `confirmDuplicates`. */
  duplicates: LabDuplicateOrder[];
  specimens?: AccessionedSpecimen[];
}

/** A tube created by accession (one per patient × tube type). */
export interface AccessionedSpecimen {
  id: string;
  barcode: string;
  patientId: string;
  tube: { code: string; name: string; capColour: string; capColourName: string; capColourHex: string; specimenType: string };
  panels: { code: string; name: string }[];
  priority: 'routine' | 'stat';
}

export interface AccessionInput {
  /** 申请单号: every live order line of the requisition without a live specimen. */
  requisition?: string;
  /** Or explicit ServiceRequest ids. */
  orders?: string[];
}

/** 医嘱模板 for manual entry: a named set of panels per lab section. */
export interface LabOrderTemplateInput {
  code: string;
  name: string;
  section: string;
  panels: string[];
  active?: boolean;
}

export type LabOrderTemplate = LabOrderTemplateInput & { id: string; active: boolean; pinyin: string[] };

export interface LabOrderImportResult {
  rows: number;
  requisitions: LabOrderResult[];
}

export type LabelLayout = 'sheet' | 'single';

export interface LabelPrintInput {
  barcodes: string[];
  /** A4 sheet of 3 × 8 labels (70 × 37 mm), or one 50 × 30 mm label per page for label printers. */
  layout?: LabelLayout;
}

export interface CollectInput {
  /** When it was drawn; default now. */
  collectedAt?: string;
  /** Practitioner id of the collector; default the caller's practitioner. */
  collector?: string;
}

export interface ReceiveOutcome {
  barcode: string;
  outcome: 'received' | 'already-received' | 'not-found' | 'rejected' | 'refused';
  specimenId?: string;
  status?: string;
  message?: string;
  /** Set when the specimen's priority is stat (急). */
  stat?: boolean;
}

export interface RejectInput {
  /** Code of the rejection-reason code system (hemolysed, lipaemic, clotted, insufficient, …). */
  reason: string;
  note?: string;
}

export interface ConcessionInput {
  /** Why the laboratory tests it anyway (让步检验原因). */
  reason: string;
  /** quality: a specimen problem accepted (with `problem`); green-channel: emergency / 绿色通道 / 院批 ahead of the normal flow. */
  kind: 'quality' | 'green-channel';
  /** The rejection-reason code of the accepted problem (quality concessions). */
  problem?: string;
}

export interface SampleNumberInput {
  /** Instrument code (Device identifier). */
  instrument: string;
}

export interface SpecimenTimelineEntry {
  status: string;
  statusName: string;
  previousStatus: string | null;
  at: string;
  actor: string;
  actorName: string | null;
  note: string | null;
}

export interface SpecimenTimeline {
  specimenId: string;
  barcode: string;
  status: string;
  events: SpecimenTimelineEntry[];
  labels: { at: string; reprint: boolean; layout: string; actorName: string | null }[];
}

/** A row of the specimen lists. */
export interface SpecimenSummary {
  id: string;
  barcode: string;
  sampleNumber?: string;
  status: string;
  statusName: string;
  patient: { id: string; name?: string } | null;
  department?: string;
  tube?: string;
  specimenType?: string;
  panels: string[];
  priority: 'routine' | 'stat';
  /** When accessioned (lists). */
  registeredAt?: string;
  receivedTime?: string;
  collectedAt?: string;
  rejection?: { reason: string; reasonName: string; note?: string; at?: string };
  concession?: { kind: string; reason: string };
}

export interface SpecimenList {
  total: number;
  items: SpecimenSummary[];
}

/** The ward's view of a rejected specimen: the open recollection task with its reason. */
export interface WardRejection {
  taskId: string;
  taskStatus: string;
  barcode: string;
  specimenId: string;
  patient: { id: string; name?: string } | null;
  reason: string;
  reasonName: string;
  note?: string;
  rejectedAt?: string;
  panels: string[];
}

export interface PoolInput {
  /** Barcodes of the individual specimens (at most 10). */
  members: string[];
}

export interface PoolMember {
  specimenId: string;
  barcode: string;
  patient: { id: string; name?: string; phone?: string; mrn?: string; idCard?: string };
  department?: string;
  recallTaskId?: string;
}

export interface PoolResult {
  pool: { id: string; barcode: string; status: string; positive: boolean };
  members: PoolMember[];
}
