import type { DiagnosticReport, Observation, Patient } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import type { OrderingUnit } from '../results/critical/ordering-unit.ts';
import { idOf } from '../results/fhir.ts';
import { panelCodesOf, reportNoOf, sectionOf } from '../results/report.ts';
import { patientFacts } from '../results/subject.ts';

export interface IndexInput {
  institution: string;
  report: DiagnosticReport & { id: string };
  observations: Observation[];
  barcode: string;
  /** Undefined for a pooled specimen (混检), which has no single patient. */
  patient?: Patient & { id: string };
  /** The ordering department and doctor, names resolved (orderingUnitNamed). */
  ordering: OrderingUnit;
  /** Numbers the patient is known by (病历号, 住院号, 门诊号…), searched as typed. */
  extraIdentifiers?: string[];
}

/**
 * Writes a report's row of the print-centre projection in the transaction that wrote the report, so the print
 * centre's filters are one indexed query. Printing columns (count, last printed) are the print log's and are kept.
 */
export async function indexReport(tx: Queryable, i: IndexInput): Promise<void> {
  const ordering = i.ordering;
  const identifiers = [...(i.patient?.identifier ?? []).map((x) => x.value), ...(i.extraIdentifiers ?? [])].filter((v): v is string => !!v);
  const instruments = [...new Set(i.observations.map((o) => idOf(o.device)).filter((d): d is string => !!d))];
  const reviewer = i.report.resultsInterpreter?.[0]?.display;
  await tx.query(
    `insert into lis_report_index (report_id, institution, report_no, specimen_id, barcode, section, panels, patient_id, patient_name, patient_identifiers,
       department_id, department_name, doctor_id, doctor_name, instruments, status, collected_at, reviewed_at, reviewer_name, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text[], $16, $17::timestamptz, $18::timestamptz, $19, now())
     on conflict (report_id) do update set report_no = excluded.report_no, section = excluded.section, panels = excluded.panels, patient_name = excluded.patient_name,
       patient_identifiers = excluded.patient_identifiers, department_id = excluded.department_id, department_name = excluded.department_name,
       doctor_id = excluded.doctor_id, doctor_name = excluded.doctor_name, instruments = excluded.instruments, status = excluded.status,
       collected_at = excluded.collected_at, reviewed_at = excluded.reviewed_at, reviewer_name = excluded.reviewer_name, updated_at = now()`,
    [
      i.report.id,
      i.institution,
      reportNoOf(i.report, i.institution),
      idOf(i.report.specimen?.[0]) ?? '',
      i.barcode,
      sectionOf(i.report),
      panelCodesOf(i.report).join(','),
      i.patient?.id ?? '',
      i.patient ? patientFacts(i.patient).name : '混检',
      ` ${identifiers.join(' ')} `,
      idOf(ordering.department) ?? null,
      ordering.departmentName ?? null,
      idOf(ordering.doctor) ?? null,
      ordering.doctorName ?? null,
      instruments,
      i.report.status,
      i.report.effectiveDateTime ?? null,
      i.report.issued && isReleased(i.report.status) ? i.report.issued : null,
      isReleased(i.report.status) ? (reviewer ?? null) : null,
    ],
  );
}

const isReleased = (status: string | undefined) => status === 'final' || status === 'corrected' || status === 'amended';

/** Status change without a full rebuild (un-review, recall). */
export async function indexStatus(tx: Queryable, report: DiagnosticReport & { id: string }): Promise<void> {
  await tx.query('update lis_report_index set status = $2, reviewed_at = $3::timestamptz, reviewer_name = $4, updated_at = now() where report_id = $1', [
    report.id,
    report.status,
    isReleased(report.status) ? (report.issued ?? null) : null,
    isReleased(report.status) ? (report.resultsInterpreter?.[0]?.display ?? null) : null,
  ]);
}
