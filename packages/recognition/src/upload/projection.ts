import type { Queryable } from '@medunion/kernel';

export interface ProjectedReport {
  reportId: string;
  institution: string;
  kind: 'lab' | 'exam';
  reportNo: string;
  patientId: string;
  effective: string;
  issued?: string;
  /** The report's conclusion (结论), shown with exam and panel rows. */
  conclusion?: string;
  /** Regional catalogue codes the report answers, with the Observation carrying each and its summary (lab analytes). */
  items: ({ code: string; observationId?: string } & ResultSummary)[];
}

/** What a doctor sees of an analyte at a glance (the same text the FHIR Observation gives, see query/results.ts). */
export interface ResultSummary {
  value?: string;
  unit?: string;
  flag?: string;
  referenceRange?: string;
}

/** Writes the recognition index row of a report in the upload's transaction (replacing its items). */
export async function projectReport(tx: Queryable, r: ProjectedReport): Promise<void> {
  await tx.query(
    `insert into recognition_report (report_id, institution, kind, report_no, patient_id, effective, issued, conclusion, summarized, status, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, true, 'active', now())
     on conflict (report_id) do update set patient_id = excluded.patient_id, effective = excluded.effective, issued = excluded.issued,
       conclusion = excluded.conclusion, summarized = true, updated_at = now()`,
    [r.reportId, r.institution, r.kind, r.reportNo, r.patientId, r.effective, r.issued ?? null, r.conclusion ?? null],
  );
  await tx.query('delete from recognition_report_item where report_id = $1', [r.reportId]);
  const unique = [...new Map(r.items.map((i) => [i.code, i])).values()];
  // One statement for all items (a lab report has up to a dozen): each round trip costs more than the row.
  const column = (pick: (i: (typeof unique)[number]) => string | undefined) => unique.map((i) => pick(i) ?? null);
  await tx.query(
    `insert into recognition_report_item (report_id, item_code, observation_id, value, unit, flag, reference_range)
     select $1, t.code, t.observation, t.value, t.unit, t.flag, t.range from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as t(code, observation, value, unit, flag, range)`,
    [r.reportId, column((i) => i.code), column((i) => i.observationId), column((i) => i.value), column((i) => i.unit), column((i) => i.flag), column((i) => i.referenceRange)],
  );
}

export async function markRevoked(tx: Queryable, reportId: string): Promise<void> {
  await tx.query(`update recognition_report set status = 'revoked', revoked_at = coalesce(revoked_at, now()), updated_at = now() where report_id = $1`, [reportId]);
}
