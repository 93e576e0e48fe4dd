import type { Db } from '../db/types.ts';
import type { ScheduledJob } from './scheduler.ts';

/**
 * The kernel's own scheduled work. PGlite has no autovacuum, so nothing would refresh planner statistics
 * as data grows; without them a 100k store chose plans up to 40× slower (docs/benchmarks.md).
 * PostgreSQL deployments rely on autovacuum instead.
 */
export function kernelJobs(db: Db): ScheduledJob[] {
  if (db.kind !== 'pglite') return [];
  return [{ id: 'kernel.analyze', everySeconds: 1800, run: () => db.exec('analyze') }];
}
