export { deltaCheck, type DeltaRule, type DeltaObservation, type DeltaResult, type DeltaMeasure } from './delta-check.ts';
