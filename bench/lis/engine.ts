/**
 * labcore's AUTO10 engine (`autoverify`) alone, in process, over the complete reports of the run: the inputs are
 * built once from what the LIS stored (results, patients, specimens, the catalogue's per-test configuration, the QC
 * run of the set-up), then only the engine is timed. Its decisions are compared with what the LIS decided while
 * recording (report `final` = released, `preliminary` = held).
 */
import { performance } from 'node:perf_hooks';
import type { DiagnosticReport, Observation, Patient, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext } from '../../packages/kernel/src/index.ts';
import type { Queryable } from '../../packages/kernel/src/db/types.ts';
import { autoverify, type AutoverifyConfig, type AutoverifyReport } from '../../packages/labcore/src/index.ts';
import { loadCatalogue } from '../../packages/lis/src/catalogue/lookup.ts';
import { instrumentFlagsOf } from '../../packages/lis/src/results/autoverify.ts';
import { autoverifyConfigOf, TestRulesCache } from '../../packages/lis/src/results/definitions.ts';
import { idOf, testCodeOf, valueText } from '../../packages/lis/src/results/fhir.ts';
import { collectedAtOf, patientFacts, specimenTypeNameOf } from '../../packages/lis/src/results/subject.ts';
import { LAB } from './patients.ts';

export interface EngineResult {
  reports: number;
  results: number;
  /** Timed passes over all reports. */
  passes: number;
  seconds: number;
  verified: number;
  held: number;
  /** Reports whose engine decision differs from the LIS's stored one. */
  disagreements: number;
  /** Held reports by failing rule (a report counts once per rule). */
  holdRules: Record<string, number>;
  buildSeconds: number;
}

type WithId<T> = T & { id: string };

async function current<T>(db: Queryable, type: string): Promise<WithId<T>[]> {
  const { rows } = await db.query<{ content: WithId<T> }>(`select content from fhir_resource where resource_type = $1 and institution = $2 and not deleted`, [type, LAB]);
  return rows.map((r) => r.content);
}

/** The run's complete reports as AUTO10 inputs, with the LIS's own decision for each. */
async function buildInputs(ctx: ModuleContext, db: Queryable, qcAt: string): Promise<{ report: AutoverifyReport; config: AutoverifyConfig; released: boolean }[]> {
  const rules = new TestRulesCache((await loadCatalogue(ctx, LAB)).tests);
  const observations = new Map((await current<Observation>(db, 'Observation')).map((o) => [o.id, o]));
  const specimens = new Map((await current<Specimen>(db, 'Specimen')).map((s) => [s.id, s]));
  const patients = new Map((await current<Patient>(db, 'Patient')).map((p) => [p.id, p]));
  const reports = (await current<DiagnosticReport>(db, 'DiagnosticReport')).filter((r) => r.status === 'final' || r.status === 'preliminary');
  return reports.map((r) => {
    const obs = (r.result ?? []).map((ref) => observations.get(idOf(ref) ?? '')).filter((o): o is WithId<Observation> => !!o);
    const specimen = specimens.get(idOf(r.specimen?.[0]) ?? '');
    const patient = patients.get(idOf(r.subject) ?? '');
    const facts = patient ? patientFacts(patient) : undefined;
    const results = obs.map((o) => ({
      id: o.id,
      test: testCodeOf(o, LAB) ?? '',
      value: valueText(o),
      ...(idOf(o.device) ? { instrument: idOf(o.device)! } : {}),
      instrumentFlags: instrumentFlagsOf(o),
      ...(o.issued ? { resultedAt: o.issued } : {}),
    }));
    const tests = [...new Set(results.map((x) => x.test))];
    const type = specimen ? specimenTypeNameOf(specimen) : undefined;
    const report: AutoverifyReport = {
      id: r.id,
      patient: { ...(facts?.sex ? { sex: facts.sex } : {}), ...(facts?.birthDate ? { birthDate: facts.birthDate } : {}) },
      specimen: { ...(type ? { type } : {}), collectedAt: specimen ? collectedAtOf(specimen, r.effectiveDateTime ?? qcAt) : (r.effectiveDateTime ?? qcAt) },
      ordered: tests,
      results,
      previous: [],
      qc: results.flatMap((x) => (x.instrument ? [{ test: x.test, instrument: x.instrument, status: 'accept' as const, time: qcAt }] : [])),
    };
    const config: AutoverifyConfig = {
      tests: tests.flatMap((t) => {
        const test = rules.get(t);
        return test ? [autoverifyConfigOf(test, results.some((x) => x.test === t && !!x.instrument))] : [];
      }),
      formulas: tests.flatMap((t) => rules.get(t)?.formula ?? []),
    };
    return { report, config, released: r.status === 'final' };
  });
}

/** Times the engine over every report, repeating whole passes for at least `minSeconds`. */
export async function benchEngine(ctx: ModuleContext, db: Queryable, qcAt: string, minSeconds = 3): Promise<EngineResult> {
  const b0 = performance.now();
  const inputs = await buildInputs(ctx, db, qcAt);
  const buildSeconds = (performance.now() - b0) / 1000;
  for (const x of inputs.slice(0, 50)) autoverify(x.report, x.config); // warm-up (JIT)
  let passes = 0;
  const t0 = performance.now();
  do {
    for (const x of inputs) autoverify(x.report, x.config);
    passes++;
  } while ((performance.now() - t0) / 1000 < minSeconds);
  const seconds = (performance.now() - t0) / 1000;

  let verified = 0;
  let disagreements = 0;
  const holdRules: Record<string, number> = {};
  for (const x of inputs) {
    const d = autoverify(x.report, x.config);
    if (d.decision === 'verify') verified++;
    if ((d.decision === 'verify') !== x.released) disagreements++;
    if (d.decision === 'hold') {
      const rules = new Set([...d.log, ...d.results.flatMap((r) => r.log)].filter((e) => e.outcome === 'fail').map((e) => e.rule));
      for (const rule of rules) holdRules[rule] = (holdRules[rule] ?? 0) + 1;
    }
  }
  return { reports: inputs.length, results: inputs.reduce((s, x) => s + x.report.results.length, 0), passes, seconds, verified, held: inputs.length - verified, disagreements, holdRules, buildSeconds };
}
