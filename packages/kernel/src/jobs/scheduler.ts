import type { Db } from '../db/types.ts';

export interface ScheduledJob {
  /** Globally unique, e.g. `notice.expire`. */
  id: string;
  everySeconds: number;
  run: () => Promise<void>;
}

/**
 * Runs interval jobs once across all processes sharing the database: a process claims a due run by
 * advancing `next_run_at` with a conditional UPDATE, so only one claimant wins each tick.
 */
export class JobScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running = new Set<Promise<void>>();
  private ticking = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly jobs: ScheduledJob[],
    private readonly onError: (jobId: string, err: unknown) => void = () => undefined,
    private readonly tickMs = 1000,
  ) {}

  async start(): Promise<void> {
    for (const job of this.jobs) {
      if (job.everySeconds <= 0) throw new Error(`Job ${job.id}: everySeconds must be positive`);
      await this.db.query(`insert into job_schedule (job_id, next_run_at) values ($1, now()) on conflict (job_id) do nothing`, [job.id]);
    }
    // A failing claim (database briefly unreachable…) must not become an unhandled rejection that ends the process.
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => this.onError('*', err)), this.tickMs);
    this.timer.unref();
  }

  /** Makes this scheduler's jobs due now, claims them and waits until the runs it started finish (tests, "run now"). */
  async runNow(): Promise<void> {
    if (this.jobs.length === 0) return;
    await this.db.query('update job_schedule set next_run_at = now() where job_id = any($1::text[])', [this.jobs.map((j) => j.id)]);
    await this.tick();
    await this.idle();
  }

  /** Resolves once every claim in flight and every job run started so far has finished. */
  async idle(): Promise<void> {
    while (this.ticking.size || this.running.size) await Promise.all([...this.ticking, ...this.running]);
  }

  /** Claims and runs every due job once; exposed for tests and for an immediate first pass. */
  tick(): Promise<void> {
    const ticking = this.claimAndRun();
    this.ticking.add(ticking);
    return ticking.finally(() => this.ticking.delete(ticking));
  }

  private async claimAndRun(): Promise<void> {
    for (const job of this.jobs) {
      const claimed = await this.db.query(
        `update job_schedule set next_run_at = now() + make_interval(secs => $2), last_run_at = now(), runs = runs + 1
         where job_id = $1 and next_run_at <= now() returning job_id`,
        [job.id, job.everySeconds],
      );
      if (claimed.rowCount === 0) continue;
      const run = job
        .run()
        .then(() => this.db.query('update job_schedule set last_error = null where job_id = $1', [job.id]))
        .catch(async (err: unknown) => {
          this.onError(job.id, err);
          await this.db.query('update job_schedule set last_error = $2 where job_id = $1', [job.id, String((err as Error)?.message ?? err).slice(0, 2000)]).catch(() => undefined);
        })
        .then(() => undefined);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // A tick in flight may still claim and start a job: wait for it too, so nothing runs after stop().
    await this.idle().catch(() => undefined);
  }
}
