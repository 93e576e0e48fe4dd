import type { Patient } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { PatientIndexServices } from '@medunion/mpi/contracts';
import type { RecognizableResult } from '../contracts/query.ts';
import type { ResultSummary } from '../upload/projection.ts';

export type { RecognizableResult } from '../contracts/query.ts';

/** A recognisable result with the summary the upload projected (absent for reports uploaded before it existed). */
export interface RecognizableRow extends RecognizableResult {
  summary?: { item: ResultSummary; conclusion?: string };
}

const GOLDEN_TAG = 'https://medunion.org/fhir/CodeSystem/mpi-record';

/** The patient index's declared service, or undefined when the platform runs without it. */
export function patientIndexOf(ctx: ModuleContext): PatientIndexServices | undefined {
  try {
    return ctx.service<PatientIndexServices>('mpi');
  } catch {
    return undefined;
  }
}

/**
 * The source Patient records of a person. The patient index answers from its tables in one lookup; without it, or
 * for a record it has not indexed yet, the FHIR view: a golden record's `seealso` links; for a source record, its
 * golden record's sources; a record not (yet) indexed stands for itself.
 */
export async function sourceRecordsOf(ctx: ModuleContext, patientId: string): Promise<string[]> {
  const person = await patientIndexOf(ctx)?.personOf(patientId);
  if (person) return [...new Set([...(person.goldenId === patientId ? [] : [patientId]), ...person.sources.map((s) => s.recordId)])];
  const patient = (await ctx.store.read(ctx.systemContext, 'Patient', patientId).catch(() => undefined)) as Patient | undefined;
  if (!patient) return [];
  const isGolden = patient.meta?.tag?.some((t) => t.system === GOLDEN_TAG && t.code === 'golden');
  let golden: Patient | undefined = isGolden ? patient : undefined;
  if (!golden) {
    const { resources } = await ctx.store.search(ctx.systemContext, 'Patient', [['link', `Patient/${patientId}`], ['_tag', `${GOLDEN_TAG}|golden`]]);
    golden = resources[0] as Patient | undefined;
  }
  const sources = (golden?.link ?? []).filter((l) => l.type === 'seealso' && l.other.reference?.startsWith('Patient/')).map((l) => l.other.reference!.slice('Patient/'.length));
  return [...new Set(isGolden ? sources : [patientId, ...sources])];
}

/** `recognizableForRecords` for a person named by one of their Patient ids (golden or source). */
export async function recognizableFor(ctx: ModuleContext, patientId: string, itemCodes: string[] | undefined, at: Date): Promise<RecognizableResult[]> {
  return (await recognizableForRecords(ctx, await sourceRecordsOf(ctx, patientId), itemCodes, at)).map(({ summary: _summary, ...result }) => result);
}

/**
 * The results recognisable for a person (their source records) at `at` (互认): the same regional item (one of `itemCodes` when given),
 * within the item's validity window of that year, from an enabled institution qualified for the item that year
 * (qualification dates covering `at`), not revoked, and with no open quality-control alarm for the item at that
 * institution. Newest first.
 */
export async function recognizableForRecords(ctx: ModuleContext, patients: string[], itemCodes: string[] | undefined, at: Date): Promise<RecognizableRow[]> {
  if (!patients.length) return [];
  const { rows } = await ctx.db.query<{
    item_code: string;
    item_name: string;
    kind: 'lab' | 'exam';
    report_id: string;
    report_no: string;
    observation_id: string | null;
    institution: string;
    institution_name: string;
    patient_id: string;
    effective: Date | string;
    issued: Date | string | null;
    valid_until: Date | string;
    summarized: boolean;
    conclusion: string | null;
    value: string | null;
    unit: string | null;
    flag: string | null;
    reference_range: string | null;
  }>(
    `select ri.item_code, yi.name as item_name, r.kind, r.report_id, r.report_no, ri.observation_id, r.institution, inst.name as institution_name,
            r.patient_id, r.effective, r.issued, r.effective + yi.validity_days * interval '1 day' as valid_until,
            r.summarized, r.conclusion, ri.value, ri.unit, ri.flag, ri.reference_range
     from recognition_report r
     join recognition_report_item ri on ri.report_id = r.report_id
     join recognition_item yi on yi.year = extract(year from $2::timestamptz at time zone 'Asia/Shanghai')::int and yi.code = ri.item_code and yi.active
     join recognition_institution inst on inst.organization_id = r.institution and inst.enabled
     join recognition_qualification q on q.year = yi.year and q.item_code = ri.item_code and q.institution = r.institution and q.allowed
       and (q.valid_from is null or q.valid_from <= ($2::timestamptz at time zone 'Asia/Shanghai')::date)
       and (q.valid_to is null or q.valid_to >= ($2::timestamptz at time zone 'Asia/Shanghai')::date)
     where r.patient_id = any($1::text[]) and r.status = 'active'
       and r.effective <= $2::timestamptz and r.effective + yi.validity_days * interval '1 day' >= $2::timestamptz
       and ($3::text[] is null or ri.item_code = any($3::text[]))
       and not exists (select 1 from recognition_qc_alarm a where a.institution = r.institution and a.item_code = ri.item_code and a.cleared_at is null)
     order by r.effective desc, ri.item_code`,
    [patients, at.toISOString(), itemCodes?.length ? itemCodes : null],
  );
  const iso = (v: Date | string) => new Date(v).toISOString();
  return rows.map((r) => ({
    itemCode: r.item_code,
    itemName: r.item_name,
    kind: r.kind,
    reportId: r.report_id,
    reportNo: r.report_no,
    ...(r.observation_id ? { observationId: r.observation_id } : {}),
    institution: r.institution,
    institutionName: r.institution_name,
    patientId: r.patient_id,
    effective: iso(r.effective),
    ...(r.issued ? { issued: iso(r.issued) } : {}),
    validUntil: iso(r.valid_until),
    ...(r.summarized ? { summary: { item: summaryRow(r), ...(r.conclusion ? { conclusion: r.conclusion } : {}) } } : {}),
  }));
}

function summaryRow(r: { value: string | null; unit: string | null; flag: string | null; reference_range: string | null }): ResultSummary {
  return {
    ...(r.value !== null ? { value: r.value } : {}),
    ...(r.unit !== null ? { unit: r.unit } : {}),
    ...(r.flag !== null ? { flag: r.flag } : {}),
    ...(r.reference_range !== null ? { referenceRange: r.reference_range } : {}),
  };
}
