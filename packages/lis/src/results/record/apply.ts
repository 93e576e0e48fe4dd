import { randomUUID } from 'node:crypto';
import type { DiagnosticReport, Observation, Reference } from '@medplum/fhirtypes';
import { bilingual } from '@medunion/labcore';
import { FhirError, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import { enqueuePush } from '../../reports/recognition/enqueue.ts';
import { indexReport } from '../../reports/report-index.ts';
import { autoverifyExtension } from '../observation.ts';
import { verifyGroup } from '../autoverify.ts';
import { RESULT_EXT, isLiveStatus, isReleasedReport } from '../codes.ts';
import { raiseCriticalValues } from '../critical/raise.ts';
import { TestRulesCache } from '../definitions.ts';
import { ref, testCodeOf, withExtensions } from '../fhir.ts';
import { upsertImages } from '../images/media.ts';
import { notifyPooledPositive } from '../pool.ts';
import { baseNumberOf, buildReport, reportNoOf } from '../report.ts';
import { reportGroups, reportNumber, type ReportGroup } from '../report-groups.ts';
import { releaseContents, stampVerification, type Release } from '../review/release.ts';
import { lockSpecimen } from '../review/load.ts';
import { setOrdersStatus } from '../review/orders-status.ts';
import { advanceSpecimen, reviewedWhenAllReleased } from '../review/specimen-progress.ts';
import { previousResults, specimenReports, specimenResults, type PreviousResult } from '../store/reads.ts';
import { collectedAtOf, patientFacts, specimenTypeNameOf, subjectOf, type PatientFacts } from '../subject.ts';
import { computeResults } from './compute.ts';
import type { RecordInput } from './input.ts';
import type { Prepared } from './prepare.ts';
import { EXT } from '../../urls.ts';
import { practitionerOf } from '../../http/caller.ts';
import { issueAt } from '../../http/errors.ts';

type Obs = Observation & { id: string };
type Report = DiagnosticReport & { id: string };

/** Whether a report's release was ever withdrawn (its review trail has an un-review). */
const wasWithdrawn = (report: DiagnosticReport | undefined): boolean =>
  !!report?.extension?.some((e) => e.url === RESULT_EXT.review && e.extension?.some((x) => x.url === 'mode' && x.valueCode === 'withdrawn'));

/** The interpreter of auto-verified reports: the configured signatory, else the laboratory itself. */
const autoInterpreter = (p: Prepared, institution: string): Reference<never> =>
  p.settings.signatory ? ref('Practitioner', p.settings.signatory) : ref('Organization', institution, '自动审核 / auto-verified');

interface Decision {
  report: Report;
  observations: Obs[];
  released: boolean;
}

/**
 * Auto-verification of a complete report group: the decision and its reasons on every result; when every rule
 * passes (and the institution releases auto-verified reports) the release itself, with its verification code.
 */
async function verifyAndRelease(
  unit: Unit,
  p: Prepared,
  a: { institution: string; report: Report; observations: Obs[]; group: ReportGroup; live?: Report; rules: TestRulesCache; facts: PatientFacts; collectedAt: string; previous: PreviousResult[]; now: string },
): Promise<Decision> {
  const v = verifyGroup({ institution: a.institution, reportId: a.report.id, tests: a.group.tests, observations: a.observations, rules: a.rules, patient: a.facts, specimenType: specimenTypeNameOf(p.work.specimen), collectedAt: a.collectedAt, previous: a.previous, qc: p.qc });
  // A report whose review was withdrawn goes back to a person, whatever the rules say about the new values.
  if (wasWithdrawn(a.live)) {
    v.extra.push(bilingual('报告曾取消审核，需人工审核', 'the report’s review was withdrawn: a person reviews it again'));
    v.verified = false;
  }
  const byId = new Map(v.decision.results.map((r) => [r.id, r]));
  const observations = a.observations.map((o) => {
    const d = byId.get(o.id);
    const decision = d?.decision === 'verify' && v.verified ? 'verify' : 'hold';
    return withExtensions(o, EXT.autoverification, [autoverifyExtension({ decision, reasons: [...(d?.reasons ?? []), ...v.extra] }, a.now)]);
  });
  if (!v.verified || !p.settings.autoRelease) return { report: a.report, observations, released: false };
  const release: Release = { mode: 'auto', interpreter: autoInterpreter(p, a.institution), at: a.now };
  const out = releaseContents(a.report, observations, release);
  return { report: await stampVerification(unit.tx, a.institution, out.report, out.observations), observations: out.observations, released: true };
}

/**
 * The recording transaction: results of the batch and recalculated tests, critical-value notices, images, each
 * touched report rebuilt, auto-verification of every report whose results are complete (and its release when it
 * passes and the institution releases auto-verified reports), the specimen's status, the print-centre row and the
 * 互认 push of released reports — all committed together. A per-specimen lock serialises concurrent batches
 * (two analyzers finishing one tube).
 */
export async function applyRecording(ctx: ModuleContext, unit: Unit, request: RequestContext, input: RecordInput, p: Prepared): Promise<{ observations: Obs[]; report?: Report }> {
  const { institution } = input;
  const { work } = p;
  await lockSpecimen(unit, work.specimen.id);
  const now = new Date().toISOString();
  const rules = new TestRulesCache(p.catalogue.tests);
  const groups = reportGroups(work, p.catalogue.panels, institution);
  const existing = new Map<string, Obs>();
  for (const o of await specimenResults(ctx, request, unit, institution, work.specimen.id)) existing.set(testCodeOf(o, institution) ?? '', o);
  const reports = await specimenReports(ctx, request, unit, work.specimen.id);
  const liveReport = (g: ReportGroup) => reports.find((r) => baseNumberOf(r) === reportNumber(work.barcode, g.section, 0) && isLiveStatus(r.status));

  // Released reports are locked (审核后锁定): their results change only after an un-review.
  const locked = new Set(groups.filter((g) => isReleasedReport(liveReport(g)?.status)).flatMap((g) => g.tests));
  const refused = p.accepted.filter((a) => locked.has(a.test.code));
  if (refused.length) {
    throw new FhirError(409, refused.map((a) => issueAt(`results[${a.index}].testCode`, `${a.test.name} 所在报告已审核，需先取消审核才能修改`, `The report of ${a.test.name} is reviewed: withdraw the review before changing it`, 'conflict')));
  }

  const facts: PatientFacts = p.patient ? patientFacts(p.patient) : { id: '', name: '混检' };
  const collectedAt = collectedAtOf(work.specimen, now);
  const subject = subjectOf(facts, work.specimen, collectedAt);
  const previous = work.patientId ? await previousResults(ctx, request, unit, { institution, patientId: work.patientId, tests: work.tests, before: collectedAt, excludeSpecimen: work.specimen.id }) : [];
  const performer = input.source === 'manual' ? practitionerOf(request.principal) : undefined;
  const computed = computeResults({
    institution,
    work,
    rules,
    groups,
    existing,
    locked,
    accepted: p.accepted,
    source: input.source,
    ...(input.instrumentId ? { instrumentId: input.instrumentId } : {}),
    ...(performer ? { performer } : {}),
    now,
    collectedAt,
    patient: facts,
    subject,
    previous,
  });

  const media = await upsertImages(ctx, unit, request, { institution, work, ...(input.instrumentId ? { instrumentId: input.instrumentId } : {}), images: p.images, at: now });
  const written = new Map(computed.written);
  const touched = groups.filter((g) => g.tests.some((t) => written.has(t)) || media.some((m) => g.tests.includes(m.test)));
  const reportsOut: { report: Report; observations: Obs[] }[] = [];
  const released: { report: Report; observations: Obs[] }[] = [];
  for (const group of touched) {
    const live = liveReport(group);
    const baseNo = reportNumber(work.barcode, group.section, 0);
    const recalled = reports.filter((r) => baseNumberOf(r) === baseNo && r.status === 'entered-in-error').length;
    const groupObs = group.tests.map((t) => computed.current.get(t)).filter((o): o is Obs => !!o);
    const complete = group.tests.every((t) => computed.current.has(t));
    const built: Report = buildReport({
      id: live?.id ?? randomUUID(),
      institution,
      work,
      group,
      reportNo: live ? reportNoOf(live, institution) : reportNumber(work.barcode, group.section, recalled),
      baseNo,
      results: groupObs.map((o) => o.id),
      media: media.filter((m) => group.tests.includes(m.test)),
      complete,
      collectedAt,
      ...(live ? { previous: live } : {}),
    });
    const { report, observations, released: out } = complete
      ? await verifyAndRelease(unit, p, { institution, report: built, observations: groupObs, group, ...(live ? { live } : {}), rules, facts, collectedAt, previous, now })
      : { report: built, observations: groupObs, released: false };
    if (complete) for (const o of observations) written.set(testCodeOf(o, institution)!, o);
    if (out) released.push({ report, observations });
    reportsOut.push({ report, observations });
  }

  const toWrite = [...written.values()];
  const stored = (await ctx.store.updateManyIn(unit, request, toWrite.map((resource) => ({ resource, institution })), (_, err) => err)).map((r) => r.resource as Obs);
  const latest = new Map(stored.map((o) => [o.id, o]));
  for (const entry of reportsOut) entry.report = (await ctx.store.updateIn(unit, request, entry.report, { institution })).resource as Report;
  if (computed.critical.length) {
    await raiseCriticalValues(ctx, unit, request, { institution, work, patientName: facts.name, at: now, values: computed.critical.map((c) => ({ ...c, observation: latest.get(c.observation.id) ?? c.observation })) });
  }
  for (const { report, observations } of reportsOut) {
    await indexReport(unit.tx, { institution, report, observations, barcode: work.barcode, ...(p.patient ? { patient: p.patient } : {}), ordering: p.ordering });
  }
  if (work.tests.every((t) => computed.current.has(t))) await advanceSpecimen(ctx, unit, request, work.specimen.id, 'resulted');
  for (const r of released) await setOrdersStatus(ctx, unit, request, r.report, 'completed');
  if (released.length) await reviewedWhenAllReleased(ctx, unit, request, work.specimen.id);
  for (const r of released) await enqueuePush(ctx, unit, { reportId: r.report.id, institution, reportNo: reportNoOf(r.report, institution), wanted: 'upload', enabled: p.push });
  notifyPooledPositive(ctx, unit, request, { institution, work, observations: stored });

  const first = p.accepted[0] ? groups.find((g) => g.tests.includes(p.accepted[0].test.code)) : undefined;
  const reportOfFirst = first ? reportsOut.find((r) => baseNumberOf(r.report) === reportNumber(work.barcode, first.section, 0))?.report : undefined;
  return { observations: stored, ...(reportOfFirst ? { report: reportOfFirst } : {}) };
}
