import type { Migration } from '../db/migrate.ts';

/**
 * Explicit parameter values. `scope_id` is '' for the region, the Organization id for an institution and the
 * workstation id for a workstation; `institution` is the owning institution (a workstation's is the institution
 * current when its first value was written).
 */
export const parameterMigrations: Migration[] = [
  {
    id: 'kernel.parameters.001-values',
    up: `
create table system_parameter (
  scope text not null check (scope in ('region', 'institution', 'workstation')),
  scope_id text not null,
  institution text,
  key text not null,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by text,
  primary key (scope, scope_id, key),
  check ((scope = 'region') = (scope_id = ''))
);
create index system_parameter_owner on system_parameter (institution, scope);
`,
  },
];
