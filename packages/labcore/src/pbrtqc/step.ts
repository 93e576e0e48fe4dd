import { explainPoint } from './explain.ts';
import { PbrtqcTracker } from './tracker.ts';
import type { PbrtqcPoint, PbrtqcSettings, PbrtqcState } from './types.ts';

export const INITIAL_PBRTQC_STATE: PbrtqcState = Object.freeze({ recent: [], ewma: null }) as PbrtqcState;

/**
 * One patient result through the statistic (pure): the new state and the point with its reason. The shape of the
 * 互认 platform's `nextPoint`: feed it the stream's saved state and the new value, store what comes back.
 */
export function stepPbrtqc(settings: PbrtqcSettings, state: PbrtqcState, value: number): { state: PbrtqcState; point: PbrtqcPoint } {
  const tracker = new PbrtqcTracker(settings, state);
  const p = tracker.push(value);
  return { state: tracker.state(), point: { value, ...p, reason: explainPoint(settings, value, p) } };
}

/** A series of patient results (oldest first) through the statistic, from `state` (default: a fresh stream). */
export function runPbrtqc(settings: PbrtqcSettings, values: readonly number[], state: PbrtqcState = INITIAL_PBRTQC_STATE): { points: PbrtqcPoint[]; state: PbrtqcState; alarms: number } {
  const tracker = new PbrtqcTracker(settings, state);
  let alarms = 0;
  const points = values.map((value): PbrtqcPoint => {
    const p = tracker.push(value);
    if (p.alarm) alarms++;
    return { value, ...p, reason: explainPoint(settings, value, p) };
  });
  return { points, state: tracker.state(), alarms };
}
