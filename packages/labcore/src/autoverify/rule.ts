import type { Bilingual } from '../text.ts';
import type { PreparedReport, PreparedResult } from './prepare.ts';
import type { AutoverifyRuleId, Observed } from './types.ts';

export interface RuleCheck {
  outcome: 'pass' | 'fail' | 'not-applicable';
  observed: Observed;
  reason: Bilingual;
}

/** A rule judging one result at a time. */
export interface ResultRule {
  id: AutoverifyRuleId;
  scope: 'result';
  check(result: PreparedResult, report: PreparedReport): RuleCheck;
}

/** A rule judging the report as a whole; it may also hold particular results (by their index). */
export interface ReportRule {
  id: AutoverifyRuleId;
  scope: 'report';
  check(report: PreparedReport): { report: RuleCheck; results: Map<number, RuleCheck> };
}

export const pass = (observed: Observed, reason: Bilingual): RuleCheck => ({ outcome: 'pass', observed, reason });
export const fail = (observed: Observed, reason: Bilingual): RuleCheck => ({ outcome: 'fail', observed, reason });
export const notApplicable = (observed: Observed, reason: Bilingual): RuleCheck => ({ outcome: 'not-applicable', observed, reason });
