import type { LisPart } from '../part.ts';

/** Area 1 — catalogue (see the LIS README). Migration ids lis.1nn-…, tables lis_…. */
export const cataloguePart: LisPart = {
  name: 'catalogue',
};
