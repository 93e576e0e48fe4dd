import type { Migration } from '@medunion/kernel';

/**
 * Internal QC (室内质控). Materials, lots, levels, the analyzer sample ids of each level, targets and rule sets are
 * configuration with no FHIR home (R4 has no resource for a control material's assigned value): module tables,
 * every change audited and targets kept as dated versions. Results, runs, out-of-control events and corrective
 * actions are the QC ledger. Ids are UUIDs; `institution` is the laboratory's Organization id.
 */
export const qcMigrations: Migration[] = [
  {
    id: 'lis.501-qc-configuration',
    up: `
create table lis_qc_material (
  id text primary key,
  institution text not null,
  name text not null,
  manufacturer text,
  matrix text,
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now()
);
create unique index lis_qc_material_name on lis_qc_material (institution, name);

create table lis_qc_lot (
  id text primary key,
  institution text not null,
  material_id text not null references lis_qc_material (id),
  lot_no text not null,
  expires_on date not null,
  active boolean not null default true,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_by text not null,
  updated_at timestamptz not null default now(),
  unique (material_id, lot_no)
);

create table lis_qc_level (
  id text primary key,
  institution text not null,
  lot_id text not null references lis_qc_lot (id),
  level text not null,
  name text,
  unique (lot_id, level)
);

-- The sample id an analyzer reports for a control (QC1, C-L2…): '' instrument = any analyzer of the laboratory.
create table lis_qc_sample (
  institution text not null,
  instrument_id text not null default '',
  sample_id text not null,
  level_id text not null references lis_qc_level (id),
  primary key (institution, instrument_id, sample_id)
);
create index lis_qc_sample_level on lis_qc_sample (level_id);

-- Target (靶值) of a test on an instrument for a level; a change closes the version in force and opens a new one.
create table lis_qc_target (
  id text primary key,
  institution text not null,
  test_code text not null,
  instrument_id text not null,
  level_id text not null references lis_qc_level (id),
  mean double precision not null,
  sd double precision not null,
  source text not null check (source in ('fixed', 'cumulative')),
  basis jsonb,
  valid_from timestamptz not null,
  valid_to timestamptz,
  reason text,
  set_by text not null,
  set_by_name text,
  set_at timestamptz not null default now()
);
create index lis_qc_target_series on lis_qc_target (institution, test_code, instrument_id, level_id, valid_from);

-- Westgard rule set of a test (labcore WestgardConfig).
create table lis_qc_rules (
  institution text not null,
  test_code text not null,
  config jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (institution, test_code)
);
`,
  },
  {
    id: 'lis.502-qc-ledger',
    up: `
-- A run (批): the controls of one test on one instrument measured together, judged as a whole.
create table lis_qc_run (
  id text primary key,
  institution text not null,
  instrument_id text not null,
  test_code text not null,
  started_at timestamptz not null,
  status text check (status in ('accept', 'warning', 'reject')),
  violations jsonb not null default '[]',
  reason jsonb,
  event_id text
);
create index lis_qc_run_series on lis_qc_run (institution, test_code, instrument_id, started_at);

create table lis_qc_result (
  id text primary key,
  institution text not null,
  instrument_id text not null,
  test_code text not null,
  level_id text not null references lis_qc_level (id),
  run_id text not null references lis_qc_run (id),
  measured_at timestamptz not null,
  value double precision not null,
  target_id text,
  target_mean double precision,
  target_sd double precision,
  z double precision,
  status text check (status in ('accept', 'warning', 'reject')),
  violations jsonb not null default '[]',
  reason jsonb,
  excluded boolean not null default false,
  exclude_reason text,
  source text not null check (source in ('instrument', 'manual')),
  sample_id text,
  entered_by text not null,
  entered_by_name text,
  entered_at timestamptz not null default now()
);
-- An analyzer resending the same control result is the same result.
create unique index lis_qc_result_once on lis_qc_result (institution, instrument_id, test_code, level_id, measured_at);
create index lis_qc_result_series on lis_qc_result (institution, test_code, instrument_id, measured_at);
create index lis_qc_result_run on lis_qc_result (run_id);

-- Out-of-control event (失控事件): from a rejected run until closed by a corrective action.
create table lis_qc_event (
  id text primary key,
  institution text not null,
  instrument_id text not null,
  test_code text not null,
  opened_at timestamptz not null,
  opened_run_id text not null,
  last_rejected_at timestamptz not null,
  rules text[] not null,
  reason jsonb not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  closed_at timestamptz,
  closed_by text,
  closed_by_name text
);
create unique index lis_qc_event_one_open on lis_qc_event (institution, instrument_id, test_code) where status = 'open';
create index lis_qc_event_series on lis_qc_event (institution, test_code, instrument_id, opened_at);

-- Corrective action (纠正措施) taken on an event; one that closes it records who closed it.
create table lis_qc_action (
  id text primary key,
  event_id text not null references lis_qc_event (id),
  institution text not null,
  cause_category text not null,
  cause text not null,
  action text not null,
  rerun_run_id text,
  closes boolean not null default false,
  performed_at timestamptz not null,
  performed_by text not null,
  performed_by_name text,
  recorded_at timestamptz not null default now()
);
create index lis_qc_action_event on lis_qc_action (event_id);
`,
  },
  {
    id: 'lis.503-pbrtqc',
    up: `
-- Patient-based real-time QC of a test on an instrument: labcore settings, the stream's state, its points, alarms.
create table lis_pbrtqc_setting (
  institution text not null,
  test_code text not null,
  instrument_id text not null,
  settings jsonb not null,
  enabled boolean not null default true,
  origin jsonb,
  updated_by text not null,
  updated_at timestamptz not null default now(),
  primary key (institution, test_code, instrument_id)
);
create table lis_pbrtqc_stream (
  institution text not null,
  test_code text not null,
  instrument_id text not null,
  state jsonb not null,
  primary key (institution, test_code, instrument_id)
);
create table lis_pbrtqc_point (
  id bigserial primary key,
  observation_id text not null unique,
  institution text not null,
  test_code text not null,
  instrument_id text not null,
  at timestamptz not null,
  value double precision not null,
  included boolean not null,
  statistic double precision,
  alarm text
);
create index lis_pbrtqc_point_series on lis_pbrtqc_point (institution, test_code, instrument_id, id);
create table lis_pbrtqc_alarm (
  id text primary key,
  institution text not null,
  test_code text not null,
  instrument_id text not null,
  opened_at timestamptz not null,
  direction text not null check (direction in ('high', 'low')),
  statistic double precision not null,
  settings jsonb not null,
  reason jsonb not null,
  observation_id text,
  cleared_at timestamptz,
  cleared_by text,
  cleared_by_name text,
  clear_note text
);
create unique index lis_pbrtqc_alarm_open on lis_pbrtqc_alarm (institution, test_code, instrument_id) where cleared_at is null;
create index lis_pbrtqc_alarm_series on lis_pbrtqc_alarm (institution, test_code, instrument_id, opened_at);
`,
  },
];
