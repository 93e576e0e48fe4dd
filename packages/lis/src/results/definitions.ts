import type { AutoverifyTestConfig, CriticalLimit, DeltaRule, FormulaDefinition, PlausibilityLimits, ReferenceRange } from '@medunion/labcore';
import { autoverifyConfigOf as catalogueAutoverifyConfig, criticalLimitsOf, deltaRuleOf, formulaDefinitionOf, plausibilityOf, referenceRangesOf } from '../catalogue/lookup.ts';
import type { TestDefinition } from '../ports.ts';
import { EXT } from '../urls.ts';

/** What results need to know about a test beyond its name: the catalogue entry in labcore's terms. */
export interface TestRules {
  definition: TestDefinition;
  ranges: ReferenceRange[];
  critical: CriticalLimit[];
  plausibility: PlausibilityLimits;
  delta?: DeltaRule;
  commonResults: string[];
  formula?: FormulaDefinition;
  autoverify: AutoverifyTestConfig;
}

/**
 * Reads a test's ranges, limits and rules through the catalogue's own readers (catalogue/lookup.ts), which own the
 * ObservationDefinition encoding. A test without absolute limits still may not be negative (labcore's default).
 */
export function rulesOf(definition: TestDefinition): TestRules {
  const delta = deltaRuleOf(definition);
  const formula = formulaDefinitionOf(definition);
  return {
    definition,
    ranges: referenceRangesOf(definition),
    critical: criticalLimitsOf(definition),
    plausibility: plausibilityOf(definition) ?? {},
    ...(delta && delta.windowDays > 0 ? { delta } : {}),
    commonResults: (definition.resource.extension ?? []).filter((e) => e.url === EXT.commonResults && e.valueString).map((e) => e.valueString!),
    ...(formula ? { formula } : {}),
    autoverify: catalogueAutoverifyConfig(definition),
  };
}

/** Rules of the catalogue's tests, each parsed the first time it is needed (a batch touches a few of hundreds). */
export class TestRulesCache {
  private readonly parsed = new Map<string, TestRules>();

  constructor(readonly tests: Map<string, TestDefinition>) {}

  get(code: string): TestRules | undefined {
    let rules = this.parsed.get(code);
    const definition = this.tests.get(code);
    if (!rules && definition) this.parsed.set(code, (rules = rulesOf(definition)));
    return rules;
  }
}

/**
 * labcore's auto-verification configuration of one test: the catalogue's, with QC required exactly when the result
 * came from an analyzer (a manual test such as microscopy, or a calculated one, has no QC of its own).
 */
export function autoverifyConfigOf(rules: TestRules, instrumentResult: boolean): AutoverifyTestConfig {
  return { ...rules.autoverify, requiresQc: instrumentResult && !rules.formula };
}
