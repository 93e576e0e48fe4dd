import type { Observation } from '@medplum/fhirtypes';
import { autoverify, bilingual, type AutoverifyDecision, type Bilingual, type FormulaDefinition, type QcStatusRecord } from '@medunion/labcore';
import type { QcStatusAt } from '../ports.ts';
import { EXT } from '../urls.ts';
import { RESULT_EXT } from './codes.ts';
import { autoverifyConfigOf, type TestRulesCache } from './definitions.ts';
import { extensionOf, extensionsOf, idOf, testCodeOf, valueText } from './fhir.ts';
import type { PreviousResult } from './store/reads.ts';
import type { PatientFacts } from './subject.ts';

/** QC verdicts by `<instrument>|<test>`, fetched before the recording transaction (qcStatusAt reads on its own). */
export type QcVerdicts = Map<string, Awaited<ReturnType<QcStatusAt>>>;
export const qcKey = (instrument: string, test: string): string => `${instrument}|${test}`;

const QC_STATUS = { 'in-control': 'accept', warning: 'warning', 'out-of-control': 'reject' } as const;

export const sourceOf = (o: Observation): string | undefined => extensionOf(o, RESULT_EXT.resultSource)?.valueCode;
export const instrumentFlagsOf = (o: Observation): string[] => extensionsOf(o, EXT.instrumentFlags).map((e) => e.valueCoding?.code ?? e.valueString ?? '').filter(Boolean);

export interface GroupVerification {
  decision: AutoverifyDecision;
  /** Reasons the LIS adds to labcore's (manual entries always go to a person). */
  extra: Bilingual[];
  verified: boolean;
}

/**
 * Auto-verification (CLSI AUTO10, labcore's rule engine) of one complete report group: ranges and auto-verification
 * limits, critical values, delta against the patient's released history, QC of each test on its instrument at the
 * time of the result, instrument flags, completeness, plausibility and calculated-test consistency. A result entered
 * by hand is held for a person whatever the rules say: the rules were validated on analyzer output.
 */
export function verifyGroup(args: {
  institution: string;
  reportId: string;
  tests: string[];
  observations: Observation[];
  rules: TestRulesCache;
  patient: PatientFacts;
  specimenType?: string;
  collectedAt: string;
  previous: PreviousResult[];
  qc: QcVerdicts;
}): GroupVerification {
  const results = args.observations.map((o) => ({
    id: o.id,
    test: testCodeOf(o, args.institution) ?? '',
    value: valueText(o),
    ...(idOf(o.device) ? { instrument: idOf(o.device)! } : {}),
    instrumentFlags: instrumentFlagsOf(o),
    ...(o.issued ? { resultedAt: o.issued } : {}),
  }));
  const qc: QcStatusRecord[] = [];
  for (const r of results) {
    if (!r.instrument || !r.resultedAt) continue;
    const verdict = args.qc.get(qcKey(r.instrument, r.test));
    if (verdict && verdict.status !== 'unknown') qc.push({ test: r.test, instrument: r.instrument, status: QC_STATUS[verdict.status], time: r.resultedAt, runId: verdict.reason });
  }
  const tests = [...new Set([...args.tests, ...results.map((r) => r.test)])];
  const formulas = tests.map((t) => args.rules.get(t)?.formula).filter((f): f is FormulaDefinition => !!f);
  const decision = autoverify(
    {
      id: args.reportId,
      patient: { ...(args.patient.sex ? { sex: args.patient.sex } : {}), ...(args.patient.birthDate ? { birthDate: args.patient.birthDate } : {}) },
      specimen: { ...(args.specimenType ? { type: args.specimenType } : {}), collectedAt: args.collectedAt },
      ordered: args.tests,
      results,
      previous: args.previous.map((p) => ({ id: p.id, test: p.test, value: p.value, time: p.time })),
      qc,
    },
    {
      tests: tests.flatMap((t) => {
        const rules = args.rules.get(t);
        const observation = args.observations.find((o) => testCodeOf(o, args.institution) === t);
        return rules ? [autoverifyConfigOf(rules, !!(observation && idOf(observation.device)))] : [];
      }),
      formulas,
    },
  );
  const manual = args.observations.some((o) => sourceOf(o) === 'manual');
  const extra = manual ? [bilingual('含手工录入结果，需人工审核', 'contains results entered by hand: a person reviews it')] : [];
  return { decision, extra, verified: decision.decision === 'verify' && !manual };
}
