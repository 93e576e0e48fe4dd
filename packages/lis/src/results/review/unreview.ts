import type { DiagnosticReport } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { indexStatus } from '../../reports/report-index.ts';
import { isReleasedReport } from '../codes.ts';
import { idOf, ref } from '../fhir.ts';
import { reportNoOf } from '../report.ts';
import { loadReport, lockSpecimen, type LoadedReport } from './load.ts';
import { setOrdersStatus } from './orders-status.ts';
import { reviewEntry } from './release.ts';
import { backToResulted } from './specimen-progress.ts';
import { actorName, isSupervisor, type LabCaller, practitionerOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

/** Who may withdraw a review: the person who gave it, or the laboratory's supervisor (auto-verified: the supervisor). */
function assertMayWithdraw(caller: LabCaller, report: DiagnosticReport): void {
  const reviewer = report.resultsInterpreter?.[0]?.reference;
  const me = practitionerOf(caller.principal);
  if (isSupervisor(caller.principal) || (me && reviewer === me)) return;
  throw fieldError(403, 'reportId', '只有审核者本人或检验科主任可以取消审核', 'Only the reviewer or the laboratory supervisor may withdraw this review', 'forbidden');
}

/**
 * 取消审核: a released report goes back to the bench — report and results `preliminary`, so they can be edited and
 * reviewed again; the reviewer and release time leave the report (the store's history and the review trail keep
 * them, with who withdrew it and why). Paper copies stop verifying. The 互认 copy is not revoked here: the re-review
 * uploads the corrected version under the same number (a revoke would burn the number for good).
 */
export async function unreviewReport(ctx: ModuleContext, caller: LabCaller, reportId: string, reason: string): Promise<LoadedReport> {
  const { specimenId } = await loadReport(ctx, caller.request, caller.institution, reportId);
  const out = await ctx.store.inUnit(caller.request, async (unit) => {
    await lockSpecimen(unit, specimenId);
    const { report, observations } = await loadReport(ctx, caller.request, caller.institution, reportId, unit);
    if (!isReleasedReport(report.status)) throw fieldError(409, 'reportId', report.status === 'entered-in-error' ? '报告已召回' : '报告尚未审核', report.status === 'entered-in-error' ? 'The report was recalled' : 'The report has not been reviewed', 'conflict');
    assertMayWithdraw(caller, report);
    const me = practitionerOf(caller.principal);
    const by = me ? ref('Practitioner', idOf(me)!, actorName(caller.principal)) : ref('Organization', caller.institution, actorName(caller.principal));
    const now = new Date().toISOString();
    const { resultsInterpreter: _interpreter, issued: _issued, ...rest } = report;
    const withdrawn = { ...rest, status: 'preliminary' as const, extension: [...(report.extension ?? []), reviewEntry('withdrawn', by, now, reason)] };
    const results = (await ctx.store.updateManyIn(unit, caller.request, observations.map((o) => ({ resource: { ...o, status: 'preliminary' as const } })), (_, err) => err)).map((r) => r.resource) as LoadedReport['observations'];
    const written = (await ctx.store.updateIn(unit, caller.request, withdrawn, { ifMatch: report.meta?.versionId })).resource as LoadedReport['report'];
    await indexStatus(unit.tx, written);
    await setOrdersStatus(ctx, unit, caller.request, written, 'active');
    await backToResulted(ctx, unit, caller.request, specimenId, `取消审核：${reason}`);
    return { report: written, observations: results, specimenId };
  });
  await ctx.audit.record({ action: 'operation', principal: caller.principal, resourceType: 'DiagnosticReport', resourceId: reportId, patientId: idOf(out.report.subject), sourceIp: caller.request.sourceIp, detail: `lis unreview ${reportNoOf(out.report, caller.institution)}: ${reason}` });
  return out;
}
