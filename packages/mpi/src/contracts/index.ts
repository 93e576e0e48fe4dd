// Shapes of `/api/mpi` shared with its clients: types only (no runtime code, no Node imports), so the browser console
// can `import type` them from `@medunion/mpi/contracts` under its DOM-only tsconfig.
export type * from './review.ts';
export type * from './persons.ts';
export type * from './links.ts';
export type * from './services.ts';
