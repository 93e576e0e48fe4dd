export { stepPbrtqc, runPbrtqc, INITIAL_PBRTQC_STATE } from './step.ts';
export { PbrtqcTracker, type TrackedPoint } from './tracker.ts';
export { deriveControlLimits, statisticValues, suggestTruncation, historyTarget, DEFAULT_FALSE_ALARM_RATE, type DerivedLimits } from './limits.ts';
export { simulateBiasDetection, type BiasSimulationOptions, type BiasSimulationReport, type BiasOutcome, type CandidateOutcome, type PbrtqcCandidate } from './simulate.ts';
export { candidateGrid, type CandidateGridOptions } from './candidates.ts';
export { settingsFromReferenceInterval, type IntervalSettingsOptions } from './from-interval.ts';
export { describePbrtqcSettings } from './describe.ts';
export { checkPbrtqcSettings } from './validate.ts';
export type * from './types.ts';
