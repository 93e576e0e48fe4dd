// Shapes of `/api/recognition` shared with its clients: types only (no runtime code, no Node imports), so the browser
// console can `import type` them from `@medunion/recognition/contracts` under its DOM-only tsconfig.
export type * from './admin.ts';
export type * from './qc.ts';
export type * from './stats.ts';
export type * from './query.ts';
