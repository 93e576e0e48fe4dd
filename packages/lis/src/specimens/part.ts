import type { LisPart } from '../part.ts';

/** Area 2 — orders and specimens (see the LIS README). Migration ids lis.2nn-…, tables lis_…. */
export const specimensPart: LisPart = {
  name: 'specimens',
};
