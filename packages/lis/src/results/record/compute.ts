import { randomUUID } from 'node:crypto';
import type { Observation } from '@medplum/fhirtypes';
import { computeFormulas, deltaCheck, interpretResult, PATIENT_VARIABLES, type DeltaResult, type Interpretation, type Subject } from '@medunion/labcore';
import type { SpecimenWork, TestDefinition } from '../../ports.ts';
import type { CriticalValue } from '../critical/raise.ts';
import type { TestRulesCache } from '../definitions.ts';
import { buildObservation, type ResultDraft, type ResultSource } from '../observation.ts';
import { groupOfTest, type ReportGroup } from '../report-groups.ts';
import type { PreviousResult } from '../store/reads.ts';
import type { PatientFacts } from '../subject.ts';
import type { AcceptedResult } from './input.ts';

type Obs = Observation & { id: string };

export interface ComputeArgs {
  institution: string;
  work: SpecimenWork;
  rules: TestRulesCache;
  groups: ReportGroup[];
  /** Live results of the specimen by test code, as stored. */
  existing: Map<string, Obs>;
  /** Tests whose report is released (locked): calculated results there are left alone. */
  locked: Set<string>;
  accepted: AcceptedResult[];
  source: 'instrument' | 'manual';
  instrumentId?: string;
  performer?: string;
  now: string;
  collectedAt: string;
  patient: PatientFacts;
  subject: Subject;
  previous: PreviousResult[];
}

export interface Computed {
  /** Results to write (incoming and recalculated), by test code. */
  written: Map<string, Obs>;
  /** Every live result of the specimen after this batch, by test code. */
  current: Map<string, Obs>;
  critical: CriticalValue[];
}

const CRITICAL = new Set(['HH', 'LL', 'AA']);

/**
 * Turns a batch into Observations (LIS README "Results"): each value interpreted by labcore against the range,
 * critical limit and plausibility limits that apply to this patient and specimen; a delta check against the patient's
 * last released result of the test; then every calculated test whose inputs changed is computed (labcore formulas),
 * with `derivedFrom` its inputs. Pure apart from new ids: the caller writes.
 */
export function computeResults(a: ComputeArgs): Computed {
  const current = new Map(a.existing);
  const written = new Map<string, Obs>();
  const interpretations = new Map<string, Interpretation>();

  const record = (draft: ResultDraft) => {
    const code = draft.test.code;
    const rules = a.rules.get(code);
    const interpretation =
      draft.raw !== undefined && rules
        ? interpretResult({ value: draft.raw, subject: a.subject, ranges: rules.ranges, criticalLimits: rules.critical, plausibility: rules.plausibility })
        : undefined;
    const delta = draft.raw !== undefined && rules?.delta ? deltaOf(draft.raw, code, rules.delta, a) : undefined;
    const group = groupOfTest(a.groups, code);
    const observation = buildObservation({
      id: a.existing.get(code)?.id ?? randomUUID(),
      institution: a.institution,
      work: a.work,
      draft,
      ...(interpretation ? { interpretation } : {}),
      ...(delta ? { delta } : {}),
      collectedAt: a.collectedAt,
      orders: group?.orderIds ?? a.work.orders.map((o) => o.id),
      ...(a.existing.get(code) ? { previous: a.existing.get(code) } : {}),
    });
    current.set(code, observation);
    written.set(code, observation);
    if (interpretation) interpretations.set(code, interpretation);
  };

  for (const { result, test } of a.accepted) {
    record({
      test,
      raw: result.value.trim(),
      ...(result.unit ? { unit: result.unit } : {}),
      source: a.source,
      ...(a.instrumentId ? { instrumentId: a.instrumentId } : {}),
      instrumentFlags: result.instrumentFlags ?? [],
      completedAt: result.completedAt ?? a.now,
      ...(a.performer ? { performer: a.performer } : {}),
    });
  }
  for (const draft of calculatedDrafts(a, current)) record(draft);

  const critical: CriticalValue[] = [];
  for (const [code, observation] of written) {
    const interpretation = interpretations.get(code);
    if (interpretation?.flag && CRITICAL.has(interpretation.flag)) critical.push({ observation, test: a.rules.get(code)!.definition, interpretation });
  }
  return { written, current, critical };
}

function deltaOf(raw: string, code: string, rule: NonNullable<ReturnType<TestRulesCache['get']>>['delta'] & object, a: ComputeArgs): DeltaResult {
  const history = a.previous.filter((p) => p.test === code).map((p) => ({ id: p.id, value: p.value, time: p.time }));
  return deltaCheck({ value: raw, time: a.collectedAt }, history, rule);
}

/**
 * Calculated tests ordered on the specimen whose inputs this batch touched (or that have no result yet): computed,
 * or recorded without a value and with the reason when their condition fails (Friedewald above TG 4.52) or the
 * arithmetic is impossible. Missing inputs leave them for a later batch.
 */
function calculatedDrafts(a: ComputeArgs, current: Map<string, Obs>): ResultDraft[] {
  const formulas = a.work.tests.map((t) => a.rules.get(t)).filter((r) => r?.formula && !a.locked.has(r.definition.code));
  if (!formulas.length) return [];
  const inputs: Record<string, number> = {};
  for (const [code, o] of current) if (o.valueQuantity?.value !== undefined && !o.dataAbsentReason) inputs[code] = o.valueQuantity.value;
  const touched = new Set(a.accepted.map((r) => r.test.code));
  const results = computeFormulas(
    formulas.map((r) => r!.formula!),
    inputs,
    { ...(a.subject.age ? { ageYears: a.subject.age.years } : {}), ...(a.patient.sex ? { sex: a.patient.sex } : {}) },
  );
  const drafts: ResultDraft[] = [];
  for (const r of results) {
    // Waiting for an input this specimen will still report; an input it never will (a patient fact the record lacks,
    // a test not ordered here) makes the result not reportable — recorded with why, so the report can complete.
    const awaited = r.missing.filter((m) => !(PATIENT_VARIABLES as readonly string[]).includes(m) && a.work.tests.includes(m));
    if (r.status === 'missing-input' && awaited.length) continue;
    const usesTouched = Object.keys(r.inputs).some((k) => touched.has(k)) || [...touched].some((t) => r.missing.includes(t));
    if (!usesTouched && current.has(r.code)) continue;
    const test = a.rules.get(r.code)!.definition as TestDefinition;
    const base = {
      test,
      source: 'calculated' as ResultSource,
      instrumentFlags: [],
      completedAt: a.now,
      derivedFrom: Object.keys(r.inputs)
        .map((k) => current.get(k)?.id)
        .filter((id): id is string => !!id),
    };
    drafts.push(
      r.status === 'computed'
        ? { ...base, raw: test.decimals !== undefined ? r.value!.toFixed(test.decimals) : String(r.value) }
        : { ...base, absentReason: `${r.reason['zh-CN']} / ${r.reason.en}` },
    );
  }
  return drafts;
}
