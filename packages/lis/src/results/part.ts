import type { LisPart } from '../part.ts';

/** Area 4 — results and reports (see the LIS README). Migration ids lis.4nn-…, tables lis_…. */
export const resultsPart: LisPart = {
  name: 'results',
};
