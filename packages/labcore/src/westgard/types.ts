import type { Bilingual } from '../text.ts';
import type { Instant } from '../time.ts';

/** The assigned value of a control material (靶值) and its SD, as set for the lot. */
export interface QcTarget {
  mean: number;
  sd: number;
}

/** One measurement of a control material (质控结果). */
export interface QcResult {
  id: string;
  /** The analytical run (批) it belongs to: all levels measured together share one. */
  runId: string;
  /** The control level / material (水平), e.g. 1, 2, 'L', 'H'. */
  level: string | number;
  time: Instant;
  value: number;
  target: QcTarget;
  /** Left out of the rules and statistics (a documented mix-up, a re-run replaced by another result). */
  excluded?: boolean;
}

export type WestgardRuleId = '1-2s' | '1-3s' | '2-2s' | 'R-4s' | '4-1s' | '10x' | '2of3-2s' | '3-1s' | '6x' | '8x' | '9x' | '12x';

/**
 * Which consecutive results a multi-result rule looks at (Westgard: "within run, across materials" and
 * "across runs, within material"; the long runs of 4-1s and N-x may also count across both).
 */
export type WestgardScope = 'within-run' | 'across-runs-within-level' | 'across-runs-across-levels';

export type WestgardSeverity = 'warning' | 'reject';
export type QcStatus = 'accept' | 'warning' | 'reject';

export interface WestgardRuleSetting {
  rule: WestgardRuleId;
  /** Defaults to the rule's usual role: 1-2s warns, every other rule rejects. */
  severity?: WestgardSeverity;
  /** Defaults to the scopes the literature applies the rule in (see RULES). */
  scopes?: readonly WestgardScope[];
}

export interface WestgardConfig {
  /** A rule id alone takes its default severity and scopes. */
  rules: readonly (WestgardRuleId | WestgardRuleSetting)[];
  /**
   * The classic multirule flowchart: a run in which no control exceeds 2 SD is accepted without applying the
   * rejection rules (1-2s as the trigger for inspection). Off by default: modern practice applies every rule.
   */
  warningTriggersInspection?: boolean;
}

export interface WestgardViolation {
  rule: WestgardRuleId;
  severity: WestgardSeverity;
  scope: WestgardScope;
  /** 'both' for R-4s (one result above +2 SD, another below −2 SD). */
  side: 'high' | 'low' | 'both';
  /** The results that make up the violation, oldest first. */
  resultIds: string[];
  /** The runs those results come from; the last is the run the violation was detected in. */
  runIds: string[];
  reason: Bilingual;
}

export interface QcResultEvaluation {
  id: string;
  runId: string;
  level: string;
  value: number;
  z: number;
  excluded: boolean;
  /** Violations detected in this result's run that involve this result. */
  violations: WestgardViolation[];
  /** The worst severity among this result's own violations. */
  status: QcStatus;
  /** The verdict on the whole run: a run is rejected as a whole, so its other results share it. */
  runStatus: QcStatus;
  reason: Bilingual;
}

export interface QcRunEvaluation {
  runId: string;
  /** Epoch ms of the run's earliest result. */
  time: number;
  status: QcStatus;
  resultIds: string[];
  violations: WestgardViolation[];
  reason: Bilingual;
}

export interface WestgardEvaluation {
  /** In the order given. */
  results: QcResultEvaluation[];
  /** In time order. */
  runs: QcRunEvaluation[];
}
