import type { Migration } from '../db/migrate.ts';

/**
 * Append-only audit trail. `seq` is assigned by the writer (gapless) so `verify()` can detect
 * deleted rows; `hash` chains every row to its predecessor so edits are detected too.
 * No trigger guards the table: the kernel simply exposes no update/delete API.
 */
export const auditMigrations: Migration[] = [
  {
    id: 'kernel.audit.001-audit-log',
    up: `
create table audit_log (
  seq bigint primary key,
  recorded timestamptz not null,
  action text not null,
  outcome text not null,
  agent_kind text,
  agent_id text,
  agent_name text,
  institution text,
  resource_type text,
  resource_id text,
  patient_id text,
  query text,
  source_ip text,
  event jsonb not null,
  prev_hash text,
  hash text not null
);
create index audit_log_recorded on audit_log (recorded);
create index audit_log_agent on audit_log (agent_id, recorded);
create index audit_log_resource on audit_log (resource_type, resource_id);
create index audit_log_patient on audit_log (patient_id);
create index audit_log_institution on audit_log (institution);
`,
  },
  {
    // The head of the chain, kept beside it: removing the newest rows leaves a valid chain, but not one
    // that ends at the recorded head.
    id: 'kernel.audit.002-chain-head',
    up: `create table audit_head (id smallint primary key check (id = 1), seq bigint not null, hash text not null);
insert into audit_head (id, seq, hash) select 1, seq, hash from audit_log order by seq desc limit 1`,
  },
];
