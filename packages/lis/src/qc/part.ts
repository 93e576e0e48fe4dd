import type { LisPart } from '../part.ts';

/** Area 5 — QC, statistics and TAT (see the LIS README). Migration ids lis.5nn-…, tables lis_…. */
export const qcPart: LisPart = {
  name: 'qc',
};
