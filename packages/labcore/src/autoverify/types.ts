import type { FormulaDefinition } from '../calc/formulas.ts';
import type { CriticalLimit } from '../critical/types.ts';
import type { DeltaRule } from '../delta/delta-check.ts';
import type { Sex } from '../population/sex.ts';
import type { PlausibilityLimits, ReferenceRange, ResultFlag } from '../ranges/types.ts';
import type { Bilingual } from '../text.ts';
import type { Instant } from '../time.ts';
import type { QcStatus } from '../westgard/types.ts';

export type AutoverifyRuleId =
  | 'test-configured'
  | 'ordered-tests'
  | 'result-present'
  | 'instrument-errors'
  | 'instrument-flags'
  | 'specimen-quality'
  | 'qc-status'
  | 'plausibility'
  | 'critical-value'
  | 'reference-flag'
  | 'autoverify-limits'
  | 'censored-value'
  | 'delta-check'
  | 'calculated-consistency'
  | 'calculated-inputs';

/** A flag that holds a result, or `none`: the result could not be flagged (no applicable range). */
export type HoldFlag = ResultFlag | 'none';

/** How one test is auto-verified (CLSI AUTO10: every criterion explicit, per test). */
export interface AutoverifyTestConfig {
  test: string;
  /** `quantitative` (default) needs a number; `qualitative` a text judged against the expected values. */
  kind?: 'quantitative' | 'qualitative';
  referenceRanges?: readonly ReferenceRange[];
  criticalLimits?: readonly CriticalLimit[];
  plausibility?: PlausibilityLimits;
  /**
   * 自动审核范围: numbers outside are held for a person to look at. May be narrower than the reference range (hold
   * even normal-but-unusual values) or wider (let mildly abnormal values through). Without it the reference range
   * is used.
   */
  autoverifyLimits?: { low?: number; high?: number };
  delta?: DeltaRule;
  /** Highest tolerated serum index (溶血 H, 脂血 L, 黄疸 I) in the analyser's units; a missing index then holds too. */
  specimenIndexLimits?: { hemolysis?: number; lipemia?: number; icterus?: number };
  /** Default: A, AA, LL, HH, implausible and none. */
  holdFlags?: readonly HoldFlag[];
  /** A reported bound: below (`<0.01`) verifies by default, above (`>500`) holds (it needs a dilution). */
  censored?: { below?: 'verify' | 'hold'; above?: 'verify' | 'hold' };
  /** Instrument flags that are informational for this test and do not hold it. */
  ignoredInstrumentFlags?: readonly string[];
  /** False for manual tests without instrument QC. Default true. */
  requiresQc?: boolean;
}

/** A relation that must hold between results of one report (直接胆红素 ≤ 总胆红素). */
export interface ConsistencyCheck {
  id: string;
  /** A formula that must be true, over test codes (see calc). */
  expression: string;
  /** The results held when it is false. */
  tests: readonly string[];
  reason: Bilingual;
}

export interface AutoverifyConfig {
  tests: readonly AutoverifyTestConfig[];
  /** Switch rules off by id (all are on unless set to false). */
  rules?: Partial<Record<AutoverifyRuleId, boolean>>;
  qc?: {
    /** The last QC before a result may be at most this old. Default 24 h. */
    maxAgeHours?: number;
    /** A run with a Westgard warning (1-2s) still allows auto-verification. Default true. */
    allowWarning?: boolean;
  };
  /** Default DEFAULT_CONSISTENCY_CHECKS. */
  consistencyChecks?: readonly ConsistencyCheck[];
  /** Calculated tests to recompute and compare with reported values. Default BUILTIN_FORMULAS. */
  formulas?: readonly FormulaDefinition[];
  /** How far a reported calculated value may differ from the recomputed one: the larger of half its last reported digit and this percent (default 1). */
  calculatedTolerancePercent?: number;
}

export interface AutoverifyResultInput {
  id?: string;
  test: string;
  value: string | number;
  instrument?: string;
  /** Flags the instrument sent with the result (e.g. `W`, `>`, `Clot`). */
  instrumentFlags?: readonly string[];
  /** Error codes the instrument sent (e.g. `E-12 sample short`). */
  errorCodes?: readonly string[];
  resultedAt?: Instant;
}

/** The QC verdict of one run of one test on one instrument (see evaluateWestgard), at the time of the run. */
export interface QcStatusRecord {
  test: string;
  instrument: string;
  status: QcStatus;
  time: Instant;
  runId?: string;
}

export interface AutoverifyReport {
  id: string;
  patient: { sex?: Sex; birthDate?: Instant; ageDays?: number; ageYears?: number };
  specimen?: { type?: string; collectedAt?: Instant; hemolysis?: number; lipemia?: number; icterus?: number };
  /** Test codes ordered (panels already expanded into their tests). */
  ordered: readonly string[];
  results: readonly AutoverifyResultInput[];
  /** The patient's earlier results, any tests. */
  previous?: readonly { id?: string; test: string; value: string | number; time: Instant }[];
  qc?: readonly QcStatusRecord[];
}

export type Observed = Record<string, string | number | boolean | null>;

export type RuleOutcome = 'pass' | 'fail' | 'not-applicable' | 'disabled';

/** One line of the decision log: the rule, what it saw and what it concluded. */
export interface RuleLogEntry {
  rule: AutoverifyRuleId;
  outcome: RuleOutcome;
  observed: Observed;
  reason: Bilingual;
}

export interface ResultDecision {
  test: string;
  id?: string;
  decision: 'verify' | 'hold';
  flag: ResultFlag | null;
  /** The reasons of every failing rule. */
  reasons: Bilingual[];
  log: RuleLogEntry[];
}

export interface AutoverifyDecision {
  reportId: string;
  decision: 'verify' | 'hold';
  /** Every reason the report is held: report-level ones and each held result's, prefixed with its test. */
  reasons: Bilingual[];
  results: ResultDecision[];
  /** Report-level rules. */
  log: RuleLogEntry[];
}
