import type { Migration } from '@medunion/kernel';

/**
 * Area 4's ledgers and lookups. Results and reports themselves are FHIR (Observation, DiagnosticReport, Media,
 * Communication, Task); these tables hold what has no FHIR home or must be one indexed query:
 * - `lis_report_index`: a projection of each report for the print centre's filters (instrument, patient, inpatient
 *   no., department, doctor, dates, printed), written in the transaction that writes the report;
 * - `lis_print_log`: every printing (who, when, copy number, re-print), the printed status's ledger;
 * - `lis_report_template`: print templates per institution and lab section, versioned (one change serves every station);
 * - `lis_signature`: a reviewer's signature image (blob) per practitioner;
 * - `lis_report_verification`: anti-counterfeit codes → report and the digest of the content released;
 * - `lis_recognition_push`: the push of each released report to 互认 (wanted state, status, attempts, last error).
 */
export const reportMigrations: Migration[] = [
  {
    id: 'lis.401-reports',
    up: `
create table lis_report_index (
  report_id text primary key,
  institution text not null,
  report_no text not null,
  specimen_id text not null,
  barcode text not null,
  section text not null default '',
  panels text not null default '',
  patient_id text not null,
  patient_name text not null default '',
  patient_identifiers text not null default '',
  department_id text,
  department_name text,
  doctor_id text,
  doctor_name text,
  instruments text[] not null default '{}',
  status text not null,
  collected_at timestamptz,
  reviewed_at timestamptz,
  reviewer_name text,
  printed_count integer not null default 0,
  last_printed_at timestamptz,
  last_printed_by text,
  updated_at timestamptz not null default now()
);
create index lis_report_index_inst_collected on lis_report_index (institution, collected_at desc);
create index lis_report_index_inst_patient on lis_report_index (institution, patient_id);
create index lis_report_index_inst_no on lis_report_index (institution, report_no);
create table lis_print_log (
  id bigserial primary key,
  report_id text not null,
  institution text not null,
  printed_at timestamptz not null default now(),
  printed_by text not null,
  printed_by_name text not null,
  copy_no integer not null,
  reprint boolean not null,
  batch_id text not null,
  template_version integer
);
create index lis_print_log_report on lis_print_log (report_id, printed_at);
create table lis_report_template (
  institution text not null,
  section text not null,
  version integer not null,
  options jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now(),
  primary key (institution, section, version)
);
create table lis_signature (
  institution text not null,
  practitioner_id text not null,
  blob_urn text not null,
  content_type text not null,
  uploaded_by text not null,
  uploaded_at timestamptz not null default now(),
  primary key (institution, practitioner_id)
);
create table lis_report_verification (
  code text primary key,
  report_id text not null unique,
  institution text not null,
  digest text not null,
  issued_at timestamptz not null default now()
);
create table lis_recognition_push (
  report_id text primary key,
  institution text not null,
  report_no text not null,
  wanted text not null,
  status text not null,
  attempts integer not null default 0,
  last_error text,
  pushed jsonb not null default '[]',
  skipped jsonb not null default '[]',
  updated_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);
create index lis_recognition_push_status on lis_recognition_push (status, updated_at)`,
  },
];
