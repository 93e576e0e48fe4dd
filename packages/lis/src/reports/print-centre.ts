import type { DiagnosticReport } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { ReportSummary } from '../contracts/results.ts';
import { summariesOf } from './summary.ts';
import { type LabCaller } from '../http/caller.ts';

/** Filters of the print centre (打印中心, seed 000 §一 3 and seed 001 §1.4.1.2). */
export interface PrintCentreFilter {
  instrument?: string;
  /** Part of the patient's name (姓名), or the pinyin-free name as typed. */
  patientName?: string;
  /** A number the patient is known by: 住院号, 病历号/门诊号 (matched whole). */
  inpatientNo?: string;
  patient?: string;
  /** Collection date range, China time (YYYY-MM-DD, inclusive). */
  from?: string;
  to?: string;
  /** Ordering department: its Organization id or part of its name. */
  department?: string;
  /** Ordering doctor: Practitioner id or part of the name. */
  doctor?: string;
  section?: string;
  /** Report or barcode number. */
  number?: string;
  status?: 'released' | 'pending' | 'recalled' | 'all';
  printed?: boolean;
  count: number;
  offset: number;
}

const CHINA = '+08:00';

/**
 * The print centre's list: one indexed query over the report projection, filtered as the seeds ask, newest
 * collection first; the page's reports are then read through the store as the caller, so access policies (a VIP
 * patient hidden from some roles) apply to what the list shows.
 */
export async function listReports(ctx: ModuleContext, caller: LabCaller, f: PrintCentreFilter): Promise<{ total: number; reports: ReportSummary[] }> {
  const where = ['institution = $1'];
  const params: unknown[] = [caller.institution];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.instrument) add((p) => `${p} = any(instruments)`, f.instrument);
  if (f.patientName) add((p) => `patient_name ilike ${p}`, `%${escapeLike(f.patientName)}%`);
  if (f.inpatientNo) add((p) => `patient_identifiers like ${p}`, `% ${escapeLike(f.inpatientNo)} %`);
  if (f.patient) add((p) => `patient_id = ${p}`, f.patient);
  if (f.from) add((p) => `collected_at >= ${p}::timestamptz`, `${f.from}T00:00:00${CHINA}`);
  if (f.to) add((p) => `collected_at < (${p}::timestamptz + interval '1 day')`, `${f.to}T00:00:00${CHINA}`);
  if (f.department) add((p) => `(department_id = ${p} or department_name ilike '%' || ${p} || '%')`, f.department);
  if (f.doctor) add((p) => `(doctor_id = ${p} or doctor_name ilike '%' || ${p} || '%')`, f.doctor);
  if (f.section) add((p) => `section = ${p}`, f.section);
  if (f.number) add((p) => `(report_no = ${p} or barcode = ${p})`, f.number);
  if (f.status === 'released') where.push(`status in ('final', 'corrected', 'amended')`);
  if (f.status === 'pending') where.push(`status in ('partial', 'preliminary')`);
  if (f.status === 'recalled') where.push(`status = 'entered-in-error'`);
  if (f.printed !== undefined) where.push(f.printed ? 'printed_count > 0' : 'printed_count = 0');
  const clause = where.join(' and ');
  const total = Number((await ctx.db.query<{ n: number | string }>(`select count(*) as n from lis_report_index where ${clause}`, params)).rows[0].n);
  const { rows } = await ctx.db.query<{ report_id: string }>(
    `select report_id from lis_report_index where ${clause} order by collected_at desc nulls last, report_no limit ${Math.min(500, f.count)} offset ${Math.max(0, f.offset)}`,
    params,
  );
  const ids = rows.map((r) => r.report_id);
  if (!ids.length) return { total, reports: [] };
  const visible = (await ctx.store.search(caller.request, 'DiagnosticReport', [['_id', ids.join(',')], ['_count', String(ids.length)]])).resources as (DiagnosticReport & { id: string })[];
  const byId = new Map(visible.map((r) => [r.id, r]));
  return { total, reports: await summariesOf(ctx.db, caller.institution, ids.map((id) => byId.get(id)).filter((r): r is DiagnosticReport & { id: string } => !!r)) };
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
