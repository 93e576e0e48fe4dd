import type { JobDeclaration } from '@medunion/kernel';
import { PUSH_TOPIC, stalePushes } from './state.ts';

/** Pushes left failed (or never delivered) for this long are handed to the bus again. */
const STALE_SECONDS = 10 * 60;

/**
 * Durability beyond the bus: after its attempts the bus dead-letters an event, but the push row still says what the
 * platform should hold. Every few minutes the rows still failed or pending are queued again (a module event each,
 * committed in one transaction), so a platform down for hours catches up when it returns.
 */
export const retryPushJob: JobDeclaration = {
  id: 'recognition-push-retry',
  everySeconds: 300,
  run: async (ctx) => {
    const stale = await stalePushes(ctx.db, STALE_SECONDS, 200);
    if (!stale.length) return;
    await ctx.store.inUnit(ctx.systemContext, async (unit) => {
      for (const r of stale) ctx.store.publishIn(unit, { topic: PUSH_TOPIC, key: r.report_id, institution: r.institution, payload: { reportId: r.report_id, retry: true } });
      await unit.tx.query('update lis_recognition_push set updated_at = now() where report_id = any($1::text[])', [stale.map((r) => r.report_id)]);
    });
  },
};
