import type { Migration } from '@medunion/kernel';

/**
 * The module's configuration and its recognition index. Configuration (participants, years, items, qualifications)
 * has no natural FHIR resource and is joined on every recognisability question; the uploaded clinical data itself
 * is FHIR (DiagnosticReport, Observation, ImagingStudy…), and `recognition_report*` is a projection of it written
 * in the same transaction, so "what is recognisable for this patient" is one indexed query.
 */
export const recognitionMigrations: Migration[] = [
  {
    id: 'recognition.001-schema',
    up: `
create table recognition_institution (
  organization_id text primary key,
  code text not null unique,
  name text not null,
  short_name text,
  level text not null,
  contact text,
  phone text,
  enabled boolean not null default true,
  search_keys text not null default '',
  updated_by text,
  updated_at timestamptz not null default now()
);
create table recognition_year (
  year integer primary key,
  name text not null,
  created_by text,
  created_at timestamptz not null default now()
);
create table recognition_item (
  year integer not null references recognition_year (year),
  code text not null,
  kind text not null,
  name text not null,
  validity_days integer not null,
  specimen text,
  body_part text,
  method_constraint text,
  active boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (year, code)
);
create table recognition_qualification (
  year integer not null,
  item_code text not null,
  institution text not null references recognition_institution (organization_id),
  allowed boolean not null,
  valid_from date,
  valid_to date,
  updated_by text,
  updated_at timestamptz not null default now(),
  primary key (year, item_code, institution),
  foreign key (year, item_code) references recognition_item (year, code)
);
create table recognition_report (
  report_id text primary key,
  institution text not null,
  kind text not null,
  report_no text not null,
  patient_id text not null,
  effective timestamptz not null,
  issued timestamptz,
  status text not null default 'active',
  revoked_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (institution, kind, report_no)
);
create index recognition_report_patient on recognition_report (patient_id);
create table recognition_report_item (
  report_id text not null references recognition_report (report_id),
  item_code text not null,
  observation_id text,
  primary key (report_id, item_code)
);
create table recognition_qc_alarm (
  id bigserial primary key,
  institution text not null,
  item_code text not null,
  reason text not null,
  raised_at timestamptz not null default now(),
  cleared_at timestamptz
);
create index recognition_qc_alarm_open on recognition_qc_alarm (institution, item_code) where cleared_at is null;
`,
  },
  {
    // What a doctor sees of a result at a glance (value, unit, flag, range; a report's conclusion), kept with the
    // index rows at upload, so the doctor-side lists are one query instead of two FHIR searches per call. Rows
    // written before this (`summarized` false) are still completed from the FHIR resources.
    id: 'recognition.003-result-summary',
    up: `
alter table recognition_report add column conclusion text;
alter table recognition_report add column summarized boolean not null default false;
alter table recognition_report_item add column value text;
alter table recognition_report_item add column unit text;
alter table recognition_report_item add column flag text;
alter table recognition_report_item add column reference_range text
`,
  },
];
