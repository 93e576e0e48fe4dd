#!/usr/bin/env node
// Run before `npm start`: builds the web console when packages/web/dist is missing (fresh clone).
// Never fails the start: if the build cannot run (e.g. dev dependencies not installed) the server still starts
// and serves a short note at `/` instead of the console.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
if (existsSync(join(web, 'dist', 'index.html'))) process.exit(0);

let viteBin;
try {
  // vite exports only its package.json, so find the bin through it.
  const pkg = createRequire(join(web, 'package.json')).resolve('vite/package.json');
  viteBin = join(dirname(pkg), 'bin', 'vite.js');
} catch {
  console.warn('[medunion] vite is not installed: starting without the web console (npm install, then npm run build).');
  process.exit(0);
}
console.log('[medunion] web console not built yet: running vite build once…');
const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
if (result.status !== 0) console.warn('[medunion] web console build failed; the server starts without it (run `npm run build` to retry).');
