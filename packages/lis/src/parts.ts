import { cataloguePart } from './catalogue/part.ts';
import { instrumentsPart } from './instruments/part.ts';
import type { LisPart } from './part.ts';
import { qcPart } from './qc/part.ts';
import { resultsPart } from './results/part.ts';
import { specimensPart } from './specimens/part.ts';

/**
 * The areas of the LIS, in the order their routes are mounted and their demo data is seeded (a catalogue before the
 * orders that use it, specimens before the analyzers that run them, results before QC statistics). Each area
 * exports its part from its folder's `part.ts`; this list is the only place that knows them all.
 */
export const LIS_PARTS: LisPart[] = [cataloguePart, specimensPart, instrumentsPart, resultsPart, qcPart];
