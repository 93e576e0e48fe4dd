import type { Migration } from '@medunion/kernel';

/**
 * Patient-based real-time QC (PBRTQC): per-item settings that override the defaults, one stream state per
 * item × institution × instrument (running EWMA and the point after which the moving window starts, moved by a
 * clear), the ledger of series points (one per uploaded result, idempotent by Observation id) and what an alarm
 * needs to be explainable and clearable with a note.
 */
export const qcMigrations: Migration[] = [
  {
    id: 'recognition.002-pbrtqc',
    up: `
alter table recognition_qc_alarm add column instrument text;
alter table recognition_qc_alarm add column rule text;
alter table recognition_qc_alarm add column details jsonb;
alter table recognition_qc_alarm add column cleared_by text;
alter table recognition_qc_alarm add column clear_note text;
create table recognition_qc_setting (
  item_code text primary key,
  settings jsonb not null,
  updated_by text,
  updated_at timestamptz not null default now()
);
create table recognition_qc_stream (
  institution text not null,
  item_code text not null,
  instrument text not null,
  ewma double precision,
  reset_after bigint not null default 0,
  primary key (institution, item_code, instrument)
);
create table recognition_qc_point (
  id bigserial primary key,
  observation_id text not null unique,
  institution text not null,
  item_code text not null,
  instrument text not null,
  effective timestamptz,
  value double precision not null,
  included boolean not null,
  ma double precision,
  ewma double precision,
  target double precision not null,
  ma_low double precision not null,
  ma_high double precision not null,
  ewma_low double precision not null,
  ewma_high double precision not null,
  rule text,
  created_at timestamptz not null default now()
);
create index recognition_qc_point_stream on recognition_qc_point (institution, item_code, instrument, id);
`,
  },
];
