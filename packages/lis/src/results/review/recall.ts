import { randomUUID } from 'node:crypto';
import type { DiagnosticReport, Observation, Patient, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { enqueuePush } from '../../reports/recognition/enqueue.ts';
import { indexReport, indexStatus } from '../../reports/report-index.ts';
import { EXT, sid } from '../../urls.ts';
import { RESULT_EXT, isReleasedReport } from '../codes.ts';
import { orderingUnitNamed } from '../critical/ordering-unit.ts';
import { identifierValue, idOf, ref } from '../fhir.ts';
import { baseNumberOf, reportNoOf } from '../report.ts';
import { reissueNumber } from '../report-groups.ts';
import { specimenReports } from '../store/reads.ts';
import { loadReport, lockSpecimen, type LoadedReport } from './load.ts';
import { setOrdersStatus } from './orders-status.ts';
import { reviewEntry } from './release.ts';
import { backToResulted } from './specimen-progress.ts';
import { actorName, type LabCaller, practitionerOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';

type Obs = Observation & { id: string };

/** Extensions that belong to one release of a report, not to the report that replaces it. */
const RELEASE_ONLY = new Set([EXT.printed, EXT.verifyCode, EXT.recallReason, RESULT_EXT.review]);

/**
 * 报告召回: a released report is withdrawn from everyone who may have seen it — the report and its results become
 * `entered-in-error` with the reason (FHIR's status for a release withdrawn), the 互认 copy is revoked, paper copies
 * stop verifying. The laboratory then corrects and re-releases it as a reissue (`<number>-R<n>`): preliminary copies
 * of the results and a new report are created in the same transaction, so the bench can work on it at once. The
 * recalled results keep their history; their identifiers move aside (`…/recalled/<report no.>`) so the reissue owns
 * `<barcode>/<test>`.
 */
export async function recallReport(ctx: ModuleContext, caller: LabCaller, reportId: string, reason: string): Promise<{ recalled: LoadedReport; reissue: LoadedReport }> {
  const { specimenId } = await loadReport(ctx, caller.request, caller.institution, reportId);
  const out = await ctx.store.inUnit(caller.request, async (unit) => {
    await lockSpecimen(unit, specimenId);
    const { report, observations } = await loadReport(ctx, caller.request, caller.institution, reportId, unit);
    if (!isReleasedReport(report.status)) {
      throw fieldError(409, 'reportId', report.status === 'entered-in-error' ? '报告已召回' : '报告尚未发布，无需召回（可直接修改）', report.status === 'entered-in-error' ? 'The report has already been recalled' : 'The report was not released: edit it instead of recalling it', 'conflict');
    }
    const institution = caller.institution;
    const reportNo = reportNoOf(report, institution);
    const me = practitionerOf(caller.principal);
    const by = me ? ref('Practitioner', idOf(me)!, actorName(caller.principal)) : ref('Organization', institution, actorName(caller.principal));
    const now = new Date().toISOString();

    const moved = observations.map((o) => ({
      ...o,
      status: 'entered-in-error' as const,
      identifier: (o.identifier ?? []).map((i) => (i.system === sid.result(institution) ? { ...i, value: `${i.value}/recalled/${reportNo}` } : i)),
    }));
    const copies: Obs[] = observations.map((o) => {
      const { meta: _meta, ...rest } = o;
      return { ...rest, id: randomUUID(), status: 'preliminary' as const, extension: (o.extension ?? []).filter((e) => e.url !== EXT.autoverification) };
    });
    const recalled: DiagnosticReport & { id: string } = {
      ...report,
      status: 'entered-in-error',
      extension: [...(report.extension ?? []).filter((e) => e.url !== EXT.recallReason), { url: EXT.recallReason, valueString: reason }, reviewEntry('recalled', by, now, reason)],
    };
    const base = baseNumberOf(report) ?? reportNo;
    const earlier = (await specimenReports(ctx, caller.request, unit, specimenId)).filter((r) => baseNumberOf(r) === base && r.status === 'entered-in-error').length;
    const { meta: _m, resultsInterpreter: _ri, issued: _is, presentedForm: _pf, ...kept } = report;
    const reissue: DiagnosticReport & { id: string } = {
      ...kept,
      id: randomUUID(),
      status: 'preliminary',
      identifier: [{ system: sid.report(institution), value: reissueNumber(base, earlier + 1) }],
      extension: (report.extension ?? []).filter((e) => !RELEASE_ONLY.has(e.url)),
      result: copies.map((o) => ref('Observation', o.id)),
    };

    // Withdrawn first, so the reissue's identifiers are free when its copies are written.
    const entries = [...moved, ...copies].map((resource) => ({ resource, institution }));
    const written = (await ctx.store.updateManyIn(unit, caller.request, entries, (_, err) => err)).map((r) => r.resource as Obs);
    const recalledReport = (await ctx.store.updateIn(unit, caller.request, recalled, { ifMatch: report.meta?.versionId })).resource as LoadedReport['report'];
    const reissued = (await ctx.store.updateIn(unit, caller.request, reissue, { institution })).resource as LoadedReport['report'];
    await indexStatus(unit.tx, recalledReport);
    const patientId = idOf(report.subject);
    const patient = patientId ? ((await ctx.store.read(caller.request, 'Patient', patientId, unit)) as Patient & { id: string }) : undefined;
    const orderIds = (report.basedOn ?? []).map((r) => idOf(r)).filter((id): id is string => !!id);
    const orders = orderIds.length ? ((await ctx.store.search(caller.request, 'ServiceRequest', [['_id', orderIds.join(',')]], unit)).resources as ServiceRequest[]) : [];
    const ordering = await orderingUnitNamed(ctx, caller.request, unit, orders);
    const specimen = (await ctx.store.read(caller.request, 'Specimen', specimenId, unit)) as Specimen;
    const barcode = identifierValue(specimen.identifier, sid.barcode(institution)) ?? '';
    await indexReport(unit.tx, { institution, report: reissued, observations: copies, barcode, ...(patient ? { patient } : {}), ordering });
    await setOrdersStatus(ctx, unit, caller.request, report, 'active');
    await backToResulted(ctx, unit, caller.request, specimenId, `报告召回：${reason}`);
    await enqueuePush(ctx, unit, { reportId, institution, reportNo, wanted: 'revoke', enabled: true });
    return {
      recalled: { report: recalledReport, observations: written.slice(0, moved.length), specimenId },
      reissue: { report: reissued, observations: written.slice(moved.length), specimenId },
    };
  });
  await ctx.audit.record({ action: 'operation', principal: caller.principal, resourceType: 'DiagnosticReport', resourceId: reportId, patientId: idOf(out.recalled.report.subject), sourceIp: caller.request.sourceIp, detail: `lis recall ${reportNoOf(out.recalled.report, caller.institution)}: ${reason}` });
  return out;
}
