export * from './types.ts';
export * from './open.ts';
export * from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
