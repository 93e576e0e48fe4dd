import type { ReportSummary, ReportTemplate, ReportTemplateOptions } from '@medunion/lis/contracts';

/** Filters of the print centre and the bench list, as `listReports` takes them. */
export interface ReportFilter {
  instrument?: string;
  patientName?: string;
  inpatientNo?: string;
  patient?: string;
  /** Collection dates, YYYY-MM-DD, inclusive (China time on the server). */
  from?: string;
  to?: string;
  department?: string;
  doctor?: string;
  section?: string;
  /** Report number or barcode. */
  number?: string;
  status?: 'released' | 'pending' | 'recalled' | 'all';
  printed?: boolean;
  count?: number;
  offset?: number;
}

/** The query string of `listReports`: blanks left out (the server would read an empty name as a filter), text trimmed. */
export function reportQuery(f: ReportFilter): Record<string, string | number | undefined> {
  const text = (v: string | undefined) => v?.trim() || undefined;
  return {
    instrument: f.instrument,
    patientName: text(f.patientName),
    inpatientNo: text(f.inpatientNo),
    patient: f.patient,
    from: f.from,
    to: f.to,
    department: text(f.department),
    doctor: text(f.doctor),
    section: f.section,
    number: text(f.number),
    status: f.status,
    printed: f.printed === undefined ? undefined : String(f.printed),
    count: f.count,
    offset: f.offset || undefined,
  };
}

/** Where a report stands, as lists mark it with an icon and colour (seed 001 §1.4.1.2 9: 已审、未审、已打印、未打印). */
export type ReportState = 'incomplete' | 'pending' | 'released' | 'printed' | 'recalled';

export const isReleased = (status: string): boolean => status === 'final' || status === 'corrected' || status === 'amended';

export function reportState(r: Pick<ReportSummary, 'status' | 'printedCount'>): ReportState {
  if (r.status === 'entered-in-error') return 'recalled';
  if (isReleased(r.status)) return r.printedCount > 0 ? 'printed' : 'released';
  return r.status === 'partial' || r.status === 'registered' ? 'incomplete' : 'pending';
}

/** The next printing of a report already printed is a re-print (补打), and the PDF says so. */
export const willReprint = (r: Pick<ReportSummary, 'printedCount'>): boolean => r.printedCount > 0;

/** Only released reports print; the rest can be previewed. */
export const printable = (reports: readonly Pick<ReportSummary, 'status'>[]): boolean => reports.length > 0 && reports.every((r) => isReleased(r.status));

/** The public anti-counterfeit page of a report's code (the one the printed QR code opens). */
export const verifyPageUrl = (code: string): string => `/api/lis/reports/verify/${encodeURIComponent(code)}/page`;

// ---- templates ---------------------------------------------------------------------------------------------------

/** Rows per column before two columns, per paper: the server's defaults (packages/lis reports/templates.ts). */
const DOUBLE_COLUMN_ABOVE: Record<ReportTemplateOptions['pageSize'], number> = { A4: 20, B5: 16, A5: 10 };

/**
 * What a report looks like when nothing is saved: the server's built-in template. The header and footer texts are
 * the server's too (a printed report is Chinese whatever the UI language).
 */
export function defaultTemplateOptions(pageSize: ReportTemplateOptions['pageSize'] = 'A4'): ReportTemplateOptions {
  return {
    pageSize,
    orientation: 'portrait',
    doubleColumnAbove: DOUBLE_COLUMN_ABOVE[pageSize],
    title: '检验报告单',
    footerNote: '本报告仅对所检标本负责，如有疑问请于报告发出后 7 日内与检验科联系。',
    showHistograms: true,
    showSignature: true,
    showQrCode: true,
    fontSize: pageSize === 'A5' ? 8 : 9,
  };
}

/** The institution-wide template ('' section) always shows: the built-in default (version 0) until one is saved. */
export function templateRows(saved: readonly ReportTemplate[], institution: string): ReportTemplate[] {
  const rows = [...saved].sort((a, b) => (a.section === '' ? -1 : b.section === '' ? 1 : a.section.localeCompare(b.section)));
  if (rows.some((r) => r.section === '')) return rows;
  return [{ institution, section: '', version: 0, options: defaultTemplateOptions(), createdBy: '', createdAt: '' }, ...rows];
}

/** The template a section's reports print with: its own, else the institution-wide one, else the default. */
export function templateFor(saved: readonly ReportTemplate[], section: string): ReportTemplateOptions {
  return (saved.find((t) => t.section === section) ?? saved.find((t) => t.section === ''))?.options ?? defaultTemplateOptions();
}

/** The template body as saved: texts trimmed, an empty subtitle or footer left out rather than stored blank. */
export function templateBody(values: ReportTemplateOptions): ReportTemplateOptions {
  const { subtitle, footerNote, ...rest } = values;
  return {
    ...rest,
    title: rest.title.trim(),
    ...(subtitle?.trim() ? { subtitle: subtitle.trim() } : {}),
    ...(footerNote?.trim() ? { footerNote: footerNote.trim() } : {}),
  };
}

/** Changing the paper moves the two-column threshold along when the user had not changed it. */
export function withPageSize(values: ReportTemplateOptions, pageSize: ReportTemplateOptions['pageSize']): ReportTemplateOptions {
  const keptDefault = values.doubleColumnAbove === DOUBLE_COLUMN_ABOVE[values.pageSize];
  return { ...values, pageSize, ...(keptDefault ? { doubleColumnAbove: DOUBLE_COLUMN_ABOVE[pageSize] } : {}) };
}

/** Signature images the server accepts (raw bytes up to 1 MB). */
export function signatureProblem(file: { type: string; size: number }): 'type' | 'size' | undefined {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') return 'type';
  return file.size > 1024 * 1024 ? 'size' : undefined;
}
