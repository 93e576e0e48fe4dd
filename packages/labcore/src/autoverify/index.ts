export { autoverify } from './engine.ts';
export { AUTOVERIFY_RULES, AUTOVERIFY_RULE_IDS } from './rules/index.ts';
export { DEFAULT_CONSISTENCY_CHECKS } from './rules/calculated-consistency.ts';
export { DEFAULT_HOLD_FLAGS } from './rules/reference-flag.ts';
export { qcRecordsFromRuns } from './qc-records.ts';
export type { ResultRule, ReportRule, RuleCheck } from './rule.ts';
export type * from './types.ts';
