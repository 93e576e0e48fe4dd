import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfig, openPglite } from '@medunion/kernel';
import { buildPlatform } from './app.ts';

/** Writes the OpenAPI document of all non-FHIR routes to docs/api/openapi.json (`npm run openapi`). */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'docs/api/openapi.json');
  const platform = await buildPlatform(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', SEED_DEMO: 'false' }), { db: await openPglite(), listeners: false });
  await platform.app.ready();
  const document = platform.app.swagger();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await platform.close();
  console.log(`OpenAPI document written to ${out}`);
}

void main();
