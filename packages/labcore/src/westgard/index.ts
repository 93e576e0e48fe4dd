export { evaluateWestgard } from './evaluate.ts';
export { DEFAULT_WESTGARD_CONFIG, THREE_LEVEL_WESTGARD_CONFIG, resolveWestgardConfig } from './config.ts';
export { WESTGARD_RULES, SCOPE_NAMES, type WestgardRuleDefinition } from './rules.ts';
export { zScore } from './prepare.ts';
export { qcStatistics, cumulativeStatistics, type QcPeriod, type QcLevelStatistics, type CumulativePoint } from './statistics.ts';
export { leveyJennings, type LeveyJenningsChart, type LeveyJenningsLine, type LeveyJenningsPoint, type LeveyJenningsSegment } from './levey-jennings.ts';
export type * from './types.ts';
