import type { Extension, ObservationDefinition, ObservationDefinitionQualifiedInterval, Range } from '@medplum/fhirtypes';
import type { CatalogueAgeBound, CatalogueCriticalLimit, CatalogueDeltaRule, CataloguePopulation, CatalogueReferenceRange, CatalogueTest, CatalogueTestInput } from '../contracts/catalogue.ts';
import { CS, EXT, LOINC, OBSERVATION_CATEGORY, UCUM, sid } from '../urls.ts';
import { AGE_UNITS, CATALOGUE_EXT } from './codes.ts';
import { catalogueMeta, compact, extOf, extsOf, isActive, quantity, statusExt, storedFacts, stringExt, stringOf, ucumCode } from './fhir-common.ts';

/**
 * A test (检验项目) as an ObservationDefinition (LIS README, "FHIR model"). Reference, critical and absolute ranges
 * are `qualifiedInterval`s by category. Ages are stored as FHIR ranges in completed units with an inclusive high
 * (the API's exclusive `ageTo` 60 years is `age.high` 59 a: completed years < 60 ⟺ ≤ 59).
 */
export function testToFhir(t: CatalogueTestInput, institution: string, id?: string): ObservationDefinition {
  const kind = t.kind ?? 'quantitative';
  const unitCode = ucumCode(t.unit);
  const extension: Extension[] = [
    statusExt(t.active),
    { url: CATALOGUE_EXT.resultKind, valueCode: kind },
    ...stringExt(CATALOGUE_EXT.englishName, t.englishName),
    ...stringExt(CATALOGUE_EXT.abbreviation, t.abbreviation),
    ...stringExt(EXT.formula, t.formula),
    ...stringExt(CATALOGUE_EXT.formulaCondition, t.formulaCondition),
    ...stringExt(CATALOGUE_EXT.interpretation, t.interpretation),
    ...(t.autoverifyLimits ? [{ url: EXT.autoverifyRange, valueRange: bounds(t.autoverifyLimits, t.unit) }] : []),
    ...(t.delta ? [deltaExtension(t.delta)] : []),
    ...(t.commonResults ?? []).map((value) => ({ url: EXT.commonResults, valueString: value })),
    ...(t.reportOrder !== undefined ? [{ url: EXT.reportOrder, valueInteger: t.reportOrder }] : []),
  ];
  return {
    resourceType: 'ObservationDefinition',
    ...(id ? { id } : {}),
    meta: catalogueMeta(institution),
    extension,
    identifier: [{ system: sid.test(institution), value: t.code }],
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
    code: {
      coding: [{ system: CS.tests(institution), code: t.code, display: t.name }, ...(t.loinc ? [{ system: LOINC, code: t.loinc }] : [])],
      text: t.name,
    },
    permittedDataType: kind === 'quantitative' ? ['Quantity'] : kind === 'qualitative' ? ['CodeableConcept', 'string'] : ['string'],
    preferredReportName: t.name,
    ...(t.method ? { method: { text: t.method } } : {}),
    ...(t.unit || t.decimals !== undefined
      ? {
          quantitativeDetails: {
            ...(t.unit ? { unit: { text: t.unit, ...(unitCode ? { coding: [{ system: UCUM, code: unitCode, display: t.unit }] } : {}) } } : {}),
            ...(t.decimals !== undefined ? { decimalPrecision: t.decimals } : {}),
          },
        }
      : {}),
    qualifiedInterval: [
      ...(t.referenceRanges ?? []).map((r) => referenceInterval(r, t.unit)),
      ...(t.criticalLimits ?? []).map((c) => criticalInterval(c, t.unit)),
      ...(t.absoluteLimits ? [{ category: 'absolute' as const, range: bounds(t.absoluteLimits, t.unit) }] : []),
    ],
  };
}

function bounds(b: { low?: number; high?: number }, unit?: string): Range {
  return { ...(b.low !== undefined ? { low: quantity(b.low, unit) } : {}), ...(b.high !== undefined ? { high: quantity(b.high, unit) } : {}) };
}

function population(p: CataloguePopulation): Partial<ObservationDefinitionQualifiedInterval> {
  const age = (b: CatalogueAgeBound, shift: number) => ({ value: b.value + shift, unit: AGE_UNITS[b.unit].zh, system: UCUM, code: AGE_UNITS[b.unit].code });
  return {
    ...(p.sex ? { gender: p.sex } : {}),
    ...(p.ageFrom || p.ageTo ? { age: { ...(p.ageFrom ? { low: age(p.ageFrom, 0) } : {}), ...(p.ageTo ? { high: age(p.ageTo, -1) } : {}) } } : {}),
    ...(p.specimen ? { appliesTo: [{ coding: [{ system: CS.specimenType, code: p.specimen }] }] } : {}),
  };
}

function referenceInterval(r: CatalogueReferenceRange, unit?: string): ObservationDefinitionQualifiedInterval {
  const exclusive = [...(r.lowExclusive ? ['low'] : []), ...(r.highExclusive ? ['high'] : [])];
  const extension: Extension[] = [
    ...(r.expected ?? []).map((value) => ({ url: CATALOGUE_EXT.expectedResult, valueString: value })),
    ...exclusive.map((bound) => ({ url: CATALOGUE_EXT.exclusiveBound, valueCode: bound })),
    ...stringExt(CATALOGUE_EXT.rangeText, r.text),
  ];
  return {
    ...(extension.length ? { extension } : {}),
    category: 'reference',
    ...(r.low !== undefined || r.high !== undefined ? { range: bounds(r, unit) } : {}),
    ...population(r),
  };
}

function criticalInterval(c: CatalogueCriticalLimit, unit?: string): ObservationDefinitionQualifiedInterval {
  const extension = (c.texts ?? []).map((value) => ({ url: CATALOGUE_EXT.criticalText, valueString: value }));
  return {
    ...(extension.length ? { extension } : {}),
    category: 'critical',
    ...(c.low !== undefined || c.high !== undefined ? { range: bounds(c, unit) } : {}),
    ...population(c),
  };
}

const DELTA_FIELDS = ['windowDays', 'maxAbsolute', 'maxPercent', 'maxRatePerDay'] as const;

function deltaExtension(d: CatalogueDeltaRule): Extension {
  return {
    url: EXT.deltaCheck,
    extension: [
      ...DELTA_FIELDS.filter((f) => d[f] !== undefined).map((f) => ({ url: f, valueDecimal: d[f]! })),
      ...(d.direction ? [{ url: 'direction', valueCode: d.direction }] : []),
    ],
  };
}

// ---- back from FHIR ------------------------------------------------------------------------------------------

const numberOf = (r: Range | undefined, end: 'low' | 'high'): number | undefined => r?.[end]?.value;

function populationOf(q: ObservationDefinitionQualifiedInterval): CataloguePopulation {
  const unitOf = (code?: string): CatalogueAgeBound['unit'] => (code === 'd' ? 'day' : code === 'mo' ? 'month' : 'year');
  const low = q.age?.low;
  const high = q.age?.high;
  return compact({
    sex: q.gender === 'male' || q.gender === 'female' ? q.gender : undefined,
    ageFrom: low?.value !== undefined ? { value: low.value, unit: unitOf(low.code) } : undefined,
    ageTo: high?.value !== undefined ? { value: high.value + 1, unit: unitOf(high.code) } : undefined,
    specimen: q.appliesTo?.[0]?.coding?.find((c) => c.system === CS.specimenType)?.code,
  });
}

export function deltaOf(r: ObservationDefinition): CatalogueDeltaRule | undefined {
  const ext = extOf(r, EXT.deltaCheck);
  if (!ext) return undefined;
  const sub = (url: string) => ext.extension?.find((e) => e.url === url);
  const rule: CatalogueDeltaRule = { windowDays: sub('windowDays')?.valueDecimal ?? 0 };
  for (const f of DELTA_FIELDS.slice(1)) {
    const value = sub(f)?.valueDecimal;
    if (value !== undefined) rule[f] = value;
  }
  const direction = sub('direction')?.valueCode;
  if (direction === 'both' || direction === 'increase' || direction === 'decrease') rule.direction = direction;
  return rule;
}

export function testFromFhir(r: ObservationDefinition, institution: string): CatalogueTest {
  const code = r.identifier?.find((i) => i.system === sid.test(institution))?.value ?? r.code?.coding?.find((c) => c.system === CS.tests(institution))?.code ?? '';
  const name = r.code?.text ?? r.preferredReportName ?? code;
  const kind = extOf(r, CATALOGUE_EXT.resultKind)?.valueCode;
  const intervals = r.qualifiedInterval ?? [];
  const absolute = intervals.find((q) => q.category === 'absolute')?.range;
  const av = extOf(r, EXT.autoverifyRange)?.valueRange;
  const test: CatalogueTest = {
    ...storedFacts(r, name),
    active: isActive(r),
    code,
    name,
    kind: kind === 'qualitative' || kind === 'text' ? kind : 'quantitative',
    ...compact({
      englishName: stringOf(r, CATALOGUE_EXT.englishName),
      abbreviation: stringOf(r, CATALOGUE_EXT.abbreviation),
      loinc: r.code?.coding?.find((c) => c.system === LOINC)?.code,
      unit: r.quantitativeDetails?.unit?.text,
      decimals: r.quantitativeDetails?.decimalPrecision,
      method: r.method?.text,
      formula: stringOf(r, EXT.formula),
      formulaCondition: stringOf(r, CATALOGUE_EXT.formulaCondition),
      interpretation: stringOf(r, CATALOGUE_EXT.interpretation),
      referenceRanges: intervals.filter((q) => q.category === 'reference').map((q) => referenceOf(q)),
      criticalLimits: intervals.filter((q) => q.category === 'critical').map((q) => compact({ ...populationOf(q), low: numberOf(q.range, 'low'), high: numberOf(q.range, 'high'), texts: extsOf(q, CATALOGUE_EXT.criticalText).map((e) => e.valueString!) })),
      absoluteLimits: absolute ? compact({ low: numberOf(absolute, 'low'), high: numberOf(absolute, 'high') }) : undefined,
      autoverifyLimits: av ? compact({ low: numberOf(av, 'low'), high: numberOf(av, 'high') }) : undefined,
      delta: deltaOf(r),
      commonResults: extsOf(r, EXT.commonResults).map((e) => e.valueString!),
      reportOrder: extOf(r, EXT.reportOrder)?.valueInteger,
    }),
  };
  return test;
}

function referenceOf(q: ObservationDefinitionQualifiedInterval): CatalogueReferenceRange {
  const exclusive = extsOf(q, CATALOGUE_EXT.exclusiveBound).map((e) => e.valueCode);
  return compact({
    ...populationOf(q),
    low: numberOf(q.range, 'low'),
    high: numberOf(q.range, 'high'),
    lowExclusive: exclusive.includes('low') || undefined,
    highExclusive: exclusive.includes('high') || undefined,
    expected: extsOf(q, CATALOGUE_EXT.expectedResult).map((e) => e.valueString!),
    text: stringOf(q, CATALOGUE_EXT.rangeText),
  });
}
