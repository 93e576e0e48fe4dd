import type { DiagnosticReport, Observation, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { DeliveredEventLike, ModuleBatchEventHandler, ModuleContext, Queryable } from '@medunion/kernel';
import { ingestPbrtqcPoint } from '../qc/pbrtqc/ingest.ts';
import { isReleased, lastUpdatedOf, orderFields, reportSpecimens, resultFields, specimenFields, versionOf } from './fhir-fields.ts';

/** The first time each LIS status was seen: the TAT clock when the specimens area's ledger is not at hand. */
const STATUS_COLUMNS: Record<string, string> = {
  registered: 'registered_at',
  'in-test': 'in_test_at',
  resulted: 'resulted_at',
  reviewed: 'reviewed_at',
  printed: 'printed_at',
  rejected: 'rejected_at',
};

async function projectOrder(tx: Queryable, institution: string, sr: ServiceRequest): Promise<void> {
  const f = orderFields(sr, institution);
  await tx.query(
    `insert into lis_stat_order (id, institution, version, requisition, panel_code, panel_name, patient_id, requester, requester_name, department, department_name, patient_type, priority, status, authored_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (id) do update set version = excluded.version, requisition = excluded.requisition, panel_code = excluded.panel_code, panel_name = excluded.panel_name,
       patient_id = excluded.patient_id, requester = excluded.requester, requester_name = excluded.requester_name, department = excluded.department,
       department_name = excluded.department_name, patient_type = excluded.patient_type, priority = excluded.priority, status = excluded.status, authored_at = excluded.authored_at
     where lis_stat_order.version < excluded.version`,
    [sr.id, institution, versionOf(sr), f.requisition, f.panelCode, f.panelName, f.patientId, f.requester, f.requesterName, f.department, f.departmentName, f.patientType, f.priority, f.status, f.authoredAt],
  );
}

async function projectSpecimen(tx: Queryable, institution: string, s: Specimen): Promise<void> {
  const f = specimenFields(s, institution);
  const seen = lastUpdatedOf(s);
  const firstSeen: Record<string, string | null> = Object.fromEntries(Object.values(STATUS_COLUMNS).map((c) => [c, null]));
  if (f.status && STATUS_COLUMNS[f.status]) firstSeen[STATUS_COLUMNS[f.status]] = seen;
  // A status without its own timestamp field still dates the step: collected/received by the first version showing it.
  const collectedAt = f.collectedAt ?? (f.status === 'collected' ? seen : null);
  const receivedAt = f.receivedAt ?? (f.status === 'received' ? seen : null);
  const cols = Object.keys(firstSeen);
  await tx.query(
    `insert into lis_stat_specimen (id, institution, version, barcode, sample_no, patient_id, request_ids, status, collected_at, received_at, first_seen, last_updated, ${cols.join(', ')})
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, ${cols.map((_, i) => `$${12 + i}`).join(', ')})
     on conflict (id) do update set version = excluded.version, barcode = excluded.barcode, sample_no = excluded.sample_no, patient_id = excluded.patient_id,
       request_ids = excluded.request_ids, status = excluded.status, last_updated = excluded.last_updated,
       collected_at = coalesce(excluded.collected_at, lis_stat_specimen.collected_at),
       received_at = coalesce(excluded.received_at, lis_stat_specimen.received_at),
       ${cols.map((c) => `${c} = coalesce(lis_stat_specimen.${c}, excluded.${c})`).join(', ')}
     where lis_stat_specimen.version < excluded.version`,
    [s.id, institution, versionOf(s), f.barcode, f.sampleNo, f.patientId, f.requestIds, f.status, collectedAt, receivedAt, seen, ...cols.map((c) => firstSeen[c])],
  );
}

async function projectResult(tx: Queryable, institution: string, o: Observation): Promise<void> {
  const f = resultFields(o, institution);
  if (!f.testCode) return; // not a result of this laboratory's catalogue
  await tx.query(
    `insert into lis_stat_result (id, institution, version, specimen_id, request_id, device_id, patient_id, test_code, source, value_num, value_text, unit, flag, status, collected_at, resulted_at, final_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     on conflict (id) do update set version = excluded.version, specimen_id = excluded.specimen_id, request_id = excluded.request_id, device_id = excluded.device_id,
       patient_id = excluded.patient_id, test_code = excluded.test_code, source = excluded.source, value_num = excluded.value_num, value_text = excluded.value_text,
       unit = excluded.unit, flag = excluded.flag, status = excluded.status, collected_at = excluded.collected_at, resulted_at = excluded.resulted_at,
       final_at = coalesce(lis_stat_result.final_at, excluded.final_at)
     where lis_stat_result.version < excluded.version`,
    [
      o.id,
      institution,
      versionOf(o),
      f.specimenId,
      f.requestId,
      f.deviceId,
      f.patientId,
      f.testCode,
      f.calculated ? 'calculated' : 'measured',
      f.valueNum,
      f.valueText,
      f.unit,
      f.flag,
      f.status,
      f.collectedAt,
      f.resultedAt,
      isReleased(o.status) ? lastUpdatedOf(o) : null,
    ],
  );
}

async function projectReport(tx: Queryable, institution: string, d: DiagnosticReport): Promise<void> {
  const specimens = reportSpecimens(d);
  const finalAt = isReleased(d.status) ? (d.issued ?? lastUpdatedOf(d)) : null;
  await tx.query('delete from lis_stat_report where report_id = $1 and version < $2 and not (specimen_id = any($3::text[]))', [d.id, versionOf(d), specimens]);
  for (const specimen of specimens) {
    await tx.query(
      `insert into lis_stat_report (report_id, specimen_id, institution, version, status, issued_at, final_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (report_id, specimen_id) do update set version = excluded.version, status = excluded.status, issued_at = excluded.issued_at,
         final_at = coalesce(lis_stat_report.final_at, excluded.final_at)
       where lis_stat_report.version < excluded.version`,
      [d.id, specimen, institution, versionOf(d), d.status, d.issued ?? null, finalAt],
    );
  }
}

const TABLES: Record<string, [table: string, key: string]> = {
  ServiceRequest: ['lis_stat_order', 'id'],
  Specimen: ['lis_stat_specimen', 'id'],
  Observation: ['lis_stat_result', 'id'],
  DiagnosticReport: ['lis_stat_report', 'report_id'],
};

/**
 * Projects committed LIS resource changes into the statistics tables, and feeds new numeric results to PBRTQC, in one
 * transaction per batch (all or nothing: after a failure the bus redelivers the events one at a time). Subscribed as
 * `<Type>:*`, which delivers a change once per topic (`Observation:update` and `Observation:final`): repeats of a
 * version are skipped here, and older versions are ignored by the upserts. Resources without an institution are
 * not a laboratory's and are skipped.
 */
export async function projectChanges(ctx: ModuleContext, events: DeliveredEventLike[]): Promise<void> {
  const seen = new Set<string>();
  const changes = events.filter((e) => {
    const key = `${e.resourceType}/${e.resourceId}/${e.versionId ?? ''}/${e.action}`;
    if (seen.has(key) || !e.institution || !TABLES[e.resourceType]) return false;
    seen.add(key);
    return true;
  });
  if (!changes.length) return;
  await ctx.db.transaction(async (tx) => {
    for (const e of changes) {
      const institution = e.institution!;
      const resource = e.payload as { resourceType: string; id?: string } | null;
      if (e.action === 'delete' || !resource?.id) {
        const [table, key] = TABLES[e.resourceType];
        await tx.query(`delete from ${table} where ${key} = $1`, [e.resourceId]);
        continue;
      }
      if (e.resourceType === 'ServiceRequest') await projectOrder(tx, institution, resource as ServiceRequest);
      else if (e.resourceType === 'Specimen') await projectSpecimen(tx, institution, resource as Specimen);
      else if (e.resourceType === 'DiagnosticReport') await projectReport(tx, institution, resource as DiagnosticReport);
      else {
        const o = resource as Observation;
        await projectResult(tx, institution, o);
        if (e.action === 'create') await ingestPbrtqcPoint(tx, institution, o);
      }
    }
  });
}

/** The reaction the QC part declares for each projected resource type. */
export const projectionHandler: ModuleBatchEventHandler = { batch: (events, ctx) => projectChanges(ctx, events), batchSize: 200 };
