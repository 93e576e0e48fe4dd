import type { Migration } from '@medunion/kernel';

/**
 * The statistics projection: one row per order (ServiceRequest), specimen (Specimen), result (Observation) and
 * report × specimen (DiagnosticReport) of the LIS, written from the store's committed changes (src/stats/project.ts).
 * FHIR stays the record; these rows are a read model so that workload, rates, volumes, income and turnaround over a
 * month are indexed GROUP BYs instead of a scan of every resource. Each row keeps the version it was built from:
 * an older or repeated event never overwrites a newer row. The specimen row also keeps when each LIS status was
 * first seen (the version's lastUpdated) — the TAT clock.
 */
export const statsMigrations: Migration[] = [
  {
    id: 'lis.510-statistics-projection',
    up: `
create table lis_stat_order (
  id text primary key,
  institution text not null,
  version integer not null,
  requisition text,
  panel_code text,
  panel_name text,
  patient_id text,
  requester text,
  requester_name text,
  department text,
  department_name text,
  patient_type text,
  priority text,
  status text not null,
  authored_at timestamptz
);
create index lis_stat_order_time on lis_stat_order (institution, authored_at);

create table lis_stat_specimen (
  id text primary key,
  institution text not null,
  version integer not null,
  barcode text,
  sample_no text,
  patient_id text,
  request_ids text[] not null default '{}',
  status text,
  collected_at timestamptz,
  received_at timestamptz,
  registered_at timestamptz,
  in_test_at timestamptz,
  resulted_at timestamptz,
  reviewed_at timestamptz,
  printed_at timestamptz,
  rejected_at timestamptz,
  first_seen timestamptz not null,
  last_updated timestamptz not null
);
create index lis_stat_specimen_received on lis_stat_specimen (institution, received_at);
create index lis_stat_specimen_seen on lis_stat_specimen (institution, first_seen);
create index lis_stat_specimen_open on lis_stat_specimen (institution, status);
create index lis_stat_specimen_requests on lis_stat_specimen using gin (request_ids);

create table lis_stat_result (
  id text primary key,
  institution text not null,
  version integer not null,
  specimen_id text,
  request_id text,
  device_id text,
  patient_id text,
  test_code text not null,
  source text,
  value_num double precision,
  value_text text,
  unit text,
  flag text,
  status text not null,
  collected_at timestamptz,
  resulted_at timestamptz not null,
  final_at timestamptz
);
create index lis_stat_result_time on lis_stat_result (institution, resulted_at);
create index lis_stat_result_test on lis_stat_result (institution, test_code, resulted_at);
create index lis_stat_result_specimen on lis_stat_result (specimen_id);
create index lis_stat_result_request on lis_stat_result (request_id);

create table lis_stat_report (
  report_id text not null,
  specimen_id text not null,
  institution text not null,
  version integer not null,
  status text not null,
  issued_at timestamptz,
  final_at timestamptz,
  primary key (report_id, specimen_id)
);
create index lis_stat_report_specimen on lis_stat_report (specimen_id);
`,
  },
];
