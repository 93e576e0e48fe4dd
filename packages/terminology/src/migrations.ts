import type { Migration } from '@medunion/kernel';

/**
 * The concept index: one row per stored CodeSystem (at the store version it was built from) and one per concept,
 * with the normalised code and display, the pinyin of the display (initials and full) and the hierarchy
 * (parents, all ancestors), so that $expand with a filter, $lookup and $subsumes are indexed queries even for a
 * 30,000-concept ICD-10. It is derived data: the CodeSystem resources in the FHIR store stay the truth.
 */
export const terminologyMigrations: Migration[] = [
  {
    id: 'terminology.001-concept-index',
    up: `
create table terminology_code_system (
  key bigserial primary key,
  resource_id text not null unique,
  version_id integer not null,
  last_updated timestamptz not null,
  url text not null,
  version text,
  name text,
  title text,
  status text not null,
  content text not null,
  institution text,
  kind text,
  case_sensitive boolean not null,
  hierarchical boolean not null,
  concept_count integer not null,
  indexed_at timestamptz not null default now()
);
create index terminology_code_system_url on terminology_code_system (url, version);
create table terminology_concept (
  system_key bigint not null references terminology_code_system (key) on delete cascade,
  ordinal integer not null,
  code text not null,
  display text,
  definition text,
  code_norm text not null,
  display_norm text not null,
  pinyin_initials text not null,
  pinyin_full text not null,
  parents text[] not null,
  ancestors text[] not null,
  properties jsonb not null,
  designations jsonb,
  inactive boolean not null,
  primary key (system_key, code)
);
create index terminology_concept_order on terminology_concept (system_key, ordinal);
create index terminology_concept_code_norm on terminology_concept (system_key, code_norm text_pattern_ops);
create index terminology_concept_initials on terminology_concept (system_key, pinyin_initials text_pattern_ops);
create index terminology_concept_pinyin on terminology_concept (system_key, pinyin_full text_pattern_ops);
create index terminology_concept_display on terminology_concept using gin (display_norm gin_trgm_ops);
create index terminology_concept_ancestors on terminology_concept using gin (ancestors);
create index terminology_concept_parents on terminology_concept using gin (parents)
`,
  },
];
