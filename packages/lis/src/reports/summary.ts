import type { DiagnosticReport } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import type { RecognitionPushStatus, ReportSummary } from '../contracts/results.ts';
import { isReleasedReport } from '../results/codes.ts';
import { idOf } from '../results/fhir.ts';
import { panelCodesOf, reportNoOf, sectionOf } from '../results/report.ts';
import { pushStatuses } from './recognition/state.ts';

export interface IndexRow {
  report_id: string;
  barcode: string;
  patient_name: string;
  department_name: string | null;
  doctor_name: string | null;
  printed_count: number;
  last_printed_at: Date | string | null;
  collected_at: Date | string | null;
}

export async function indexRows(db: Queryable, reportIds: string[]): Promise<Map<string, IndexRow>> {
  if (!reportIds.length) return new Map();
  const { rows } = await db.query<IndexRow>(
    'select report_id, barcode, patient_name, department_name, doctor_name, printed_count, last_printed_at, collected_at from lis_report_index where report_id = any($1::text[])',
    [reportIds],
  );
  return new Map(rows.map((r) => [r.report_id, r]));
}

const iso = (v: Date | string | null | undefined): string | undefined => (v ? new Date(v).toISOString() : undefined);

/** A report as lists show it: the resource's facts plus the print centre's row and the 互认 push status. */
export function summaryOf(report: DiagnosticReport & { id: string }, institution: string, row?: IndexRow, push?: RecognitionPushStatus): ReportSummary {
  const released = isReleasedReport(report.status);
  return {
    reportId: report.id,
    reportNo: reportNoOf(report, institution),
    status: report.status,
    section: sectionOf(report),
    panels: panelCodesOf(report),
    specimenId: idOf(report.specimen?.[0]) ?? '',
    barcode: row?.barcode ?? '',
    patientId: idOf(report.subject) ?? '',
    patientName: row?.patient_name ?? '',
    ...(released && report.issued ? { reviewedAt: report.issued } : {}),
    ...(released && report.resultsInterpreter?.[0]?.display ? { reviewer: report.resultsInterpreter[0].display } : {}),
    printedCount: Number(row?.printed_count ?? 0),
    ...(iso(row?.last_printed_at) ? { lastPrintedAt: iso(row?.last_printed_at) } : {}),
    ...(row?.department_name ? { department: row.department_name } : {}),
    ...(row?.doctor_name ? { doctor: row.doctor_name } : {}),
    ...(report.effectiveDateTime ? { collectedAt: report.effectiveDateTime } : {}),
    ...(push ? { recognition: push } : {}),
  };
}

/** Summaries of several reports with their rows and push statuses (two queries). */
export async function summariesOf(db: Queryable, institution: string, reports: (DiagnosticReport & { id: string })[]): Promise<ReportSummary[]> {
  const ids = reports.map((r) => r.id);
  const [rows, pushes] = [await indexRows(db, ids), await pushStatuses(db, ids)];
  return reports.map((r) => summaryOf(r, institution, rows.get(r.id), pushes.get(r.id)));
}
