// Shapes the platform's HTTP API shares with its clients: plain types only, no runtime code and no Node imports, so
// the browser console can `import type` them from `@medunion/kernel/contracts` under its DOM-only tsconfig.
export type * from './localized-text.ts';
export type * from './access-policy.ts';
export type * from './parameters.ts';
export type * from './accounts.ts';
export type * from './meta-elements.ts';
