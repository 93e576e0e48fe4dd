/**
 * Report PDFs in process, through the LIS's own renderer (`renderReports`: read the report as the caller, resolve
 * its template, build the print data, lay out and render with pdfmake): one report per document at A4 and A5, and
 * batches of 20 as the print centre renders them. A second pass splits one A4 report's time into reading (store
 * reads, template, print data) and rendering (pdfmake layout, font subsetting, PDF bytes).
 */
import { performance } from 'node:perf_hooks';
import type { ModuleContext } from '../../packages/kernel/src/index.ts';
import { renderPdf } from '../../packages/print/src/index.ts';
import { loadCatalogue } from '../../packages/lis/src/catalogue/lookup.ts';
import { sectionOf } from '../../packages/lis/src/results/report.ts';
import { loadReport } from '../../packages/lis/src/results/review/load.ts';
import { reportsDocument } from '../../packages/lis/src/reports/pdf/document.ts';
import { printDataOf } from '../../packages/lis/src/reports/pdf/load.ts';
import { renderReports } from '../../packages/lis/src/reports/print.ts';
import { resolveTemplate } from '../../packages/lis/src/reports/templates.ts';

export const BATCH = 20;

/** Who renders: the lab technician's principal and store context (the renderer's own parameter type). */
type LabCaller = Parameters<typeof renderReports>[1];

export interface PdfInProcess {
  a4: number[];
  a5: number[];
  /** Per report, in batches of BATCH. */
  batchPerReport: number[];
  /** A4 one at a time, split: reading the report and its print data, then rendering it. */
  read: number[];
  render: number[];
  a4Bytes: number;
}

async function timeEach(ids: string[], once: (id: string) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await once(id);
    out.push(performance.now() - t);
  }
  return out;
}

export async function renderInProcess(ctx: ModuleContext, caller: LabCaller, ids: string[]): Promise<PdfInProcess> {
  // Warm-up: the first document parses the CJK font and loads pdfmake.
  for (const id of ids.slice(0, 3)) await renderReports(ctx, caller, { reportIds: [id], pageSize: 'A4' });
  let a4Bytes = 0;
  const a4 = await timeEach(ids, async (id) => (a4Bytes += (await renderReports(ctx, caller, { reportIds: [id], pageSize: 'A4' })).pdf.length));
  const a5 = await timeEach(ids, (id) => renderReports(ctx, caller, { reportIds: [id], pageSize: 'A5' }));
  const batchPerReport: number[] = [];
  for (let from = 0; from + BATCH <= ids.length; from += BATCH) {
    const t = performance.now();
    await renderReports(ctx, caller, { reportIds: ids.slice(from, from + BATCH), pageSize: 'A4' });
    batchPerReport.push((performance.now() - t) / BATCH);
  }
  const { tests } = await loadCatalogue(ctx, caller.institution);
  const read: number[] = [];
  const render: number[] = [];
  for (const id of ids) {
    const t0 = performance.now();
    const loaded = await loadReport(ctx, caller.request, caller.institution, id);
    const template = await resolveTemplate(ctx.db, caller.institution, sectionOf(loaded.report));
    const data = await printDataOf(ctx, caller.request, { institution: caller.institution, loaded, tests, printedBefore: false });
    const t1 = performance.now();
    await renderPdf(await reportsDocument([{ data, options: template.options }]));
    read.push(t1 - t0);
    render.push(performance.now() - t1);
  }
  return { a4, a5, batchPerReport, read, render, a4Bytes };
}
