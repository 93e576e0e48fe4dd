// @medunion/labcore — pure laboratory computations shared by the LIS and the 互认 platform. No I/O, no dependencies.
export { bilingual, joinBilingual, formatNumber, type Bilingual } from './text.ts';
export { LabcoreError } from './errors.ts';
export { toMillis, DAY_MS, HOUR_MS, type Instant } from './time.ts';
export * from './stats/index.ts';
export * from './values/index.ts';
export * from './population/index.ts';
export * from './westgard/index.ts';
export * from './pbrtqc/index.ts';
export * from './ranges/index.ts';
export * from './critical/index.ts';
export * from './calc/index.ts';
export * from './delta/index.ts';
export * from './autoverify/index.ts';
