#!/usr/bin/env node
import { loadConfig } from '@medunion/kernel';
import { buildPlatform } from './app.ts';
import { bootstrap } from './bootstrap/bootstrap.ts';

/** `start` (default): migrate, bootstrap, serve. `migrate`: only run migrations. */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'start';
  const config = loadConfig();
  if (command !== 'start' && command !== 'migrate') {
    console.error(`Unknown command "${command}". Use: start | migrate`);
    process.exit(2);
  }
  const platform = await buildPlatform(config);
  if (command === 'migrate') {
    await platform.close();
    console.log('Migrations applied.');
    return;
  }
  const started = Date.now();
  const report = await bootstrap(platform.kernel, { modules: { modules: platform.modules.modules, contexts: platform.runtime.contexts } });
  const url = await platform.listen();
  const lines = [
    '',
    `Medunion is running at ${url}  (FHIR: ${url}/fhir/R4, API docs: ${url}/docs)`,
    `Database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`}`,
  ];
  if (report.adminPassword) {
    lines.push(
      report.adminPasswordGenerated
        ? `Region administrator: admin / ${report.adminPassword}   (generated; shown only this once — set ADMIN_PASSWORD to choose it)`
        : 'Region administrator: admin / (the ADMIN_PASSWORD you set)',
    );
  }
  if (report.demoUsers.length) {
    lines.push(`Demo users (password ${report.demoPassword}):`);
    for (const u of report.demoUsers) lines.push(`  ${u.username.padEnd(18)} ${u.role.padEnd(18)} ${u.institution ?? 'region'}`);
  }
  if (report.moduleDemos?.seeded.length) lines.push(`Module demo data seeded: ${report.moduleDemos.seeded.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const f of report.moduleDemos?.failed ?? []) lines.push(`Module demo data of ${f.module} not seeded (tried again next start): ${f.error}`);
  console.log(lines.join('\n'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void platform.close().then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
