export { mean, standardDeviation, coefficientOfVariation, summarize, quantile, quantileSorted, median, RunningSummary, type Summary } from './descriptive.ts';
export { createRandom, type Random } from './random.ts';
export { tidy } from './precision.ts';
