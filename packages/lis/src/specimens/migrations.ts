import type { Migration } from '@medunion/kernel';

/**
 * Tables of orders and specimens (ledgers only; the specimens themselves are FHIR resources):
 * - `lis_specimen_event`: the status ledger, one row per transition with who, when and a note (the TAT clock).
 *   Each row repeats the specimen's fixed facts (barcode, patient, department, registration time) so lists by
 *   status, department and day read one partial index of current rows; `current` marks the latest row.
 * - `lis_counter`: daily sequences per institution (barcodes, requisition numbers, sample numbers per instrument).
 * - `lis_label_print`: every label printed, first prints and re-prints (补打).
 */
export const specimenMigrations: Migration[] = [
  {
    id: 'lis.201-specimen-ledger',
    up: `
create table lis_specimen_event (
  id bigserial primary key,
  institution text not null,
  specimen_id text not null,
  barcode text not null,
  patient_id text,
  department text,
  registered_at timestamptz not null,
  status text not null,
  previous_status text,
  at timestamptz not null default now(),
  actor text not null,
  actor_name text,
  practitioner text,
  note text,
  current boolean not null default true
);
create index lis_specimen_event_specimen on lis_specimen_event (specimen_id, id);
create unique index lis_specimen_event_one_current on lis_specimen_event (specimen_id) where current;
create index lis_specimen_event_by_status on lis_specimen_event (institution, status, registered_at) where current;
create index lis_specimen_event_by_department on lis_specimen_event (institution, department, registered_at) where current;
create index lis_specimen_event_transitions on lis_specimen_event (institution, status, at);
`,
  },
  {
    id: 'lis.202-counters',
    up: `
create table lis_counter (
  institution text not null,
  name text not null,
  day text not null,
  last integer not null,
  primary key (institution, name, day)
);
`,
  },
  {
    id: 'lis.203-label-prints',
    up: `
create table lis_label_print (
  id bigserial primary key,
  institution text not null,
  specimen_id text not null,
  barcode text not null,
  layout text not null,
  reprint boolean not null,
  at timestamptz not null default now(),
  actor text not null,
  actor_name text
);
create index lis_label_print_specimen on lis_label_print (specimen_id);
`,
  },
];
