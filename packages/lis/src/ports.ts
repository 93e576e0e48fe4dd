/**
 * How the LIS areas call each other: the functions one area provides to the others, with the file that implements
 * each. Areas import these from the owning file (same module, so no service indirection), never each other's
 * tables. Signatures here are the agreement; the owning area documents behaviour in its own file.
 */
import type { DiagnosticReport, ObservationDefinition, Observation, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext, RequestContext, Unit } from '@medunion/kernel';
import type { SpecimenStatus } from './urls.ts';

// ---- catalogue (src/catalogue/lookup.ts) -------------------------------------------------------------------------

/** A test (检验项目) as the other areas use it: its definition plus what the extensions say, parsed once. */
export interface TestDefinition {
  code: string;
  name: string;
  /** English name / abbreviation (e.g. WBC) shown beside the Chinese name. */
  abbreviation?: string;
  unit?: string;
  decimals?: number;
  /** Report order within its panel. */
  order: number;
  /** Calculated test: a labcore expression over other test codes, `age` and `sex`. */
  formula?: string;
  /** The FHIR resource (qualifiedInterval holds reference, critical and absolute ranges). */
  resource: ObservationDefinition & { id: string };
}

export interface PanelDefinition {
  code: string;
  name: string;
  /** 专业组 code (CS.labSection). */
  section: string;
  /** Test codes the panel reports, in report order. */
  tests: string[];
  /** SpecimenDefinition identifier value (the tube) the panel is collected in. */
  specimenDefinition: string;
  price?: number;
  tatTargetMinutes?: number;
}

/** catalogue/lookup.ts: the institution's catalogue, cached per institution and refreshed when a definition changes. */
export type LoadCatalogue = (ctx: ModuleContext, institution: string) => Promise<{
  tests: Map<string, TestDefinition>;
  panels: Map<string, PanelDefinition>;
}>;

// ---- specimens (src/specimens/find.ts, src/specimens/status.ts) --------------------------------------------------

/** A specimen with what an analyzer or a bench needs: its orders and the test codes to run on it. */
export interface SpecimenWork {
  specimen: Specimen & { id: string };
  barcode: string;
  orders: (ServiceRequest & { id: string })[];
  /** Test codes ordered on this specimen (panels expanded), calculated ones included. */
  tests: string[];
  patientId: string;
  status: SpecimenStatus;
}

/** specimens/find.ts: by barcode (条码号) or sample number (样本号) within an institution; undefined when unknown. */
export type FindSpecimen = (ctx: ModuleContext, institution: string, barcodeOrSampleNo: string) => Promise<SpecimenWork | undefined>;

/**
 * specimens/status.ts: moves a specimen's LIS status (ledger row + Specimen extension) inside the caller's unit.
 * Refuses transitions that go backwards unless `allowBackwards` (recall, un-review).
 */
export type SetSpecimenStatus = (
  ctx: ModuleContext,
  unit: Unit,
  request: RequestContext,
  specimenId: string,
  status: SpecimenStatus,
  detail?: { note?: string; allowBackwards?: boolean },
) => Promise<void>;

// ---- results (src/results/record.ts) -----------------------------------------------------------------------------

export interface IncomingResult {
  testCode: string;
  /** As reported: a number, a censored value (`<0.10`, `>500`) or text (阴性, +). */
  value: string;
  unit?: string;
  /** Analyzer flags passed through (kept on the Observation; some hold auto-verification). */
  instrumentFlags?: string[];
  completedAt?: string;
  /** Histograms/scattergrams as images (PNG/BMP bytes) or numeric arrays. */
  images?: { name: string; mime: string; bytes: Uint8Array }[];
  histograms?: { name: string; values: number[] }[];
}

/**
 * results/record.ts: stores results of a specimen (instrument or manual entry) as preliminary Observations, computes
 * calculated tests, flags (ranges, critical, delta), raises critical values at once, and runs auto-verification
 * when the specimen's results are complete. Returns the Observations written. Results of a reviewed (locked)
 * specimen are refused with 409.
 */
export type RecordResults = (
  ctx: ModuleContext,
  request: RequestContext,
  input: { institution: string; specimenId: string; instrumentId?: string; source: 'instrument' | 'manual'; results: IncomingResult[] },
) => Promise<{ observations: (Observation & { id: string })[]; report?: DiagnosticReport & { id: string } }>;

// ---- QC (src/qc/record.ts, src/qc/status.ts) ---------------------------------------------------------------------

/** qc/record.ts: a QC result from an analyzer (its QC sample id names the lot and level) or manual entry. */
export type RecordQcResult = (
  ctx: ModuleContext,
  request: RequestContext,
  input: { institution: string; instrumentId: string; qcSampleId: string; testCode: string; value: number; at: string; source: 'instrument' | 'manual' },
) => Promise<{ accepted: boolean; status: 'accept' | 'warning' | 'reject' }>;

/** qc/record.ts: whether an analyzer's QC sample id is a QC material lot/level (so its results go to QC, not to a patient). */
export type IsQcSample = (ctx: ModuleContext, institution: string, instrumentId: string, sampleId: string) => Promise<boolean>;

/** qc/status.ts: QC status of a test on an instrument at a time (Westgard on the last run, PBRTQC alarms), for auto-verification. */
export type QcStatusAt = (
  ctx: ModuleContext,
  institution: string,
  instrumentId: string,
  testCode: string,
  at: string,
) => Promise<{ status: 'in-control' | 'warning' | 'out-of-control' | 'unknown'; reason?: string }>;

// ---- further functions areas call across folders (the owning file is the agreement) ------------------------------

/**
 * catalogue/labcore-config.ts: a test's definition in labcore's terms (reference ranges, critical limits,
 * plausibility, delta rule, formula, auto-verification settings) — read by results (flags, review) and QC.
 */
export type CatalogueInLabcoreTerms = Pick<
  typeof import('./catalogue/labcore-config.ts'),
  'referenceRangesOf' | 'criticalLimitsOf' | 'plausibilityOf' | 'deltaRuleOf' | 'formulaDefinitionOf' | 'autoverifyConfigOf'
>;

/** specimens/pools.ts: a pooled specimen (混检) found positive — its members are listed for recall (results calls it). */
export type MarkPoolPositive = (typeof import('./specimens/pools.ts'))['markPoolPositive'];

/** catalogue/lookup.ts: the institution's tubes (SpecimenDefinitions) from the catalogue cache (accession and labels). */
export type LoadTubes = (typeof import('./catalogue/lookup.ts'))['loadTubes'];
