import { performance } from 'node:perf_hooks';
import type { Platform } from '../../packages/server/src/app.ts';

/**
 * Waits until every event subscriber has caught up — the statistics projection, PBRTQC, the patient index — so the
 * next timed phase does not pay for the last one's backlog. Fails on a dead letter. Returns the seconds it took.
 */
export async function settleEvents(platform: Platform, what: string, log: (m: string) => void): Promise<number> {
  const t0 = performance.now();
  const bus = platform.kernel.bus;
  const { rows } = await platform.kernel.db.query<{ subscriber: string }>('select subscriber from event_cursor');
  let lastNote = Date.now();
  for (;;) {
    let pending = false;
    for (const { subscriber } of rows) {
      const dead = await bus.listDeadLetters(subscriber);
      if (dead.length) throw new Error(`${subscriber} dead-lettered event ${dead[0].eventId}: ${dead[0].lastError}`);
      if (await bus.hasPending(subscriber)) pending = true;
    }
    if (!pending) break;
    if (Date.now() - lastNote > 10_000) {
      let count = 0;
      for (const { subscriber } of rows) count += await bus.pendingCount(subscriber);
      log(`${what}: ${count} events pending`);
      lastNote = Date.now();
    }
    bus.poke();
    await new Promise((r) => setTimeout(r, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`${what} settled in ${seconds.toFixed(1)} s`);
  return seconds;
}
