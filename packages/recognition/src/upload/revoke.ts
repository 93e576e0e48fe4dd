import type { DiagnosticReport, ImagingStudy, Observation } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { EXT, sid } from '../urls.ts';
import { markRevoked } from './projection.ts';
import type { Uploader } from './uploader.ts';
import { inOneTransaction, type Outcome } from './write.ts';

/**
 * 撤销检验/检查数据. The report was released and may have been seen, so it becomes `entered-in-error` (FHIR R4:
 * "withdrawn following a previous final release") rather than `cancelled` (never completed); its results and
 * imaging study too. The store's outbox then publishes `DiagnosticReport:entered-in-error`, which part 2 uses to
 * tell the doctors who were shown it. Revoking twice changes nothing.
 */
export async function revokeReport(ctx: ModuleContext, up: Uploader, kind: 'lab' | 'exam', reportNo: string, reason: string): Promise<{ outcome: Outcome; ids: { report: string } }> {
  const inst = up.institution.organizationId;
  return inOneTransaction(ctx, up.request, async (w) => {
    const report = await w.find<DiagnosticReport>('DiagnosticReport', kind === 'lab' ? sid.labReport(inst) : sid.examReport(inst), reportNo);
    if (!report) throw fieldError(404, 'reportNo', `报告 ${reportNo} 不存在`, `Report ${reportNo} has not been uploaded`, 'not-found');
    if (report.status === 'entered-in-error') return { outcome: 'unchanged' as const, ids: { report: report.id } };
    const withdraw = async <T extends Observation | ImagingStudy>(type: T['resourceType'], ref: string | undefined) => {
      if (!ref) return;
      const r = (await ctx.store.read(up.request, type, ref.split('/')[1], w.unit)) as T;
      await w.update<T>({ ...r, status: 'entered-in-error' });
    };
    for (const r of report.result ?? []) await withdraw<Observation>('Observation', r.reference);
    for (const s of report.imagingStudy ?? []) await withdraw<ImagingStudy>('ImagingStudy', s.reference);
    await w.update<DiagnosticReport>({ ...report, status: 'entered-in-error', extension: [...(report.extension ?? []).filter((e) => e.url !== EXT.revokeReason), { url: EXT.revokeReason, valueString: reason }] });
    await markRevoked(w.unit.tx, report.id);
    return { outcome: 'updated' as const, ids: { report: report.id } };
  });
}
