import type { Communication } from '@medplum/fhirtypes';
import type { DeliveredEventLike, ModuleContext } from '@medunion/kernel';
import { CATALOGUE } from '../catalogue/index.ts';
import { indexedReport } from '../query/report.ts';
import { MEDUNION } from '../urls.ts';

const NOTICE_CATEGORY = `${MEDUNION}/CodeSystem/notice-category`;
const REVOKE_NOTICE = `${MEDUNION}/sid/recognition-revoke-notice`;

/**
 * `DiagnosticReport:entered-in-error` (an institution revoked a report): the decisions taken on it are marked
 * affected, and every institution whose doctors were shown it gets an alert notice (公告通知, category 预警)
 * addressed to those doctors. At least once: marks are idempotent, the notice is created once per report and
 * institution (conditional create by identifier).
 */
export async function onReportRevoked(event: DeliveredEventLike, ctx: ModuleContext): Promise<void> {
  const indexed = await indexedReport(ctx, event.resourceId);
  if (!indexed) return; // not a report uploaded for recognition
  await ctx.db.query('update recognition_decision set affected_at = now() where report_id = $1 and affected_at is null', [indexed.reportId]);
  const { rows } = await ctx.db.query<{ institution: string; practitioners: (string | null)[] }>(
    'select institution, array_agg(distinct practitioner) as practitioners from recognition_shown where report_id = $1 group by institution',
    [indexed.reportId],
  );
  const items = indexed.items.map((c) => CATALOGUE.get(c)?.name ?? c).filter((n, i, all) => all.indexOf(n) === i);
  const what = `${items[0] ?? ''}${items.length > 1 ? ` 等 ${items.length} 项` : ''}`;
  for (const row of rows) {
    const key = `${indexed.reportId}/${row.institution}`;
    const notice: Communication = {
      resourceType: 'Communication',
      identifier: [{ system: REVOKE_NOTICE, value: key }],
      status: 'in-progress',
      category: [{ coding: [{ system: NOTICE_CATEGORY, code: 'alert' }] }],
      topic: { text: `互认报告已撤销：${what}（${indexed.institutionName ?? indexed.institution} 报告单号 ${indexed.reportNo}）` },
      sent: new Date().toISOString(),
      recipient: row.practitioners.filter((p): p is string => !!p).map((reference) => ({ reference })),
      about: [{ reference: `DiagnosticReport/${indexed.reportId}` }],
      payload: [
        {
          contentString: `出具机构已撤销该报告，其结果不再可互认。已据此作出的互认决定已标记为受影响，请复核相关医嘱。 / The issuing institution revoked this report; it is no longer recognisable. Decisions based on it are marked affected: please review the orders concerned.`,
        },
      ],
    };
    await ctx.store.create(ctx.systemContext, notice, { institution: row.institution, ifNoneExist: `identifier=${REVOKE_NOTICE}|${key}` });
  }
}
