import type { LisPart } from '../part.ts';

/** Area 3 — instruments (see the LIS README). Migration ids lis.3nn-…, tables lis_…. */
export const instrumentsPart: LisPart = {
  name: 'instruments',
};
