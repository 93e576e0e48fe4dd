import type { Catalogue } from '../qc/catalogue.ts';

/** Results that count: everything but withdrawn ones. */
export const VALID_RESULT = "r.status not in ('cancelled', 'entered-in-error')";
/** Orders that count: not revoked or entered in error. */
export const VALID_ORDER = "o.status not in ('revoked', 'entered-in-error')";

/** The China-time calendar date of a timestamptz column, without relying on the server's time zone data. */
export const chinaDay = (column: string): string => `to_char((${column} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

/** Flags (labcore codes on Observation.interpretation) grouped as the statistics count them. */
export const FLAGS = {
  abnormal: ['L', 'H', 'LL', 'HH', 'A', 'AA'],
  high: ['H', 'HH'],
  low: ['L', 'LL'],
  critical: ['LL', 'HH', 'AA'],
  positive: ['A', 'AA'],
};

/** Panel attributes from the catalogue as SQL arrays, joined with `unnest($n::text[], $m::text[], $k::float8[])`. */
export function panelArrays(catalogue: Catalogue): { codes: string[]; sections: string[]; prices: number[] } {
  const panels = [...catalogue.panels.values()];
  return { codes: panels.map((p) => p.code), sections: panels.map((p) => p.section), prices: panels.map((p) => p.price ?? 0) };
}
