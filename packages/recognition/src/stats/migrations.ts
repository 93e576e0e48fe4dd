import type { Migration } from '@medunion/kernel';
import { DEFAULT_PRICES } from './default-prices.ts';

/**
 * Statistics: the price list (a module table rather than a catalogue property, because prices change by year and
 * region while the catalogue is a shared, versioned CodeSystem) and the indexes the statistics' range scans need.
 * `recognition_price_default` holds the shipped illustrative defaults; `recognition_item_price` a year's own prices,
 * which win over them.
 */
export const statsMigrations: Migration[] = [
  {
    id: 'recognition.301-stats',
    up: `
create table recognition_price_default (
  item_code text primary key,
  price numeric(10, 2) not null check (price >= 0)
);
create table recognition_item_price (
  year integer not null references recognition_year (year),
  item_code text not null,
  price numeric(10, 2) not null check (price >= 0),
  updated_by text,
  updated_at timestamptz not null default now(),
  primary key (year, item_code)
);
create index recognition_decision_recorded on recognition_decision (recorded_at) where kind in ('recognize', 'refuse');
create index recognition_decision_institution_recorded on recognition_decision (institution, recorded_at) where kind in ('recognize', 'refuse');
create index recognition_report_reported on recognition_report ((coalesce(issued, effective)));
create index recognition_report_institution_reported on recognition_report (institution, (coalesce(issued, effective)));
create index recognition_shown_first on recognition_shown (first_shown_at);
create index recognition_shown_institution_first on recognition_shown (institution, first_shown_at);
create index recognition_qc_point_institution_created on recognition_qc_point (institution, created_at);
create index recognition_qc_alarm_institution_raised on recognition_qc_alarm (institution, raised_at);
`,
  },
  {
    id: 'recognition.302-default-prices',
    up: async (tx) => {
      await tx.query('insert into recognition_price_default (item_code, price) select * from unnest($1::text[], $2::numeric[]) on conflict (item_code) do nothing', [
        Object.keys(DEFAULT_PRICES),
        Object.values(DEFAULT_PRICES),
      ]);
    },
  },
];
