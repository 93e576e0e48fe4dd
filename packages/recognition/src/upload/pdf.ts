import type { DiagnosticReport, DocumentReference } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import { fieldError } from '../routes/check-body.ts';
import { sid } from '../urls.ts';
import type { Uploader } from './uploader.ts';
import { inOneTransaction, sha1Base64, type Outcome } from './write.ts';

export const MAX_PDF_BYTES = 20 * 1024 * 1024;

/**
 * Whether bytes are a PDF a viewer can open: the `%PDF-1.x`/`2.x` header, `%%EOF` near the end, and a
 * `startxref` offset that lands on a cross-reference table or stream object. (No PDF parser is installed; this
 * catches renamed files, truncated uploads and text posing as PDF.) Returns the problem, or undefined.
 */
export function pdfProblem(bytes: Buffer): string | undefined {
  if (bytes.length < 64) return '文件过短，不是 PDF / The file is too short to be a PDF';
  if (!/^%PDF-[12]\.\d/.test(bytes.subarray(0, 8).toString('latin1'))) return '缺少 %PDF- 文件头，不是 PDF 文件 / No %PDF- header: not a PDF file';
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  if (!tail.includes('%%EOF')) return '缺少 %%EOF 结束标记，文件不完整 / No %%EOF marker: the file is truncated';
  const match = /startxref\s+(\d+)\s+%%EOF/.exec(tail);
  if (!match) return '缺少 startxref，文件结构损坏 / No startxref: the file structure is damaged';
  const offset = Number(match[1]);
  const at = offset < bytes.length ? bytes.subarray(offset, offset + 32).toString('latin1') : '';
  if (!/^(xref|\d+\s+\d+\s+obj)/.test(at)) return 'startxref 指向的位置不是交叉引用表，文件结构损坏 / startxref does not point at a cross-reference section: the file is damaged';
  return undefined;
}

/**
 * 检验/检查报告 PDF 上传: the bytes go to the kernel's content-addressed blob store first (idempotent: the same PDF
 * is stored once), then one transaction writes the DocumentReference (one per report, a new version when the
 * PDF changes) pointing at the blob's URN and at the report. When that transaction fails the blob stays behind
 * unreferenced — harmless, and for blob garbage collection (not built yet) to remove.
 */
export async function uploadReportPdf(
  ctx: ModuleContext,
  up: Uploader,
  kind: 'lab' | 'exam',
  reportNo: string,
  bytes: Buffer,
  fileName: string | undefined,
  field: string,
): Promise<{ outcome: Outcome; ids: { documentReference: string; report: string }; sha256: string; size: number }> {
  if (bytes.length > MAX_PDF_BYTES) throw fieldError(413, field, 'PDF 超过 20 MB', 'The PDF is larger than 20 MB', 'too-costly');
  const problem = pdfProblem(bytes);
  if (problem) throw new FhirError(400, [{ severity: 'error', code: 'invalid', details: { text: problem }, expression: [field] }]);
  const inst = up.institution.organizationId;
  const blob = await ctx.blobs.put(bytes, { maxBytes: MAX_PDF_BYTES, field });
  return inOneTransaction(ctx, up.request, async (w) => {
    const report = await w.find<DiagnosticReport>('DiagnosticReport', kind === 'lab' ? sid.labReport(inst) : sid.examReport(inst), reportNo);
    if (!report) throw fieldError(404, 'reportNo', `报告 ${reportNo} 尚未上传，请先上传报告数据`, `Report ${reportNo} has not been uploaded: upload its data first`, 'not-found');
    if (report.status === 'entered-in-error') throw fieldError(409, 'reportNo', `报告 ${reportNo} 已撤销`, `Report ${reportNo} was revoked`, 'conflict');
    const doc = await w.upsert<DocumentReference>({
      resourceType: 'DocumentReference',
      identifier: [{ system: sid.reportPdf(inst), value: `${kind}/${reportNo}` }],
      status: 'current',
      docStatus: 'final',
      type: { text: kind === 'lab' ? '检验报告' : '检查报告' },
      subject: report.subject as DocumentReference['subject'],
      ...(report.issued ? { date: report.issued } : {}),
      content: [{ attachment: { contentType: 'application/pdf', url: blob.urn, size: blob.size, hash: sha1Base64(bytes), ...(fileName ? { title: fileName } : {}) } }],
      context: { related: [{ reference: `DiagnosticReport/${report.id}` }] },
    });
    return { outcome: w.outcome, ids: { documentReference: doc.id, report: report.id }, sha256: blob.sha256, size: blob.size };
  });
}

