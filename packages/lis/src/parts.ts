import type { LisPart } from './part.ts';

/**
 * The areas of the LIS, in the order their routes are mounted and their demo data is seeded. Each folder under
 * src/ exports its part from `part.ts`; this list is the only place that knows them all.
 */
export const LIS_PARTS: LisPart[] = [];
