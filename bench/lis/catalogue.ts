/**
 * The lead hospital's catalogue as the benchmark lab runs it: the demo county catalogue plus the intervals the demo
 * leaves for the laboratory to enter. Without them no blood count and no liver panel could ever be auto-verified —
 * RDW, MPV, PDW and PCT have no WS/T 405 interval and the calculated IBIL none at all, and a result without an
 * applicable range is held (labcore's `reference-flag` / `autoverify-limits` rules). A lab adopting the catalogue
 * fills them in from its analyzer's insert; so does this set-up, through the catalogue import API.
 */
import type { CatalogueImport, CatalogueReferenceRange } from '../../packages/lis/src/contracts/catalogue.ts';
import { range } from '../../packages/lis/src/catalogue/demo/build.ts';
import { countyLabCatalogue } from '../../packages/lis/src/catalogue/demo/county-lab.ts';

/** Mindray BC-5390 adult intervals for the parameters WS/T 405 leaves open; IBIL as TBIL − DBIL at their limits (illustrative). */
export const ADDED_RANGES: Record<string, CatalogueReferenceRange[]> = {
  'RDW-CV': [range(11.0, 16.0)],
  'RDW-SD': [range(35.0, 56.0)],
  MPV: [range(7.0, 11.0)],
  PDW: [range(9.0, 17.0)],
  PCT: [range(0.108, 0.282)],
  IBIL: [range(0, 19.0)],
};

export function benchCatalogue(): CatalogueImport {
  const catalogue = countyLabCatalogue();
  return {
    ...catalogue,
    tests: (catalogue.tests ?? []).map((t) => (ADDED_RANGES[t.code] && !t.referenceRanges?.length ? { ...t, referenceRanges: ADDED_RANGES[t.code] } : t)),
  };
}
