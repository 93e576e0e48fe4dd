import type { Extension, Observation, Reference } from '@medplum/fhirtypes';
import { parseResultValue, type DeltaResult, type Interpretation, type ResultDecision } from '@medunion/labcore';
import type { SpecimenWork, TestDefinition } from '../ports.ts';
import { CS, EXT, LOINC, OBSERVATION_CATEGORY, sid } from '../urls.ts';
import { RESULT_EXT } from './codes.ts';
import { extensionOf, ref, resultKey } from './fhir.ts';
import { interpretationOf, referenceRangeOf } from './interpretation.ts';

export type ResultSource = 'instrument' | 'manual' | 'calculated';

/** A result before it is an Observation: what was reported and by what. */
export interface ResultDraft {
  test: TestDefinition;
  /** As reported (`5.6`, `<0.10`, `阴性`), or undefined for a calculated test that could not be reported. */
  raw?: string;
  unit?: string;
  source: ResultSource;
  instrumentId?: string;
  instrumentFlags: string[];
  completedAt: string;
  /** Who entered it (manual entry): `Practitioner/<id>`. */
  performer?: string;
  /** Observations a calculated result was computed from. */
  derivedFrom?: string[];
  /** Why there is no value (a calculated test whose condition failed), shown instead of one. */
  absentReason?: string;
}

export interface BuildArgs {
  id: string;
  institution: string;
  work: SpecimenWork;
  draft: ResultDraft;
  interpretation?: Interpretation;
  delta?: DeltaResult;
  collectedAt: string;
  /** ServiceRequests (order lines) whose panels report this test. */
  orders: string[];
  /** The current version, whose release marker survives a re-entry after un-review. */
  previous?: Observation;
}

/** The value elements: an exact number as a Quantity; a bound (`<0.10`) or a text as a string (LIS README). */
function valueOf(raw: string, unit: string | undefined): Pick<Observation, 'valueQuantity' | 'valueString'> {
  const v = parseResultValue(raw);
  if (v.kind === 'number' && !v.comparator) return { valueQuantity: { value: v.value, ...(unit ? { unit } : {}) } };
  return { valueString: v.kind === 'number' ? `${v.comparator}${v.text}` : v.kind === 'text' ? v.text : raw };
}

/** Instrument marks on a value (`5.6*`) are flags of the result: kept, never dropped. */
export function marksOf(raw: string | undefined): string[] {
  const v = raw === undefined ? undefined : parseResultValue(raw);
  return v?.kind === 'number' ? v.marks : [];
}

export function deltaExtension(d: DeltaResult): Extension {
  return {
    url: EXT.delta,
    extension: [
      { url: 'status', valueCode: d.status },
      ...(d.previous ? [{ url: 'previousValue', valueDecimal: d.previous.value }, { url: 'previousTime', valueDateTime: new Date(d.previous.time).toISOString() }] : []),
      ...(d.previous?.id ? [{ url: 'previous', valueReference: ref('Observation', d.previous.id) }] : []),
      ...(d.absolute !== undefined ? [{ url: 'absolute', valueDecimal: d.absolute }] : []),
      ...(d.percent !== undefined ? [{ url: 'percent', valueDecimal: d.percent }] : []),
      ...(d.ratePerDay !== undefined ? [{ url: 'ratePerDay', valueDecimal: d.ratePerDay }] : []),
      { url: 'reason', valueString: `${d.reason['zh-CN']} / ${d.reason.en}` },
    ],
  };
}

/** The auto-verification decision on a result, with every reason it was held (CLSI AUTO10: explainable). */
export function autoverifyExtension(decision: Pick<ResultDecision, 'decision' | 'reasons'>, at: string): Extension {
  return {
    url: EXT.autoverification,
    extension: [
      { url: 'decision', valueCode: decision.decision },
      { url: 'at', valueDateTime: at },
      ...decision.reasons.map((r) => ({ url: 'reason', valueString: `${r['zh-CN']} / ${r.en}` })),
    ],
  };
}

/**
 * The preliminary Observation of one result (LIS README "Results"): identifier `<barcode>/<test>`, the orders it
 * answers, specimen, device, value, labcore's flag and the range it applied, instrument flags, delta outcome.
 * Auto-verification and release are added by their own steps.
 */
export function buildObservation(a: BuildArgs): Observation & { id: string } {
  const { draft, work, institution } = a;
  const test = draft.test;
  const unit = draft.unit ?? test.unit;
  const flags = [...new Set([...draft.instrumentFlags, ...marksOf(draft.raw)])];
  const released = extensionOf(a.previous, RESULT_EXT.releasedValue);
  const loinc = test.resource.code?.coding?.find((c) => c.system === LOINC);
  const extension: Extension[] = [
    { url: RESULT_EXT.resultSource, valueCode: draft.source },
    ...flags.map((f) => ({ url: EXT.instrumentFlags, valueCoding: { system: CS.instrumentFlag, code: f } })),
    ...(a.delta ? [deltaExtension(a.delta)] : []),
    ...(released ? [released] : []),
  ];
  return {
    resourceType: 'Observation',
    id: a.id,
    extension,
    identifier: [{ system: sid.result(institution), value: resultKey(work.barcode, test.code) }],
    ...(a.orders.length ? { basedOn: a.orders.map((id) => ref('ServiceRequest', id)) } : {}),
    status: 'preliminary',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: CS.tests(institution), code: test.code, display: test.name }, ...(loinc ? [loinc] : [])], text: test.name },
    ...(work.patientId ? { subject: ref('Patient', work.patientId) } : {}),
    effectiveDateTime: a.collectedAt,
    issued: draft.completedAt,
    ...(draft.performer ? { performer: [{ reference: draft.performer }] } : {}),
    ...(draft.raw !== undefined ? valueOf(draft.raw, unit) : { dataAbsentReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-performed' }], text: draft.absentReason } }),
    ...(a.interpretation ? { interpretation: interpretationOf(a.interpretation) } : {}),
    ...(a.interpretation?.range ? { referenceRange: referenceRangeOf(a.interpretation.range, unit) } : {}),
    specimen: ref('Specimen', work.specimen.id),
    ...(draft.instrumentId ? { device: ref('Device', draft.instrumentId) } : {}),
    ...(draft.derivedFrom?.length ? { derivedFrom: draft.derivedFrom.map((id) => ref('Observation', id)) as Reference[] } : {}),
  } as Observation & { id: string };
}
