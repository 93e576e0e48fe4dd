import type { ReportRule, ResultRule } from '../rule.ts';
import type { AutoverifyRuleId } from '../types.ts';
import { autoverifyLimits } from './autoverify-limits.ts';
import { calculatedConsistency } from './calculated-consistency.ts';
import { censoredValue } from './censored-value.ts';
import { criticalValue } from './critical-value.ts';
import { deltaCheckRule } from './delta-check.ts';
import { instrumentErrors } from './instrument-errors.ts';
import { instrumentFlags } from './instrument-flags.ts';
import { orderedTests } from './ordered-tests.ts';
import { plausibility } from './plausibility.ts';
import { qcStatus } from './qc-status.ts';
import { referenceFlag } from './reference-flag.ts';
import { resultPresent } from './result-present.ts';
import { specimenQuality } from './specimen-quality.ts';
import { testConfigured } from './test-configured.ts';

/** Every rule, in the order the decision log lists them: pre-analytical, analytical, then post-analytical. */
export const AUTOVERIFY_RULES: readonly (ResultRule | ReportRule)[] = [
  testConfigured,
  orderedTests,
  resultPresent,
  instrumentErrors,
  instrumentFlags,
  specimenQuality,
  qcStatus,
  plausibility,
  criticalValue,
  referenceFlag,
  autoverifyLimits,
  censoredValue,
  deltaCheckRule,
  calculatedConsistency,
];

/** The order of every decision log, ending with `calculated-inputs`, judged last because it reads the others' verdicts. */
export const AUTOVERIFY_RULE_IDS: readonly AutoverifyRuleId[] = [...AUTOVERIFY_RULES.map((r) => r.id), 'calculated-inputs'];
