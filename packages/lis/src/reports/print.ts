import { randomUUID } from 'node:crypto';
import type { DiagnosticReport } from '@medplum/fhirtypes';
import type { ModuleContext, Queryable } from '@medunion/kernel';
import { renderPdf } from '@medunion/print';
import { loadCatalogue } from '../catalogue/lookup.ts';
import type { ReportTemplateOptions } from '../contracts/results.ts';
import { isReleasedReport } from '../results/codes.ts';
import { idOf, withExtensions } from '../results/fhir.ts';
import { sectionOf } from '../results/report.ts';
import { loadReport, type LoadedReport } from '../results/review/load.ts';
import { advanceSpecimen } from '../results/review/specimen-progress.ts';
import { EXT } from '../urls.ts';
import { reportsDocument } from './pdf/document.ts';
import { printDataOf } from './pdf/load.ts';
import { resolveTemplate } from './templates.ts';
import { actorName, type LabCaller } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';

/** A specimen is `printed` once every live report of it is released and printed. */
async function allPrinted(tx: Queryable, specimenId: string): Promise<boolean> {
  const { rows } = await tx.query<{ pending: number | string }>(
    `select count(*) as pending from lis_report_index where specimen_id = $1 and status <> 'entered-in-error'
       and (printed_count = 0 or status not in ('final', 'corrected', 'amended'))`,
    [specimenId],
  );
  return Number(rows[0].pending) === 0;
}

/** Most reports one batch prints into one PDF. */
export const MAX_BATCH = 200;

export interface RenderRequest {
  reportIds: string[];
  /** Page size for this rendering (a preview at another size), overriding the templates'. */
  pageSize?: ReportTemplateOptions['pageSize'];
}

interface Rendered {
  pdf: Buffer;
  reports: { loaded: LoadedReport; templateVersion: number; printedBefore: boolean }[];
  milliseconds: number;
}

/**
 * Renders reports into one PDF (one report per page or pages), each with its section's current template (stored
 * centrally), read as the caller. Rendering time is returned for the budget (< 100 ms per A4 report): a batch
 * shares one font subsetting, the main cost of a PDF.
 */
export async function renderReports(ctx: ModuleContext, caller: LabCaller, request: RenderRequest): Promise<Rendered> {
  const started = performance.now();
  const { tests } = await loadCatalogue(ctx, caller.institution);
  const printed = await ctx.db.query<{ report_id: string; printed_count: number }>('select report_id, printed_count from lis_report_index where report_id = any($1::text[])', [request.reportIds]);
  const counts = new Map(printed.rows.map((r) => [r.report_id, Number(r.printed_count)]));
  const reports: Rendered['reports'] = [];
  const pages: Parameters<typeof reportsDocument>[0] = [];
  for (const [i, id] of request.reportIds.entries()) {
    const loaded = await loadReport(ctx, caller.request, caller.institution, id, undefined, `reports[${i}]`);
    const template = await resolveTemplate(ctx.db, caller.institution, sectionOf(loaded.report));
    const options = request.pageSize && request.pageSize !== template.options.pageSize ? { ...template.options, pageSize: request.pageSize, doubleColumnAbove: defaultThreshold(request.pageSize, template.options) } : template.options;
    const printedBefore = (counts.get(id) ?? 0) > 0;
    pages.push({ data: await printDataOf(ctx, caller.request, { institution: caller.institution, loaded, tests, printedBefore }), options });
    reports.push({ loaded, templateVersion: template.version, printedBefore });
  }
  const pdf = await renderPdf(await reportsDocument(pages));
  return { pdf, reports, milliseconds: performance.now() - started };
}

/** A template's column threshold scaled to another page size (its rows per column fit that page). */
function defaultThreshold(pageSize: ReportTemplateOptions['pageSize'], options: ReportTemplateOptions): number {
  const rows: Record<ReportTemplateOptions['pageSize'], number> = { A4: 20, B5: 16, A5: 10 };
  return Math.max(1, Math.round((options.doubleColumnAbove * rows[pageSize]) / rows[options.pageSize]));
}

/**
 * 打印 (print centre): renders released reports into one PDF and records each printing — the print log (who, when,
 * copy number, re-print), the report's printed extension (count, last time, by whom; a new version in its history),
 * the print-centre row, the specimen `printed` — in one transaction after rendering; then audits each as a print.
 * Unreleased reports are refused (409 naming the entry): only a preview shows them, marked 未审核.
 */
export async function printReports(ctx: ModuleContext, caller: LabCaller, reportIds: string[]): Promise<{ pdf: Buffer; batchId: string; milliseconds: number; copies: { reportId: string; copyNo: number; reprint: boolean }[] }> {
  const rendered = await renderReports(ctx, caller, { reportIds });
  const unreleased = rendered.reports.findIndex((r) => !isReleasedReport(r.loaded.report.status));
  if (unreleased >= 0) throw fieldError(409, `reports[${unreleased}]`, '报告尚未审核，不能打印（可预览）', 'The report is not released: it cannot be printed (preview it instead)', 'business-rule');
  const batchId = randomUUID();
  const who = actorName(caller.principal);
  const now = new Date().toISOString();
  const copies = await ctx.store.inUnit(caller.request, async (unit) => {
    const out: { reportId: string; copyNo: number; reprint: boolean }[] = [];
    for (const { loaded, templateVersion, printedBefore } of rendered.reports) {
      const current = (await ctx.store.read(caller.request, 'DiagnosticReport', loaded.report.id, unit)) as DiagnosticReport & { id: string };
      const count = (current.extension?.find((e) => e.url === EXT.printed)?.extension?.find((e) => e.url === 'count')?.valueInteger ?? 0) + 1;
      const marked = withExtensions(current, EXT.printed, [
        { url: EXT.printed, extension: [{ url: 'count', valueInteger: count }, { url: 'at', valueDateTime: now }, { url: 'by', valueString: who }] },
      ]);
      await ctx.store.updateIn(unit, caller.request, marked, {});
      await unit.tx.query(
        `insert into lis_print_log (report_id, institution, printed_by, printed_by_name, copy_no, reprint, batch_id, template_version) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [loaded.report.id, caller.institution, `${caller.principal.kind}/${caller.principal.id}`, who, count, printedBefore, batchId, templateVersion],
      );
      await unit.tx.query('update lis_report_index set printed_count = $2, last_printed_at = now(), last_printed_by = $3 where report_id = $1', [loaded.report.id, count, who]);
      if (loaded.specimenId && (await allPrinted(unit.tx, loaded.specimenId))) await advanceSpecimen(ctx, unit, caller.request, loaded.specimenId, 'printed');
      out.push({ reportId: loaded.report.id, copyNo: count, reprint: printedBefore });
    }
    return out;
  });
  for (const { loaded } of rendered.reports) {
    await ctx.audit.record({ action: 'print', principal: caller.principal, resourceType: 'DiagnosticReport', resourceId: loaded.report.id, patientId: idOf(loaded.report.subject), sourceIp: caller.request.sourceIp, detail: `lis report printed (batch ${batchId})` });
  }
  return { pdf: rendered.pdf, batchId, milliseconds: rendered.milliseconds, copies };
}
