import type { Queryable } from '@medunion/kernel';

export interface ProjectedReport {
  reportId: string;
  institution: string;
  kind: 'lab' | 'exam';
  reportNo: string;
  patientId: string;
  effective: string;
  issued?: string;
  /** Regional catalogue codes the report answers, with the Observation carrying each (lab analytes). */
  items: { code: string; observationId?: string }[];
}

/** Writes the recognition index row of a report in the upload's transaction (replacing its items). */
export async function projectReport(tx: Queryable, r: ProjectedReport): Promise<void> {
  await tx.query(
    `insert into recognition_report (report_id, institution, kind, report_no, patient_id, effective, issued, status, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, 'active', now())
     on conflict (report_id) do update set patient_id = excluded.patient_id, effective = excluded.effective, issued = excluded.issued, updated_at = now()`,
    [r.reportId, r.institution, r.kind, r.reportNo, r.patientId, r.effective, r.issued ?? null],
  );
  await tx.query('delete from recognition_report_item where report_id = $1', [r.reportId]);
  const unique = [...new Map(r.items.map((i) => [i.code, i])).values()];
  // One statement for all items (a lab report has up to a dozen): each round trip costs more than the row.
  await tx.query(
    'insert into recognition_report_item (report_id, item_code, observation_id) select $1, t.code, t.observation from unnest($2::text[], $3::text[]) as t(code, observation)',
    [r.reportId, unique.map((i) => i.code), unique.map((i) => i.observationId ?? null)],
  );
}

export async function markRevoked(tx: Queryable, reportId: string): Promise<void> {
  await tx.query(`update recognition_report set status = 'revoked', revoked_at = coalesce(revoked_at, now()), updated_at = now() where report_id = $1`, [reportId]);
}
