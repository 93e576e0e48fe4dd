import type { RecordResults } from '../ports.ts';
import { applyRecording } from './record/apply.ts';
import { prepareRecording } from './record/prepare.ts';

/**
 * Port `RecordResults` (src/ports.ts): stores a specimen's results from an analyzer or the bench as preliminary
 * Observations — flagged by labcore against the patient's range, critical and plausibility limits, delta-checked
 * against the patient's last released result — computes calculated tests whose inputs arrived, raises critical
 * values at once, and auto-verifies each report whose results are complete (releasing it when every rule passes
 * and the institution allows it). Results of a reviewed report are refused with 409.
 *
 * Reads that must not run inside a transaction (catalogue, QC status, parameters, blob puts) come first; then one
 * transaction writes everything. Writes go through the store as `request` (the analyzer's system context or the
 * person entering results), so permissions, policies, the audit trail and the revision history apply.
 */
export const recordResults: RecordResults = async (ctx, request, input) => {
  const prepared = await prepareRecording(ctx, request, input);
  return ctx.store.inUnit(request, (unit) => applyRecording(ctx, unit, request, input, prepared));
};
