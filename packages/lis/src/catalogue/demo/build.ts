import { BUILTIN_FORMULAS } from '@medunion/labcore';
import type { CatalogueCriticalLimit, CataloguePopulation, CatalogueReferenceRange, CatalogueTestInput } from '../../contracts/catalogue.ts';

// Small builders that keep the demo catalogue readable as tables.

export const MALE: CataloguePopulation = { sex: 'male' };
export const FEMALE: CataloguePopulation = { sex: 'female' };

/** Completed years [from, to). */
export const years = (from: number, to?: number): CataloguePopulation => ({ ageFrom: { value: from, unit: 'year' }, ...(to !== undefined ? { ageTo: { value: to, unit: 'year' } } : {}) });
/** Neonates: [0, 29) days, i.e. 0–28 completed days. */
export const NEONATE: CataloguePopulation = { ageTo: { value: 29, unit: 'day' } };

export const range = (low: number | undefined, high: number | undefined, who: CataloguePopulation = {}): CatalogueReferenceRange => ({
  ...who,
  ...(low !== undefined ? { low } : {}),
  ...(high !== undefined ? { high } : {}),
});

/** A range printed `<5.2` (upper bound excluded). */
export const below = (high: number, who: CataloguePopulation = {}): CatalogueReferenceRange => ({ ...who, high, highExclusive: true, text: `<${high}` });
/** A range printed `≥1.0`. */
export const atLeast = (low: number, who: CataloguePopulation = {}): CatalogueReferenceRange => ({ ...who, low, text: `≥${low}` });

export const critical = (low: number | undefined, high: number | undefined, who: CataloguePopulation = {}): CatalogueCriticalLimit => ({
  ...who,
  ...(low !== undefined ? { low } : {}),
  ...(high !== undefined ? { high } : {}),
});

type Extra = Partial<CatalogueTestInput>;

/** A quantitative test: code, name, abbreviation, English name, unit, decimals, then ranges and the rest. */
export function quantitative(code: string, name: string, abbreviation: string, englishName: string, unit: string, decimals: number, extra: Extra = {}): CatalogueTestInput {
  return { code, name, abbreviation, englishName, kind: 'quantitative', ...(unit ? { unit } : {}), decimals, ...extra };
}

/** A qualitative test whose normal result is 阴性 (or `expected`), with the usual picklist. */
export function qualitative(code: string, name: string, abbreviation: string, englishName: string, extra: Extra & { expected?: string[] } = {}): CatalogueTestInput {
  const { expected = ['阴性'], ...rest } = extra;
  return { code, name, abbreviation, englishName, kind: 'qualitative', referenceRanges: [{ expected }], commonResults: ['阴性', '阳性'], ...rest };
}

/** A descriptive (text) result such as a colour, with its normal wordings. */
export function descriptive(code: string, name: string, englishName: string, expected: string[], commonResults: string[], extra: Extra = {}): CatalogueTestInput {
  return { code, name, englishName, kind: 'text', referenceRanges: [{ expected }], commonResults, ...extra };
}

/** A calculated test from labcore's built-in formulas (expression, decimals, reporting condition). */
export function calculated(code: string, name: string, abbreviation: string, englishName: string, extra: Extra = {}): CatalogueTestInput {
  const builtin = BUILTIN_FORMULAS.find((f) => f.code === code);
  if (!builtin) throw new Error(`no built-in formula ${code}`);
  return {
    code,
    name,
    abbreviation,
    englishName,
    kind: 'quantitative',
    ...(builtin.unit ? { unit: builtin.unit } : {}),
    ...(builtin.decimals !== undefined ? { decimals: builtin.decimals } : {}),
    formula: builtin.expression,
    ...(builtin.reportableWhen ? { formulaCondition: builtin.reportableWhen } : {}),
    method: '计算',
    ...extra,
  };
}

/** Numbers the tests of a list in report order (10, 20, …) unless they carry their own. */
export function inReportOrder(tests: CatalogueTestInput[], start = 10): CatalogueTestInput[] {
  return tests.map((t, i) => ({ ...t, reportOrder: t.reportOrder ?? start + i * 10 }));
}
