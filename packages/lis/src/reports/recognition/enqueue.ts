import type { ModuleContext, Unit } from '@medunion/kernel';
import { PUSH_TOPIC, pushRow, wantPush } from './state.ts';

/**
 * Asks for a report to be uploaded to (or revoked from) the 互认 platform, in the transaction that released (or
 * recalled) it: the wish is a row and a module event committed with the report, so a crash between the two cannot
 * lose it, and the bus retries a failed attempt. Uploads happen only when the institution pushes (`enabled`, read by
 * the caller before its transaction); a revoke whenever the report was ever queued for upload.
 */
export async function enqueuePush(ctx: ModuleContext, unit: Unit, args: { reportId: string; institution: string; reportNo: string; wanted: 'upload' | 'revoke'; enabled: boolean }): Promise<boolean> {
  if (args.wanted === 'upload' && !args.enabled) return false;
  if (args.wanted === 'revoke' && !(await pushRow(unit.tx, args.reportId))) return false;
  await wantPush(unit.tx, args.reportId, args.institution, args.reportNo, args.wanted);
  ctx.store.publishIn(unit, { topic: PUSH_TOPIC, key: args.reportId, institution: args.institution, payload: { reportId: args.reportId } });
  return true;
}
