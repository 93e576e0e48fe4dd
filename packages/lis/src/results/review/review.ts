import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import { enqueuePush } from '../../reports/recognition/enqueue.ts';
import { pushEnabled } from '../../reports/recognition/settings.ts';
import { indexStatus } from '../../reports/report-index.ts';
import { isReleasedReport } from '../codes.ts';
import { idOf, ref } from '../fhir.ts';
import { flagOf } from '../interpretation.ts';
import { reviewSettings } from '../parameters.ts';
import { reportNoOf } from '../report.ts';
import { loadReport, lockSpecimen, type LoadedReport } from './load.ts';
import { setOrdersStatus } from './orders-status.ts';
import { releaseContents, stampVerification } from './release.ts';
import { reviewedWhenAllReleased } from './specimen-progress.ts';
import { actorName, type LabCaller, practitionerOf } from '../../http/caller.ts';
import { fieldError, issueAt } from '../../http/errors.ts';

/** Why a report cannot be released now (each reason naming what is wrong), or nothing. */
function refusals(loaded: LoadedReport, reviewer: string, allowSelfReview: boolean): OperationOutcomeIssue[] {
  const { report, observations } = loaded;
  if (isReleasedReport(report.status)) return [issueAt('reportId', '报告已审核', 'The report has already been reviewed', 'conflict')];
  if (report.status === 'entered-in-error') return [issueAt('reportId', '报告已召回，请审核重新发出的报告', 'The report was recalled: review its reissue', 'conflict')];
  if (report.status !== 'preliminary') return [issueAt('reportId', '报告尚有未出结果的项目，不能审核', 'Some ordered tests have no result yet: the report cannot be reviewed', 'incomplete')];
  const issues: OperationOutcomeIssue[] = [];
  observations.forEach((o, i) => {
    const name = o.code?.text ?? '';
    if (flagOf(o.interpretation) === 'implausible') issues.push(issueAt(`results[${i}]`, `${name} 结果不可信，请复查或修改后再审核`, `${name} is implausible: re-run or correct it before review`, 'business-rule'));
    if (!allowSelfReview && o.performer?.some((p) => p.reference === reviewer)) {
      issues.push(issueAt(`results[${i}]`, `${name} 由您本人录入，须由他人审核`, `You entered ${name} yourself: someone else must review it`, 'business-rule'));
    }
  });
  return issues;
}

/**
 * 报告审核 (manual review): releases a complete, preliminary report — Observations final (or corrected), the report
 * final with the reviewer as `resultsInterpreter`, an anti-counterfeit code, the specimen `reviewed` once all its
 * reports are, the print-centre row, and the 互认 push — in one transaction. Refused (409, naming the result) when a
 * result is implausible or, with self-review off, entered by the reviewer.
 */
export async function reviewReport(ctx: ModuleContext, caller: LabCaller, reportId: string): Promise<LoadedReport> {
  const practitioner = practitionerOf(caller.principal);
  if (!practitioner) throw fieldError(403, 'practitioner', '账号未关联医务人员，不能审核报告', 'Your account is not linked to a practitioner, so it cannot review reports', 'forbidden');
  const [settings, push] = [await reviewSettings(ctx, caller.institution), await pushEnabled(ctx, caller.institution)];
  const { specimenId } = await loadReport(ctx, caller.request, caller.institution, reportId);
  const released = await ctx.store.inUnit(caller.request, async (unit) => {
    await lockSpecimen(unit, specimenId);
    const loaded = await loadReport(ctx, caller.request, caller.institution, reportId, unit);
    const issues = refusals(loaded, practitioner, settings.allowSelfReview);
    if (issues.length) throw new FhirError(409, issues);
    const now = new Date().toISOString();
    const out = releaseContents(loaded.report, loaded.observations, { mode: 'manual', interpreter: ref('Practitioner', idOf(practitioner)!, actorName(caller.principal)), at: now });
    const report = await stampVerification(unit.tx, caller.institution, out.report, out.observations);
    const observations = (await ctx.store.updateManyIn(unit, caller.request, out.observations.map((resource) => ({ resource })), (_, err) => err)).map((r) => r.resource) as LoadedReport['observations'];
    const written = (await ctx.store.updateIn(unit, caller.request, report, { ifMatch: loaded.report.meta?.versionId })).resource as LoadedReport['report'];
    await indexStatus(unit.tx, written);
    await setOrdersStatus(ctx, unit, caller.request, written, 'completed');
    await reviewedWhenAllReleased(ctx, unit, caller.request, specimenId);
    await enqueuePush(ctx, unit, { reportId, institution: caller.institution, reportNo: reportNoOf(written, caller.institution), wanted: 'upload', enabled: push });
    return { report: written, observations, specimenId };
  });
  await ctx.audit.record({ action: 'operation', principal: caller.principal, resourceType: 'DiagnosticReport', resourceId: reportId, patientId: idOf(released.report.subject), sourceIp: caller.request.sourceIp, detail: `lis review ${reportNoOf(released.report, caller.institution)}` });
  return released;
}
