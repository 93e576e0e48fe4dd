import { bilingual, type Bilingual } from '../text.ts';
import { prepareReport } from './prepare.ts';
import type { RuleCheck } from './rule.ts';
import { calculatedInputs } from './rules/calculated-inputs.ts';
import { AUTOVERIFY_RULES } from './rules/index.ts';
import type { AutoverifyConfig, AutoverifyDecision, AutoverifyReport, AutoverifyRuleId, ResultDecision, RuleLogEntry } from './types.ts';

const DISABLED = bilingual('规则已停用', 'rule switched off');
const NOT_INVOLVED = bilingual('本结果未涉及', 'this result is not involved');

const entry = (rule: AutoverifyRuleId, check: RuleCheck): RuleLogEntry => ({ rule, outcome: check.outcome, observed: check.observed, reason: check.reason });

/**
 * Auto-verification of one report (CLSI AUTO10-A): every enabled rule is applied to every result — none stops at
 * the first failure, so the log shows all that a person would have to look at. A result is verified only when no
 * rule fails; the report only when every result is verified and no report-level rule fails. Pure: the same report
 * and configuration always give the same decision and log.
 */
export function autoverify(report: AutoverifyReport, config: AutoverifyConfig): AutoverifyDecision {
  const ctx = prepareReport(report, config);
  const enabled = (id: AutoverifyRuleId): boolean => config.rules?.[id] !== false;
  const logs = ctx.results.map((): RuleLogEntry[] => []);
  const reportLog: RuleLogEntry[] = [];

  for (const rule of AUTOVERIFY_RULES) {
    if (!enabled(rule.id)) {
      for (const log of logs) log.push({ rule: rule.id, outcome: 'disabled', observed: {}, reason: DISABLED });
      if (rule.scope === 'report') reportLog.push({ rule: rule.id, outcome: 'disabled', observed: {}, reason: DISABLED });
      continue;
    }
    if (rule.scope === 'result') {
      for (const r of ctx.results) logs[r.index].push(entry(rule.id, rule.check(r, ctx)));
      continue;
    }
    const outcome = rule.check(ctx);
    reportLog.push(entry(rule.id, outcome.report));
    for (const r of ctx.results) {
      const check = outcome.results.get(r.index);
      logs[r.index].push(check ? entry(rule.id, check) : { rule: rule.id, outcome: 'not-applicable', observed: {}, reason: NOT_INVOLVED });
    }
  }

  if (enabled('calculated-inputs')) {
    const held = new Set(ctx.results.filter((r) => logs[r.index].some((e) => e.outcome === 'fail')).map((r) => r.input.test));
    const checks = calculatedInputs(ctx, held);
    for (const r of ctx.results) logs[r.index].push(entry('calculated-inputs', checks.get(r.index)!));
  } else for (const log of logs) log.push({ rule: 'calculated-inputs', outcome: 'disabled', observed: {}, reason: DISABLED });

  const results = ctx.results.map((r): ResultDecision => {
    const log = logs[r.index];
    const reasons = log.filter((e) => e.outcome === 'fail').map((e) => e.reason);
    return {
      test: r.input.test,
      ...(r.input.id ? { id: r.input.id } : {}),
      decision: reasons.length ? 'hold' : 'verify',
      flag: r.interpretation?.flag ?? null,
      reasons,
      log,
    };
  });

  const reasons: Bilingual[] = reportLog.filter((e) => e.outcome === 'fail').map((e) => e.reason);
  for (const r of results) for (const reason of r.reasons) reasons.push(bilingual(`${r.test}：${reason['zh-CN']}`, `${r.test}: ${reason.en}`));
  if (!ctx.results.length) reasons.push(bilingual('报告没有结果', 'the report has no results'));
  const held = reasons.length > 0;
  return { reportId: report.id, decision: held ? 'hold' : 'verify', reasons, results, log: reportLog };
}
