export { selectReferenceRange } from './select.ts';
export { flagResult, type FlagInput, type FlagResult } from './flag.ts';
export { interpretResult, type InterpretInput, type Interpretation } from './interpret.ts';
export { checkPlausibility } from './plausibility.ts';
export { flagDisplay, type FlagDisplay } from './display.ts';
export { formatReferenceRange } from './format.ts';
export type * from './types.ts';
