export { judgeCritical } from './judge.ts';
export { evaluateCritical, selectCriticalLimit } from './evaluate.ts';
export type * from './types.ts';
