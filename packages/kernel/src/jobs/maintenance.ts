import type { Db } from '../db/types.ts';
import type { ScheduledJob } from './scheduler.ts';
import { StatisticsKeeper } from './statistics.ts';

/**
 * The kernel's own scheduled work. Stale planner statistics make searches pick plans up to 40× slower
 * (docs/benchmarks.md): every minute the kernel analyzes after bulk growth, and on PGlite, which has no
 * autovacuum to notice updates and deletes, it also analyzes every half hour regardless.
 */
export function kernelJobs(db: Db): ScheduledJob[] {
  const statistics = new StatisticsKeeper(db);
  const jobs: ScheduledJob[] = [{ id: 'kernel.statistics', everySeconds: 60, run: async () => void (await statistics.refreshIfGrown()) }];
  if (db.kind === 'pglite') jobs.push({ id: 'kernel.analyze', everySeconds: 1800, run: () => db.exec('analyze') });
  return jobs;
}
