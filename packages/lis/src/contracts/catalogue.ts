// Shapes of /api/lis/catalogue (types only): the laboratory's tests, panels and tubes as the API takes and gives them.
// The server stores them as ObservationDefinition, ActivityDefinition and SpecimenDefinition (see the LIS README).

/** An age bound: from inclusive, to exclusive (`[0 day, 29 day)` = neonates). */
export interface CatalogueAgeBound {
  value: number;
  unit: 'day' | 'month' | 'year';
}

/** Who a range or limit applies to; every criterion left out applies to everyone. */
export interface CataloguePopulation {
  sex?: 'male' | 'female';
  ageFrom?: CatalogueAgeBound;
  ageTo?: CatalogueAgeBound;
  /** Specimen type code (the regional specimen-type code system: 01 全血, 02 血清, 03 血浆, 07 尿液…). */
  specimen?: string;
}

/** A reference range (参考范围): numeric bounds (inclusive unless marked exclusive) or the expected qualitative results. */
export interface CatalogueReferenceRange extends CataloguePopulation {
  low?: number;
  high?: number;
  lowExclusive?: boolean;
  highExclusive?: boolean;
  /** Normal qualitative results (阴性), matched by meaning. */
  expected?: string[];
  /** As printed on the report when the laboratory wants its own wording (e.g. `<5.2`). */
  text?: string;
}

/** A critical-value limit (危急值): critical at or below `low`, at or above `high`; or qualitative results that are critical. */
export interface CatalogueCriticalLimit extends CataloguePopulation {
  low?: number;
  high?: number;
  texts?: string[];
}

export interface CatalogueDeltaRule {
  windowDays: number;
  maxAbsolute?: number;
  maxPercent?: number;
  maxRatePerDay?: number;
  direction?: 'both' | 'increase' | 'decrease';
}

/** A reportable test (检验项目). */
export interface CatalogueTestInput {
  code: string;
  name: string;
  englishName?: string;
  /** English abbreviation shown beside the name (WBC, ALT). */
  abbreviation?: string;
  loinc?: string;
  /** quantitative: a number with a unit; qualitative: 阴性/阳性 and grades; text: free text (stool colour). */
  kind?: 'quantitative' | 'qualitative' | 'text';
  unit?: string;
  decimals?: number;
  method?: string;
  referenceRanges?: CatalogueReferenceRange[];
  criticalLimits?: CatalogueCriticalLimit[];
  /** Plausibility limits (绝对/可报告范围): a number outside cannot be a true result. */
  absoluteLimits?: { low?: number; high?: number };
  /** Calculated test: a labcore expression over test codes, `age` (years) and `sex` (1 male, 2 female). */
  formula?: string;
  /** Reported only when this labcore condition holds (Friedewald: `TG <= 4.52`). */
  formulaCondition?: string;
  /** Auto-verification limits (自动审核范围); the reference range is used when absent. */
  autoverifyLimits?: { low?: number; high?: number };
  delta?: CatalogueDeltaRule;
  /** Common results offered as a picklist when entering a result (常见结果). */
  commonResults?: string[];
  /** Print order on reports (打印顺序), lowest first. */
  reportOrder?: number;
  /** Clinical significance (参考意义) shown with the result. */
  interpretation?: string;
  active?: boolean;
}

/** An orderable panel (检验组合): what doctors order and what is charged. */
export interface CataloguePanelInput {
  code: string;
  name: string;
  englishName?: string;
  /** Lab section (专业组) code: clinical, biochemistry, immunology, microbiology, molecular, emergency. */
  section: string;
  /** The tube (SpecimenDefinition code) it is collected in; panels sharing a tube share one specimen. */
  tube: string;
  /** Test codes it reports, in report order. */
  tests: string[];
  /** Price in yuan (illustrative in the demo catalogue). */
  price?: number;
  /** Turnaround target from receipt to report, minutes. */
  tatTargetMinutes?: number;
  description?: string;
  active?: boolean;
}

export type CapColour = 'purple' | 'lavender' | 'blue' | 'black' | 'yellow' | 'gold' | 'red' | 'grey' | 'green' | 'white' | 'none';

/** A tube or container (标本容器): specimen type, cap colour, additive, volume. */
export interface CatalogueTubeInput {
  code: string;
  name: string;
  /** Specimen type code (regional specimen-type code system). */
  specimenType: string;
  capColour: CapColour;
  additive?: string;
  volumeMl?: number;
  minVolumeMl?: number;
  /** Patient preparation and collection notes (空腹, 避免溶血…). */
  collectionNote?: string;
  active?: boolean;
}

/** As stored: the input plus the resource id, version and pinyin keys of the name. */
interface Stored {
  id: string;
  versionId: string;
  lastUpdated: string;
  active: boolean;
  /** Pinyin initials and full pinyin of the name (血常规 → xcg, xuechanggui). */
  pinyin: string[];
}

export type CatalogueTest = CatalogueTestInput & Stored & { kind: 'quantitative' | 'qualitative' | 'text' };
export type CataloguePanel = CataloguePanelInput & Stored;
export type CatalogueTube = CatalogueTubeInput & Stored & { capColourName: string; capColourHex: string };

/** A whole catalogue, as the import takes it (all or nothing; existing codes are updated). */
export interface CatalogueImport {
  tubes?: CatalogueTubeInput[];
  tests?: CatalogueTestInput[];
  panels?: CataloguePanelInput[];
}

export interface CatalogueImportResult {
  created: { tubes: number; tests: number; panels: number };
  updated: { tubes: number; tests: number; panels: number };
  unchanged: { tubes: number; tests: number; panels: number };
}

export interface CatalogueList<T> {
  total: number;
  items: T[];
}
