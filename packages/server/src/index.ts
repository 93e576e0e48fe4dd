export { buildPlatform, type Platform, type BuildOptions } from './app.ts';
export { bootstrap } from './bootstrap/bootstrap.ts';
