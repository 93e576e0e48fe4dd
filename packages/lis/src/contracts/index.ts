// Shapes of `/api/lis` shared with its clients: types only (no runtime code, no Node imports), so the browser console
// can `import type` them from `@medunion/lis/contracts` under its DOM-only tsconfig. Each area adds its file here.
export {};
export type * from './instruments.ts';
export type * from './qc.ts';
export type * from './results.ts';
export type * from './catalogue.ts';
export type * from './specimens.ts';
