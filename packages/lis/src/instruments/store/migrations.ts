import type { Migration } from '@medunion/kernel';

/**
 * The instruments area's ledgers (README "Instruments"): every byte exchanged with an analyzer, grouped into
 * messages (`lis_instrument_message`); results that matched no specimen or channel, held for a person to assign
 * (`lis_unmatched_result`); and which platform process holds each instrument's connection (`lis_instrument_lease`,
 * with the connection's live status so any process can report it), and a generation number bumped whenever an
 * instrument Device changes, which every process polls to learn of changes made through another process
 * (`lis_instrument_generation`). The instruments themselves are Devices.
 */
export const instrumentMigrations: Migration[] = [
  {
    id: 'lis.301-instrument-ledgers',
    up: `
create table lis_instrument_message (
  id bigserial primary key,
  institution text not null,
  instrument_id text not null,
  instrument_code text not null,
  connection text not null,
  direction text not null check (direction in ('in', 'out')),
  kind text not null check (kind in ('message', 'link', 'noise', 'connection')),
  protocol text not null,
  message_type text,
  summary text,
  at timestamptz not null,
  ended_at timestamptz,
  outcome text not null,
  detail text,
  events jsonb not null default '[]',
  text text not null,
  raw bytea not null,
  created_at timestamptz not null default now()
);
create index lis_instrument_message_instrument on lis_instrument_message (institution, instrument_id, id);
create index lis_instrument_message_institution on lis_instrument_message (institution, id);
create table lis_unmatched_result (
  id bigserial primary key,
  institution text not null,
  instrument_id text not null,
  instrument_code text not null,
  message_id bigint,
  sample_id text not null,
  alternate_sample_id text,
  channel text not null,
  channel_name text,
  test_code text,
  value text not null,
  unit text,
  flags jsonb not null default '[]',
  completed_at timestamptz,
  graphs jsonb,
  qc boolean not null default false,
  reason text not null,
  detail text,
  status text not null default 'open' check (status in ('open', 'assigning', 'assigned', 'dismissed')),
  specimen_id text,
  specimen_barcode text,
  assigned_test text,
  observation_ids jsonb,
  handled_by text,
  handled_at timestamptz,
  note text,
  received_at timestamptz not null default now()
);
create index lis_unmatched_result_queue on lis_unmatched_result (institution, status, id);
create index lis_unmatched_result_sample on lis_unmatched_result (institution, message_id, sample_id);
create table lis_instrument_generation (
  singleton boolean primary key default true check (singleton),
  generation bigint not null default 0,
  updated_at timestamptz not null default now()
);
insert into lis_instrument_generation (singleton, generation) values (true, 0);
create table lis_instrument_lease (
  instrument_id text primary key,
  owner text not null,
  expires_at timestamptz not null,
  status jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
`,
  },
];
