/**
 * A second platform process for the patient index benchmark (`BENCH_MPI_PROCESSES=2`): the same database schema,
 * the mpi module, and only the golden writer's subscriber (`MEDUNION_BUS_SUBSCRIBERS`), as a region deployment
 * would give it a process of its own. Started by run-mpi.ts with `node --import tsx`; stops on SIGTERM.
 */
import { loadConfig } from '../../packages/kernel/src/config.ts';
import { openPostgres } from '../../packages/kernel/src/db/index.ts';
import { buildPlatform } from '../../packages/server/src/app.ts';

const [url, schema, subscribers] = process.argv.slice(2);
if (!url || !schema || !subscribers) throw new Error('usage: golden-worker.ts <url with search_path> <schema> <subscribers>');
const db = await openPostgres(url, { schema, maxConnections: 4 });
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATA_DIR: '/tmp/medunion-bench-mpi-unused', MEDUNION_BUS_SUBSCRIBERS: subscribers, MEDUNION_BUS_POLL_MS: '50' });
const platform = await buildPlatform(config, { db: { ...db, close: async () => undefined }, listeners: false, modules: ['mpi'] });
process.send?.('ready');
process.once('SIGTERM', () => {
  void platform.close().finally(() => db.close().finally(() => process.exit(0)));
});
