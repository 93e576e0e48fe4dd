// Shapes of `/api/terminology` shared with its clients: types only (no runtime code, no Node imports), so the
// browser console can `import type` them from `@medunion/terminology/contracts` under its DOM-only tsconfig.
export type * from './mapping.ts';
export type * from './import.ts';
