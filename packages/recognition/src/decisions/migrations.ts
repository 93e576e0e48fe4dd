import type { Migration } from '@medunion/kernel';

/**
 * The doctors' side: `recognition_decision` is the 互认记录 ledger (append-only except for the revocation and
 * "affected" marks); `recognition_shown` remembers which reports each doctor was shown, so a revoke can tell them.
 */
export const decisionMigrations: Migration[] = [
  {
    id: 'recognition.101-decisions',
    up: `
create table recognition_decision (
  id bigserial primary key,
  institution text not null,
  client_key text,
  kind text not null,
  report_id text not null,
  item_code text,
  patient_id text not null,
  reason_code text,
  reason_text text,
  department text,
  practitioner text,
  user_id text not null,
  user_name text,
  order_no text,
  encounter text,
  revokes bigint references recognition_decision (id),
  revoked_at timestamptz,
  affected_at timestamptz,
  recorded_at timestamptz not null default now(),
  unique (institution, client_key)
);
create index recognition_decision_report on recognition_decision (report_id);
create index recognition_decision_patient on recognition_decision (patient_id);
create table recognition_shown (
  report_id text not null,
  user_id text not null,
  institution text not null,
  practitioner text,
  first_shown_at timestamptz not null default now(),
  last_shown_at timestamptz not null default now(),
  primary key (report_id, user_id, institution)
);
`,
  },
];
