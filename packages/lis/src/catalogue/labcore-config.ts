import type { ObservationDefinition } from '@medplum/fhirtypes';
import type { AutoverifyTestConfig, CriticalLimit, DeltaRule, FormulaDefinition, PlausibilityLimits, PopulationCriteria, ReferenceRange } from '@medunion/labcore';
import type { CatalogueAgeBound, CataloguePopulation, CatalogueTest } from '../contracts/catalogue.ts';
import type { TestDefinition } from '../ports.ts';
import { CATALOGUE_TAG } from './codes.ts';
import { SPECIMEN_TYPE_NAMES } from './tube-fhir.ts';
import { testFromFhir } from './test-fhir.ts';

/**
 * A test's definition in labcore's terms, for the results area (flags, critical values, calculated tests, delta
 * checks, auto-verification). Specimen criteria use the specimen type's Chinese name (血清, 全血), as labcore
 * compares the names a laboratory writes; pass the Specimen's type display as the subject's `specimen`.
 */
export function modelOf(test: Pick<TestDefinition, 'resource'>): CatalogueTest {
  const resource = test.resource as ObservationDefinition;
  const institution = resource.meta?.tag?.find((t) => t.system === CATALOGUE_TAG)?.code ?? '';
  return testFromFhir(resource, institution);
}

const bound = (b: CatalogueAgeBound) => ({ value: b.value, unit: b.unit });

function criteria(p: CataloguePopulation): PopulationCriteria {
  return {
    ...(p.sex ? { sex: p.sex } : {}),
    ...(p.ageFrom ? { ageFrom: bound(p.ageFrom) } : {}),
    ...(p.ageTo ? { ageTo: bound(p.ageTo) } : {}),
    ...(p.specimen ? { specimen: SPECIMEN_TYPE_NAMES[p.specimen] ?? p.specimen } : {}),
  };
}

export function referenceRangesOf(test: Pick<TestDefinition, 'resource'>): ReferenceRange[] {
  const model = modelOf(test);
  return (model.referenceRanges ?? []).map((r) => ({
    ...criteria(r),
    ...(r.low !== undefined ? { low: r.low } : {}),
    ...(r.high !== undefined ? { high: r.high } : {}),
    ...(r.lowExclusive ? { lowExclusive: true } : {}),
    ...(r.highExclusive ? { highExclusive: true } : {}),
    ...(r.expected?.length ? { expected: r.expected } : {}),
    ...(model.unit ? { unit: model.unit } : {}),
    ...(r.text ? { text: r.text } : {}),
  }));
}

export function criticalLimitsOf(test: Pick<TestDefinition, 'resource'>): CriticalLimit[] {
  return (modelOf(test).criticalLimits ?? []).map((c) => ({
    ...criteria(c),
    ...(c.low !== undefined ? { low: c.low } : {}),
    ...(c.high !== undefined ? { high: c.high } : {}),
    ...(c.texts?.length ? { texts: c.texts } : {}),
  }));
}

/** Absolute limits as physiological plausibility limits; a negative lower limit allows negative results. */
export function plausibilityOf(test: Pick<TestDefinition, 'resource'>): PlausibilityLimits | undefined {
  const a = modelOf(test).absoluteLimits;
  if (!a) return undefined;
  return {
    ...(a.low !== undefined ? { physiologicalLow: a.low } : {}),
    ...(a.high !== undefined ? { physiologicalHigh: a.high } : {}),
    ...(a.low !== undefined && a.low < 0 ? { allowNegative: true } : {}),
  };
}

export function deltaRuleOf(test: Pick<TestDefinition, 'resource'>): DeltaRule | undefined {
  return modelOf(test).delta;
}

/** The calculated test as labcore computes it (with its reporting condition), or undefined for a measured test. */
export function formulaDefinitionOf(test: Pick<TestDefinition, 'resource' | 'code'>): FormulaDefinition | undefined {
  const model = modelOf(test);
  if (!model.formula) return undefined;
  return {
    code: test.code,
    name: { 'zh-CN': model.name, en: model.englishName ?? model.name },
    expression: model.formula,
    ...(model.unit ? { unit: model.unit } : {}),
    ...(model.decimals !== undefined ? { decimals: model.decimals } : {}),
    ...(model.formulaCondition ? { reportableWhen: model.formulaCondition } : {}),
  };
}

/** Per-test auto-verification settings from the catalogue (ranges, limits, delta); rules and QC are the results area's. */
export function autoverifyConfigOf(test: Pick<TestDefinition, 'resource' | 'code'>): AutoverifyTestConfig {
  const model = modelOf(test);
  const plausibility = plausibilityOf(test);
  return {
    test: test.code,
    kind: model.kind === 'quantitative' ? 'quantitative' : 'qualitative',
    referenceRanges: referenceRangesOf(test),
    criticalLimits: criticalLimitsOf(test),
    ...(plausibility ? { plausibility } : {}),
    ...(model.autoverifyLimits ? { autoverifyLimits: model.autoverifyLimits } : {}),
    ...(model.delta ? { delta: model.delta } : {}),
    ...(model.formula ? { requiresQc: false } : {}),
  };
}
