import type { Migration } from '../db/migrate.ts';

/** Identity and authentication tables. Plain SQL accepted by PostgreSQL 15 and PGlite. */
export const authMigrations: Migration[] = [
  {
    id: 'kernel.auth.0001-schema',
    up: `
create table app_user (
  id text primary key,
  username text not null unique,
  display_name text,
  password_hash text,
  profile text,
  region_admin boolean not null default false,
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  password_changed_at timestamptz,
  created_at timestamptz not null default now()
);

create table app_role (
  id text primary key,
  name_zh text not null,
  name_en text not null,
  permissions text[] not null default '{}',
  built_in boolean not null default false
);

-- institution null = the role applies region-wide.
create table user_role (
  user_id text not null references app_user (id) on delete cascade,
  role_id text not null references app_role (id) on delete cascade,
  institution text
);

-- Acts as the primary key; coalesce makes a null (region-wide) assignment unique too. Leading user_id serves lookups.
create unique index user_role_key on user_role (user_id, role_id, coalesce(institution, ''));

create table api_client (
  id text primary key,
  name text not null,
  secret_hash text not null,
  institution text,
  roles text[] not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now()
);

-- refresh: issued refresh tokens (revoked on rotation/logout); access: a revoked access token;
-- session: a logged-out session (jti = 'session:' || sid), which revokes every access token carrying that sid.
create table auth_token (
  jti text primary key,
  kind text not null check (kind in ('refresh', 'access', 'session')),
  user_id text references app_user (id) on delete cascade,
  client_id text references api_client (id) on delete cascade,
  sid text not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);

create index auth_token_sid on auth_token (sid);

create index auth_token_expires on auth_token (expires_at);

create table kernel_secret (
  name text primary key,
  value text not null
);
`,
  },
  {
    // Shown in the administration pages: when a user last signed in, when a client last obtained a token.
    id: 'kernel.auth.0002-last-activity',
    up: `
alter table app_user add column last_login_at timestamptz;
alter table api_client add column last_used_at timestamptz;
`,
  },
];
