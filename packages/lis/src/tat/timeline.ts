import type { Queryable } from '@medunion/kernel';
import { isoOrNull } from '../qc/db.ts';
import type { Catalogue } from '../qc/catalogue.ts';
import type { TatLimits } from './parameters.ts';

/** When a specimen passed each step, as far as the projection has seen it. */
export interface SpecimenTimes {
  id: string;
  barcode: string | null;
  status: string;
  panels: string[];
  department: string | null;
  departmentName: string | null;
  stat: boolean;
  orderedAt: string | null;
  collectedAt: string | null;
  receivedAt: string | null;
  /** Registered for testing in the laboratory (登记上机): in test, or resulted when the in-test step was not recorded. */
  registeredAt: string | null;
  resultedAt: string | null;
  reviewedAt: string | null;
  reportedAt: string | null;
  rejectedAt: string | null;
  firstSeen: string;
}

const STAT = ['stat', 'asap', 'urgent'];

/**
 * Specimens with their step times. Times the resources carry come first — collection and receipt on the Specimen,
 * resulted = the first result produced (Observation.issued), reviewed and reported = the first release of a report
 * on the specimen (DiagnosticReport.issued) — and the time a status was first seen fills in where they say nothing
 * (registration for testing has no field of its own). `condition` is SQL over `s` (lis_stat_specimen) with
 * parameters from $2.
 */
export async function specimenTimes(q: Queryable, institution: string, condition: string, params: unknown[]): Promise<SpecimenTimes[]> {
  const { rows } = await q.query<Record<string, unknown>>(
    `select s.id, s.barcode, coalesce(s.status, 'registered') as status, s.collected_at, s.received_at, s.rejected_at, s.first_seen,
            o.ordered_at, o.panels, o.department, o.department_name, o.stat,
            coalesce(s.in_test_at, s.resulted_at, r.first_result) as registered_at,
            coalesce(r.first_result, s.resulted_at) as resulted_at,
            coalesce(d.reported_at, s.reviewed_at) as reviewed_at,
            coalesce(d.reported_at, s.reviewed_at) as reported_at
       from lis_stat_specimen s
       left join lateral (select min(o.authored_at) as ordered_at, array_remove(array_agg(distinct o.panel_code), null) as panels,
                                 max(o.department) as department, max(o.department_name) as department_name,
                                 coalesce(bool_or(o.priority = any($${params.length + 2}::text[])), false) as stat
                            from lis_stat_order o where o.id = any(s.request_ids)) o on true
       left join lateral (select min(r.resulted_at) as first_result from lis_stat_result r
                           where r.specimen_id = s.id and r.status not in ('cancelled', 'entered-in-error')) r on true
       left join lateral (select min(d.final_at) as reported_at from lis_stat_report d where d.specimen_id = s.id) d on true
      where s.institution = $1 and ${condition}`,
    [institution, ...params, STAT],
  );
  return rows.map((r) => ({
    id: String(r.id),
    barcode: (r.barcode as string | null) ?? null,
    status: String(r.status),
    panels: (r.panels as string[] | null) ?? [],
    department: (r.department as string | null) ?? null,
    departmentName: (r.department_name as string | null) ?? null,
    stat: !!r.stat,
    orderedAt: isoOrNull(r.ordered_at),
    collectedAt: isoOrNull(r.collected_at),
    receivedAt: isoOrNull(r.received_at),
    registeredAt: isoOrNull(r.registered_at),
    resultedAt: isoOrNull(r.resulted_at),
    reviewedAt: isoOrNull(r.reviewed_at),
    reportedAt: isoOrNull(r.reported_at),
    rejectedAt: isoOrNull(r.rejected_at),
    firstSeen: isoOrNull(r.first_seen)!,
  }));
}

/** Receipt-to-report target of a specimen: the strictest TAT target among its panels, else the stat or routine default. */
export function reportTargetMinutes(s: SpecimenTimes, catalogue: Catalogue, limits: TatLimits): number {
  const targets = s.panels.map((p) => catalogue.panels.get(p)?.tatTargetMinutes).filter((t): t is number => typeof t === 'number' && t > 0);
  if (targets.length) return Math.min(...targets);
  return s.stat ? limits.statReport : limits.report;
}

/** Minutes between two instants; null when either is missing or the clock ran backwards (bad data is not a TAT). */
export function minutesBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const m = (Date.parse(to) - Date.parse(from)) / 60_000;
  return m >= 0 ? m : null;
}
