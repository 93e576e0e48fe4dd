import { resolveWestgardConfig, DEFAULT_WESTGARD_CONFIG, type ResolvedRule } from './config.ts';
import { statusReason, violationReason } from './explain.ts';
import { findInWindow, findWithinRun, type Finding } from './find-violations.ts';
import { prepareQcResults, type PreparedQcResult } from './prepare.ts';
import { WESTGARD_RULES } from './rules.ts';
import type { QcResult, QcResultEvaluation, QcRunEvaluation, QcStatus, WestgardConfig, WestgardEvaluation, WestgardScope, WestgardViolation } from './types.ts';

const RANK: Readonly<Record<QcStatus, number>> = { accept: 0, warning: 1, reject: 2 };

function worst(violations: readonly WestgardViolation[]): QcStatus {
  let status: QcStatus = 'accept';
  for (const v of violations) if (RANK[v.severity] > RANK[status]) status = v.severity;
  return status;
}

/** The results of a sequence ending at `r`: the last `n` before and including it. */
function windowEndingAt(sequence: readonly PreparedQcResult[], position: Map<PreparedQcResult, number>, r: PreparedQcResult, n: number): PreparedQcResult[] {
  const end = position.get(r)!;
  return end + 1 >= n ? sequence.slice(end + 1 - n, end + 1) : [];
}

function indexOf(sequence: readonly PreparedQcResult[]): Map<PreparedQcResult, number> {
  return new Map(sequence.map((r, i) => [r, i]));
}

/**
 * Westgard multirule QC over control results of several levels and runs. Each run is judged in time order: the
 * within-run rules look at the run's results together; the across-run rules look at consecutive results of one level,
 * or of all levels, ending in the run. A violation is detected in (and counts against) the run of its newest result;
 * older runs keep the verdict they had. Excluded results take no part.
 */
export function evaluateWestgard(results: readonly QcResult[], config: WestgardConfig = DEFAULT_WESTGARD_CONFIG): WestgardEvaluation {
  const rules = resolveWestgardConfig(config);
  const prepared = prepareQcResults(results);
  const included = prepared.filter((r) => !r.source.excluded);

  const runs = new Map<string, PreparedQcResult[]>();
  for (const r of included) {
    const run = runs.get(r.source.runId) ?? [];
    run.push(r);
    runs.set(r.source.runId, run);
  }
  const byLevel = new Map<string, PreparedQcResult[]>();
  for (const r of included) {
    const sequence = byLevel.get(r.level) ?? [];
    sequence.push(r);
    byLevel.set(r.level, sequence);
  }
  const levelPositions = new Map([...byLevel].map(([level, seq]) => [level, indexOf(seq)]));
  const allPositions = indexOf(included);

  const runViolations = new Map<string, WestgardViolation[]>();
  for (const [runId, run] of runs) {
    const found = new Map<string, WestgardViolation>();
    const add = (rule: ResolvedRule, scope: WestgardScope, finding: Finding): void => {
      const ids = finding.members.map((m) => m.source.id);
      const key = `${rule.rule}|${[...ids].sort().join('|')}`;
      if (found.has(key)) return; // the same results seen through another scope
      found.set(key, {
        rule: rule.rule,
        severity: rule.severity,
        scope,
        side: finding.side,
        resultIds: ids,
        runIds: [...new Set(finding.members.map((m) => m.source.runId))],
        reason: violationReason(WESTGARD_RULES[rule.rule], scope, finding),
      });
    };
    for (const rule of rules) {
      const definition = WESTGARD_RULES[rule.rule];
      // A single-result rule reads each result on its own, whatever the scopes say.
      const scopes: readonly WestgardScope[] = definition.n === 1 ? ['within-run'] : rule.scopes;
      for (const scope of scopes) {
        if (scope === 'within-run') {
          for (const finding of findWithinRun(definition, run)) add(rule, scope, finding);
          continue;
        }
        for (const r of run) {
          const window =
            scope === 'across-runs-within-level'
              ? windowEndingAt(byLevel.get(r.level)!, levelPositions.get(r.level)!, r, definition.n)
              : windowEndingAt(included, allPositions, r, definition.n);
          // A window inside one run is the within-run scope's business.
          if (new Set(window.map((w) => w.source.runId)).size < 2) continue;
          for (const finding of findInWindow(definition, window)) add(rule, scope, finding);
        }
      }
    }
    let violations = [...found.values()];
    if (config.warningTriggersInspection && !run.some((r) => Math.abs(r.z) > 2)) {
      violations = violations.filter((v) => v.severity === 'warning');
    }
    runViolations.set(runId, violations);
  }

  const runEvaluations: QcRunEvaluation[] = [...runs].map(([runId, run]) => {
    const violations = runViolations.get(runId)!;
    const status = worst(violations);
    return { runId, time: run[0].ms, status, resultIds: run.map((r) => r.source.id), violations, reason: statusReason(status, violations) };
  });
  runEvaluations.sort((a, b) => a.time - b.time);

  const byIndex = [...prepared].sort((a, b) => a.index - b.index);
  const resultEvaluations = byIndex.map((r): QcResultEvaluation => {
    const base = { id: r.source.id, runId: r.source.runId, level: r.level, value: r.source.value, z: r.z };
    if (r.source.excluded) {
      return { ...base, excluded: true, violations: [], status: 'accept', runStatus: worst(runViolations.get(r.source.runId) ?? []), reason: { 'zh-CN': '已排除，不参与质控规则判断', en: 'excluded from the control rules' } };
    }
    const violations = runViolations.get(r.source.runId)!.filter((v) => v.resultIds.includes(r.source.id));
    const status = worst(violations);
    return { ...base, excluded: false, violations, status, runStatus: worst(runViolations.get(r.source.runId)!), reason: statusReason(status, violations, r.z) };
  });
  return { results: resultEvaluations, runs: runEvaluations };
}
