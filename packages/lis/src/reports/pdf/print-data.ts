/** Everything one printed report shows, gathered from the store before layout (layout itself reads nothing). */
export interface ReportPrintData {
  reportId: string;
  reportNo: string;
  institutionName: string;
  /** 专业组 name (临检, 生化…) or code. */
  sectionName: string;
  panelNames: string[];
  patient: { name: string; sex: string; age: string; mrn?: string; inpatientNo?: string; patientType?: string; ward?: string; bed?: string };
  specimen: { barcode: string; sampleNo?: string; type?: string; collectedAt?: string; receivedAt?: string };
  department?: string;
  doctor?: string;
  rows: ReportRow[];
  images: { name: string; dataUri: string }[];
  performer?: string;
  reviewer?: string;
  /** data: URI of the reviewer's signature image. */
  signature?: string;
  reviewedAt?: string;
  /** Report status: only released reports carry a verification code. */
  status: string;
  verifyCode?: string;
  /** What the QR code encodes (the public verify page with the digest). */
  qrText?: string;
  /** Printed before: marked 补打 (re-print). */
  reprint: boolean;
  /** Not released (preview of a preliminary report): marked 未审核 across the page. */
  draft: boolean;
}

export interface ReportRow {
  name: string;
  abbreviation?: string;
  value: string;
  /** ↑ ↓ ↑↑ ↓↓ * ? */
  symbol: string;
  colour: 'red' | 'blue' | 'purple' | null;
  unit?: string;
  range?: string;
}
