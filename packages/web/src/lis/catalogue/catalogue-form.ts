import type {
  CatalogueAgeBound,
  CatalogueCriticalLimit,
  CatalogueImport,
  CataloguePanel,
  CataloguePanelInput,
  CatalogueReferenceRange,
  CatalogueTest,
  CatalogueTestInput,
  CatalogueTube,
  CatalogueTubeInput,
  CapColour,
} from '@medunion/lis/contracts';

/**
 * The catalogue drawers' forms, pure: each form holds the API's own shape (`referenceRanges[1].ageTo`,
 * `tests[2]`), so an OperationOutcome issue's `expression` names the input it belongs to. Empty inputs are left out
 * of what is sent (the API reads a missing field as "none", an empty string as a value).
 */

type Num = number | null | undefined;
export type NamePath = (string | number)[];

export interface IssueLike {
  severity?: string;
  code?: string;
  expression?: string[];
  details?: { text?: string };
  diagnostics?: string;
}

// ── Cap colours ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Cap colours the API takes with the RGB the labels print (packages/lis catalogue/terminology.ts CAP_COLOURS). */
export const CAP_COLOURS: Record<CapColour, string> = {
  purple: '#7B3FA0',
  lavender: '#B9A3D6',
  blue: '#5DA9E9',
  black: '#222222',
  yellow: '#F2C500',
  gold: '#D4A017',
  red: '#D32F2F',
  grey: '#9E9E9E',
  green: '#2E7D32',
  white: '#FFFFFF',
  none: '#FFFFFF',
};

// ── Values ──────────────────────────────────────────────────────────────────────────────────────────────────────

const text = (v: string | undefined | null): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: Num): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const list = (v: readonly (string | undefined | null)[] | undefined): string[] | undefined => {
  const kept = (v ?? []).map(text).filter((s): s is string => !!s);
  return kept.length ? kept : undefined;
};
/** Drops keys whose value is undefined, so the JSON sent has only what the user filled in. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
const bounds = (b: { low?: Num; high?: Num } | undefined) => {
  const out = compact({ low: num(b?.low), high: num(b?.high) });
  return Object.keys(out).length ? out : undefined;
};
const age = (a: { value?: Num; unit?: CatalogueAgeBound['unit'] } | undefined): CatalogueAgeBound | undefined =>
  num(a?.value) !== undefined ? { value: num(a?.value)!, unit: a?.unit ?? 'year' } : undefined;

export interface AgeValue {
  value?: Num;
  unit?: CatalogueAgeBound['unit'];
}
export interface PopulationValues {
  sex?: 'male' | 'female';
  ageFrom?: AgeValue;
  ageTo?: AgeValue;
  specimen?: string;
}
export interface RangeValues extends PopulationValues {
  low?: Num;
  high?: Num;
  lowExclusive?: boolean;
  highExclusive?: boolean;
  expected?: string[];
  text?: string;
}
export interface CriticalValues extends PopulationValues {
  low?: Num;
  high?: Num;
  texts?: string[];
}

export interface TestFormValues {
  code?: string;
  name?: string;
  englishName?: string;
  abbreviation?: string;
  loinc?: string;
  kind: 'quantitative' | 'qualitative' | 'text';
  unit?: string;
  decimals?: Num;
  method?: string;
  reportOrder?: Num;
  interpretation?: string;
  commonResults?: string[];
  referenceRanges: RangeValues[];
  criticalLimits: CriticalValues[];
  absoluteLimits?: { low?: Num; high?: Num };
  autoverifyLimits?: { low?: Num; high?: Num };
  formula?: string;
  formulaCondition?: string;
  delta?: { windowDays?: Num; maxAbsolute?: Num; maxPercent?: Num; maxRatePerDay?: Num; direction?: 'both' | 'increase' | 'decrease' };
}

export const newTestValues = (): TestFormValues => ({ kind: 'quantitative', referenceRanges: [], criticalLimits: [] });

export function testValuesOf(t: CatalogueTest): TestFormValues {
  return {
    ...t,
    referenceRanges: (t.referenceRanges ?? []).map((r) => ({ ...r, ageFrom: r.ageFrom && { ...r.ageFrom }, ageTo: r.ageTo && { ...r.ageTo } })),
    criticalLimits: (t.criticalLimits ?? []).map((c) => ({ ...c, ageFrom: c.ageFrom && { ...c.ageFrom }, ageTo: c.ageTo && { ...c.ageTo } })),
    absoluteLimits: { ...t.absoluteLimits },
    autoverifyLimits: { ...t.autoverifyLimits },
    delta: t.delta ? { ...t.delta } : undefined,
  };
}

const population = (p: PopulationValues) => compact({ sex: p.sex, ageFrom: age(p.ageFrom), ageTo: age(p.ageTo), specimen: text(p.specimen) });

export function testInputOf(v: TestFormValues, active?: boolean): CatalogueTestInput {
  const delta = num(v.delta?.windowDays) !== undefined
    ? compact({ windowDays: num(v.delta!.windowDays)!, maxAbsolute: num(v.delta!.maxAbsolute), maxPercent: num(v.delta!.maxPercent), maxRatePerDay: num(v.delta!.maxRatePerDay), direction: v.delta!.direction })
    : undefined;
  const ranges = v.referenceRanges.map(
    (r): CatalogueReferenceRange =>
      compact({ ...population(r), low: num(r.low), high: num(r.high), lowExclusive: r.lowExclusive || undefined, highExclusive: r.highExclusive || undefined, expected: list(r.expected), text: text(r.text) }),
  );
  const criticals = v.criticalLimits.map((c): CatalogueCriticalLimit => compact({ ...population(c), low: num(c.low), high: num(c.high), texts: list(c.texts) }));
  return compact({
    code: text(v.code) ?? '',
    name: text(v.name) ?? '',
    englishName: text(v.englishName),
    abbreviation: text(v.abbreviation),
    loinc: text(v.loinc),
    kind: v.kind,
    unit: text(v.unit),
    decimals: num(v.decimals),
    method: text(v.method),
    reportOrder: num(v.reportOrder),
    interpretation: text(v.interpretation),
    commonResults: list(v.commonResults),
    referenceRanges: ranges.length ? ranges : undefined,
    criticalLimits: criticals.length ? criticals : undefined,
    absoluteLimits: bounds(v.absoluteLimits),
    autoverifyLimits: bounds(v.autoverifyLimits),
    formula: text(v.formula),
    formulaCondition: text(v.formulaCondition),
    delta,
    active,
  });
}

export interface PanelFormValues {
  code?: string;
  name?: string;
  englishName?: string;
  section?: string;
  tube?: string;
  /** Test codes in report order (one picker per row). */
  tests: (string | undefined)[];
  price?: Num;
  tatTargetMinutes?: Num;
  description?: string;
}

export const newPanelValues = (): PanelFormValues => ({ tests: [undefined] });
export const panelValuesOf = (p: CataloguePanel): PanelFormValues => ({ ...p, tests: [...p.tests] });

export function panelInputOf(v: PanelFormValues, active?: boolean): CataloguePanelInput {
  return compact({
    code: text(v.code) ?? '',
    name: text(v.name) ?? '',
    englishName: text(v.englishName),
    section: v.section ?? '',
    tube: v.tube ?? '',
    tests: list(v.tests) ?? [],
    price: num(v.price),
    tatTargetMinutes: num(v.tatTargetMinutes),
    description: text(v.description),
    active,
  });
}

export interface TubeFormValues {
  code?: string;
  name?: string;
  specimenType?: string;
  capColour?: CapColour;
  additive?: string;
  volumeMl?: Num;
  minVolumeMl?: Num;
  collectionNote?: string;
}

export const newTubeValues = (): TubeFormValues => ({});
export const tubeValuesOf = (t: CatalogueTube): TubeFormValues => ({ ...t });

export function tubeInputOf(v: TubeFormValues, active?: boolean): CatalogueTubeInput {
  return compact({
    code: text(v.code) ?? '',
    name: text(v.name) ?? '',
    specimenType: text(v.specimenType) ?? '',
    capColour: v.capColour ?? 'none',
    additive: text(v.additive),
    volumeMl: num(v.volumeMl),
    minVolumeMl: num(v.minVolumeMl),
    collectionNote: text(v.collectionNote),
    active,
  });
}

// ── Issues → inputs ─────────────────────────────────────────────────────────────────────────────────────────────

/** `referenceRanges[1].ageTo` → ['referenceRanges', 1, 'ageTo']. */
export function pathOf(expression: string): NamePath {
  const out: NamePath = [];
  for (const part of expression.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [expression];
    out.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

const POPULATION = ['sex', 'ageFrom', 'ageTo', 'specimen'];
// The inputs each form has; a group (an age bound, limits) is shown on the input a person fixes it in.
const TEST_INPUTS = new Set(['code', 'name', 'englishName', 'abbreviation', 'loinc', 'kind', 'unit', 'decimals', 'method', 'reportOrder', 'interpretation', 'commonResults', 'formula', 'formulaCondition']);
const TEST_ROWS: Record<string, Set<string>> = {
  referenceRanges: new Set([...POPULATION, 'low', 'high', 'lowExclusive', 'highExclusive', 'expected', 'text']),
  criticalLimits: new Set([...POPULATION, 'low', 'high', 'texts']),
};
const TEST_GROUPS: Record<string, Set<string>> = {
  absoluteLimits: new Set(['low', 'high']),
  autoverifyLimits: new Set(['low', 'high']),
  delta: new Set(['windowDays', 'maxAbsolute', 'maxPercent', 'maxRatePerDay', 'direction']),
};
const GROUP_FIRST: Record<string, string> = { ageFrom: 'value', ageTo: 'value', absoluteLimits: 'low', autoverifyLimits: 'low', delta: 'windowDays' };
const PANEL_INPUTS = new Set(['code', 'name', 'englishName', 'section', 'tube', 'price', 'tatTargetMinutes', 'description']);
const TUBE_INPUTS = new Set(['code', 'name', 'specimenType', 'capColour', 'additive', 'volumeMl', 'minVolumeMl', 'collectionNote']);

export type FormKind = 'tests' | 'panels' | 'tubes';

/** The input an issue's expression names in a form of `kind`, or undefined (then it is shown above the form). */
export function inputOf(kind: FormKind, expression: string): NamePath | undefined {
  const path = pathOf(expression);
  const [head, second, third] = path;
  if (typeof head !== 'string') return undefined;
  if (kind === 'tubes') return TUBE_INPUTS.has(head) && path.length === 1 ? path : undefined;
  if (kind === 'panels') {
    if (head === 'tests') return typeof second === 'number' ? ['tests', second] : ['tests', 0];
    return PANEL_INPUTS.has(head) && path.length === 1 ? path : undefined;
  }
  if (TEST_INPUTS.has(head)) return [head];
  const rowFields = TEST_ROWS[head];
  if (rowFields) {
    if (typeof second !== 'number') return undefined;
    const field = typeof third === 'string' && rowFields.has(third) ? third : 'low';
    return GROUP_FIRST[field] ? [head, second, field, GROUP_FIRST[field]] : [head, second, field];
  }
  const groupFields = TEST_GROUPS[head];
  if (groupFields) return typeof second === 'string' && groupFields.has(second) ? [head, second] : [head, GROUP_FIRST[head]];
  return undefined;
}

export interface PlacedIssues {
  fields: { name: NamePath; errors: string[] }[];
  general: string[];
}

/** Splits an OperationOutcome's issues between the inputs they name and the rest; `localize` picks the UI half of "中文 / English". */
export function placeIssues(kind: FormKind, issues: readonly IssueLike[], localize: (text: string) => string = (s) => s): PlacedIssues {
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const general: string[] = [];
  for (const issue of issues) {
    const message = localize(issue.details?.text ?? issue.diagnostics ?? issue.code ?? '');
    const name = (issue.expression ?? []).map((e) => inputOf(kind, e)).find((n) => n);
    if (!name) {
      general.push(message);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    byName.set(key, entry);
  }
  return { fields: [...byName.values()], general };
}

/** Which tab of the test drawer an input is on, to open the tab holding the first error. */
export function testTabOf(name: NamePath): 'basic' | 'ranges' | 'rules' {
  const head = String(name[0]);
  if (head === 'referenceRanges' || head === 'criticalLimits') return 'ranges';
  if (['absoluteLimits', 'autoverifyLimits', 'delta', 'formula', 'formulaCondition'].includes(head)) return 'rules';
  return 'basic';
}

// ── Import ──────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ImportRow {
  kind: FormKind | '';
  /** Row number as people count (1 = first). */
  row?: number;
  code?: string;
  field: string;
  message: string;
}

/** Reads an import file: a JSON object with `tubes`, `tests`, `panels` arrays (what GET lists give, entry by entry). */
export function parseImport(textContent: string): { ok: true; body: CatalogueImport; counts: Record<FormKind, number> } | { ok: false; reason: 'json' | 'shape' } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(textContent.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, reason: 'json' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'shape' };
  const o = parsed as Record<string, unknown>;
  const kinds: FormKind[] = ['tubes', 'tests', 'panels'];
  if (!kinds.some((k) => Array.isArray(o[k])) || kinds.some((k) => o[k] !== undefined && !Array.isArray(o[k]))) return { ok: false, reason: 'shape' };
  // Entries exported from the lists carry server fields (id, version, pinyin…) the import does not take.
  const strip = (e: unknown) => {
    if (!e || typeof e !== 'object') return e;
    const { id: _id, versionId: _v, lastUpdated: _l, pinyin: _p, capColourName: _cn, capColourHex: _ch, ...rest } = e as Record<string, unknown>;
    return rest;
  };
  const body: CatalogueImport = {};
  for (const k of kinds) if (Array.isArray(o[k])) Object.assign(body, { [k]: (o[k] as unknown[]).map(strip) });
  return { ok: true, body, counts: { tubes: body.tubes?.length ?? 0, tests: body.tests?.length ?? 0, panels: body.panels?.length ?? 0 } };
}

/** The refusal of an import as rows: which entry (kind, row, code), which field, what is wrong — in file order. */
export function importRows(issues: readonly IssueLike[], body: CatalogueImport, localize: (text: string) => string = (s) => s): ImportRow[] {
  const rows = issues.map((issue): ImportRow => {
    const expression = issue.expression?.[0] ?? '';
    const m = /^(tubes|tests|panels)\[(\d+)\]\.?(.*)$/.exec(expression);
    const message = localize(issue.details?.text ?? issue.diagnostics ?? '');
    if (!m) return { kind: '', field: expression, message };
    const kind = m[1] as FormKind;
    const index = Number(m[2]);
    const entry = (body[kind] as { code?: string }[] | undefined)?.[index];
    return { kind, row: index + 1, ...(entry?.code ? { code: entry.code } : {}), field: m[3], message };
  });
  const order: Record<string, number> = { '': 0, tubes: 1, tests: 2, panels: 3 };
  return rows.sort((a, b) => order[a.kind] - order[b.kind] || (a.row ?? 0) - (b.row ?? 0));
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A test's first reference range as a table cell shows it (`3.5–9.5`, `<5.2`, `阴性`), with how many more there are. */
export function rangeSummary(test: { referenceRanges?: CatalogueReferenceRange[] }): string {
  const ranges = test.referenceRanges ?? [];
  if (!ranges.length) return '';
  const r = ranges[0];
  const low = r.low !== undefined ? `${r.lowExclusive ? '>' : '≥'}${r.low}` : undefined;
  const high = r.high !== undefined ? `${r.highExclusive ? '<' : '≤'}${r.high}` : undefined;
  const one = r.text ?? (r.expected?.length ? r.expected.join('/') : r.low !== undefined && r.high !== undefined ? `${r.low}–${r.high}` : (low ?? high ?? ''));
  return ranges.length > 1 ? `${one} (+${ranges.length - 1})` : one;
}

/** The whole catalogue as an import file: what the API takes back (server fields left out), active or not. */
export function exportFile(tubes: CatalogueTube[], tests: CatalogueTest[], panels: CataloguePanel[]): CatalogueImport {
  return {
    tubes: tubes.map((e) => tubeInputOf(tubeValuesOf(e), e.active)),
    tests: tests.map((e) => testInputOf(testValuesOf(e), e.active)),
    panels: panels.map((e) => panelInputOf(panelValuesOf(e), e.active)),
  };
}
