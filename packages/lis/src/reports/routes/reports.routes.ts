import type { FastifyInstance, FastifyReply } from 'fastify';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import type { ReportTemplateOptions, ReviewOutcome } from '../../contracts/results.ts';
import { idOf } from '../../results/fhir.ts';
import { loadReport, type LoadedReport } from '../../results/review/load.ts';
import { recallReport } from '../../results/review/recall.ts';
import { reviewReport } from '../../results/review/review.ts';
import { unreviewReport } from '../../results/review/unreview.ts';
import { resultRow } from '../../results/view.ts';
import { listReports, type PrintCentreFilter } from '../print-centre.ts';
import { printReports, renderReports } from '../print.ts';
import { PUSH_TOPIC, pushRow, toStatus, wantPush } from '../recognition/state.ts';
import { saveSignature } from '../signatures.ts';
import { summariesOf } from '../summary.ts';
import { ANY_SECTION, completeOptions, listTemplates, saveTemplate } from '../templates.ts';
import { normalizeVerifyCode } from '../verify/code.ts';
import { verifyPage } from '../verify/page.ts';
import { checkVerification } from '../verify/verify.ts';
import {
  listQuery,
  pdfQuery,
  practitionerParam,
  pushStatusResponse,
  reasonBody,
  recallResponse,
  reportIdParam,
  reportIdsBody,
  reportListResponse,
  reportResponse,
  reviewOutcomesResponse,
  sectionParam,
  signatureBody,
  templateBody,
  templateResponse,
  verifyParam,
  verifyQuery,
  verifyResponse,
} from './schemas.ts';
import { actorName, isSupervisor, labCaller, type LabCaller, practitionerOf } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';
import { bodyOf, queryOf } from '../../http/schema.ts';

const TAGS = ['lis-reports'];
const ERRORS = '400 字段错误（OperationOutcome.issue.expression 指明字段）；403 无权限；404 报告不存在；409 状态不允许（已审核、未审核、已召回、结果不可信）';

const pdfReply = (reply: FastifyReply, pdf: Buffer, name: string, ms: number) =>
  reply.type('application/pdf').header('content-disposition', `inline; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`).header('cache-control', 'no-store').header('x-render-ms', ms.toFixed(1)).send(pdf);

/** Review, reports, print centre, verification, templates, signatures and the 互认 push status under /api/lis/reports. */
export function reportsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // Signature images may be sent raw (curl --data-binary @sign.png) as well as Base64 in JSON.
  for (const type of ['image/png', 'image/jpeg']) app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));

  const summaryWithResults = async (caller: LabCaller, loaded: LoadedReport) => {
    const { tests } = await loadCatalogue(ctx, caller.institution);
    const [summary] = await summariesOf(ctx.db, caller.institution, [loaded.report]);
    return { ...summary, results: loaded.observations.map((o) => resultRow(o, caller.institution, tests)) };
  };

  app.get(
    '/reports',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listReports', summary: '打印中心/报告查询：按仪器、患者姓名、住院号、日期、科室、医生、专业组、状态、是否已打印筛选', description: ERRORS, querystring: listQuery, response: { 200: reportListResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const q = queryOf<Record<string, string | undefined>>(req, listQuery);
      const filter: PrintCentreFilter = {
        ...Object.fromEntries(['instrument', 'patientName', 'inpatientNo', 'patient', 'from', 'to', 'department', 'doctor', 'section', 'number'].filter((k) => q[k]).map((k) => [k, q[k]])),
        status: (q.status as PrintCentreFilter['status']) ?? 'all',
        ...(q.printed ? { printed: q.printed === 'true' } : {}),
        count: Number(q.count ?? 50),
        offset: Number(q.offset ?? 0),
      };
      return listReports(ctx, caller, filter);
    },
  );

  app.get<{ Params: { reportId: string } }>(
    '/reports/:reportId',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'getReport', summary: '报告详情：状态、审核者、打印次数、互认推送状态与结果', description: ERRORS, params: reportIdParam, response: { 200: reportResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      return summaryWithResults(caller, await loadReport(ctx, caller.request, caller.institution, req.params.reportId));
    },
  );

  app.post<{ Params: { reportId: string } }>(
    '/reports/:reportId/review',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'reviewReport', summary: '报告审核：结果与报告改为最终状态，记录审核者，生成防伪码，推送互认；审核后锁定', description: ERRORS, params: reportIdParam, response: { 200: reportResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.result.review');
      return summaryWithResults(caller, await reviewReport(ctx, caller, req.params.reportId));
    },
  );

  app.post(
    '/reports/review',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'reviewReportsBatch', summary: '批量审核：逐份审核，每份单独成功或被拒（附原因）', description: ERRORS, body: reportIdsBody, response: { 200: reviewOutcomesResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.result.review');
      const { reports } = bodyOf<{ reports: string[] }>(req, reportIdsBody);
      const outcomes: ReviewOutcome[] = [];
      for (const id of [...new Set(reports)]) {
        try {
          await reviewReport(ctx, caller, id);
          outcomes.push({ reportId: id, outcome: 'reviewed' });
        } catch (err) {
          if (!(err instanceof FhirError) || err.status === 403) throw err;
          outcomes.push({ reportId: id, outcome: 'refused', status: err.status, reasons: err.issues.map((i) => i.details?.text ?? '') });
        }
      }
      return outcomes;
    },
  );

  app.post<{ Params: { reportId: string } }>(
    '/reports/:reportId/unreview',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'unreviewReport', summary: '取消审核（需 lis.result.unreview，仅审核者本人或检验科主任）：报告与结果回到待审核，可修改后重新审核', description: ERRORS, params: reportIdParam, body: reasonBody, response: { 200: reportResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.result.unreview');
      const { reason } = bodyOf<{ reason: string }>(req, reasonBody);
      return summaryWithResults(caller, await unreviewReport(ctx, caller, req.params.reportId, reason));
    },
  );

  app.post<{ Params: { reportId: string } }>(
    '/reports/:reportId/recall',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'recallReport', summary: '报告召回（需 lis.report.recall）：已发布报告作废（entered-in-error），互认平台撤销，生成待修改的重发报告', description: ERRORS, params: reportIdParam, body: reasonBody, response: { 200: recallResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.report.recall');
      const { reason } = bodyOf<{ reason: string }>(req, reasonBody);
      const out = await recallReport(ctx, caller, req.params.reportId, reason);
      return { recalled: await summaryWithResults(caller, out.recalled), reissue: await summaryWithResults(caller, out.reissue) };
    },
  );

  app.get<{ Params: { reportId: string } }>(
    '/reports/:reportId/pdf',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'renderReportPdf', summary: '报告 PDF 预览/下载（A4/A5/B5，按项目数单列或双列，含直方图、审核者签名、防伪二维码；未审核报告标“未审核”）', description: ERRORS, params: reportIdParam, querystring: pdfQuery } },
    async (req, reply) => {
      const caller = labCaller(req, 'lis.read');
      const q = queryOf<{ pageSize?: ReportTemplateOptions['pageSize'] }>(req, pdfQuery);
      const out = await renderReports(ctx, caller, { reportIds: [req.params.reportId], ...(q.pageSize ? { pageSize: q.pageSize } : {}) });
      const report = out.reports[0].loaded.report;
      await ctx.audit.record({ action: 'read', principal: caller.principal, resourceType: 'DiagnosticReport', resourceId: report.id, patientId: idOf(report.subject), sourceIp: req.ip, detail: 'lis report PDF preview' });
      return pdfReply(reply, out.pdf, report.identifier?.[0]?.value ?? report.id, out.milliseconds);
    },
  );

  app.post(
    '/reports/print',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'printReports', summary: '打印（单份或批量合并为一个 PDF）：记录打印状态、次数、打印人与时间，再次打印标“补打”', description: ERRORS, body: reportIdsBody } },
    async (req, reply) => {
      const caller = labCaller(req, 'lis.report.print');
      const { reports } = bodyOf<{ reports: string[] }>(req, reportIdsBody);
      const out = await printReports(ctx, caller, [...new Set(reports)]);
      reply.header('x-print-batch', out.batchId);
      return pdfReply(reply, out.pdf, `lis-print-${out.batchId.slice(0, 8)}`, out.milliseconds);
    },
  );

  app.get<{ Params: { reportId: string } }>(
    '/reports/:reportId/prints',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listReportPrints', summary: '报告打印记录（时间、打印人、份次、是否补打）', params: reportIdParam, response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } } } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      await loadReport(ctx, caller.request, caller.institution, req.params.reportId);
      const { rows } = await ctx.db.query<{ printed_at: Date | string; printed_by_name: string; copy_no: number; reprint: boolean }>(
        'select printed_at, printed_by_name, copy_no, reprint from lis_print_log where report_id = $1 and institution = $2 order by printed_at desc',
        [req.params.reportId, caller.institution],
      );
      return rows.map((r) => ({ printedAt: new Date(r.printed_at).toISOString(), printedBy: r.printed_by_name, copyNo: Number(r.copy_no), reprint: r.reprint }));
    },
  );

  const verify = async (code: string, d: string | undefined) => {
    const normalized = normalizeVerifyCode(code);
    return normalized ? checkVerification(ctx, normalized, d) : { found: false, state: 'unknown' as const, message: '防伪码格式不正确 / The verification code is not well-formed' };
  };
  const auditVerify = (ip: string, code: string, found: boolean) => ctx.audit.record({ action: 'read', principal: { kind: 'anonymous', id: ip }, resourceType: 'DiagnosticReport', detail: `lis report verification ${code.slice(0, 4)}…: ${found ? 'found' : 'unknown'}`, sourceIp: ip });

  app.get<{ Params: { code: string } }>(
    '/reports/verify/:code',
    { config: { public: true }, attachValidation: true, schema: { tags: TAGS, operationId: 'verifyReport', summary: '报告防伪验证（公开，无需登录）：仅返回报告单号、机构、患者姓名首字母、审核时间与内容是否一致', security: [], params: verifyParam, querystring: verifyQuery, response: { 200: verifyResponse } } },
    async (req) => {
      const q = queryOf<{ d?: string }>(req, verifyQuery);
      const answer = await verify(req.params.code, q.d);
      await auditVerify(req.ip, req.params.code, answer.found);
      return answer;
    },
  );

  app.get<{ Params: { code: string } }>(
    '/reports/verify/:code/page',
    { config: { public: true }, attachValidation: true, schema: { tags: TAGS, operationId: 'verifyReportPage', summary: '报告防伪验证页面（扫码打开，公开）', security: [], params: verifyParam, querystring: verifyQuery } },
    async (req, reply) => {
      const q = queryOf<{ d?: string }>(req, verifyQuery);
      const answer = await verify(req.params.code, q.d);
      await auditVerify(req.ip, req.params.code, answer.found);
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").header('cache-control', 'no-store').send(verifyPage(answer));
    },
  );

  app.get(
    '/reports/templates',
    { schema: { tags: TAGS, operationId: 'listReportTemplates', summary: '报告打印模板（各专业组当前版本；default 为全部专业组通用）', response: { 200: { type: 'array', items: templateResponse } } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      return listTemplates(ctx.db, caller.institution);
    },
  );

  app.put<{ Params: { section: string } }>(
    '/reports/templates/:section',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'saveReportTemplate', summary: '保存报告打印模板（新版本，集中存储，所有工作站即时生效；需 lis.catalogue.manage）', params: sectionParam, body: templateBody, response: { 200: templateResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.catalogue.manage');
      const body = bodyOf<Partial<ReportTemplateOptions> & { pageSize: ReportTemplateOptions['pageSize'] }>(req, templateBody);
      const section = req.params.section === 'default' ? ANY_SECTION : req.params.section;
      const saved = await saveTemplate(ctx.db, caller.institution, section, completeOptions(body), actorName(caller.principal));
      await ctx.audit.record({ action: 'update', principal: caller.principal, detail: `lis report template ${req.params.section} v${saved.version}`, sourceIp: req.ip });
      return saved;
    },
  );

  app.post<{ Params: { practitionerId: string } }>(
    '/reports/signatures/:practitionerId',
    {
      attachValidation: true,
      bodyLimit: 1024 * 1024,
      schema: {
        tags: TAGS,
        operationId: 'uploadSignature',
        summary: '上传审核者手写签名图片（PNG/JPEG，原始字节或 JSON Base64），打印报告时使用；本人或检验科主任',
        params: practitionerParam,
        body: signatureBody,
        response: { 200: { type: 'object', properties: { practitionerId: { type: 'string' }, urn: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } } } },
      },
    },
    async (req) => {
      const caller = labCaller(req, 'lis.result.review');
      const id = req.params.practitionerId;
      if (practitionerOf(caller.principal) !== `Practitioner/${id}` && !isSupervisor(caller.principal)) {
        throw fieldError(403, 'practitionerId', '只能上传本人的签名（科室主任可为他人上传）', 'You may upload only your own signature (the supervisor may upload anyone’s)', 'forbidden');
      }
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.from(bodyOf<{ content: string }>(req, signatureBody).content, 'base64');
      const saved = await saveSignature(ctx, caller.institution, id, bytes, actorName(caller.principal));
      await ctx.audit.record({ action: 'update', principal: caller.principal, resourceType: 'Practitioner', resourceId: id, detail: 'lis signature image uploaded', sourceIp: req.ip });
      return { practitionerId: id, ...saved };
    },
  );

  app.get<{ Params: { reportId: string } }>(
    '/reports/:reportId/recognition',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'recognitionPushStatus', summary: '报告推送互认平台的状态（待推送、已上传、已撤销、失败及原因、未对照项目）', params: reportIdParam, response: { 200: pushStatusResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      await loadReport(ctx, caller.request, caller.institution, req.params.reportId);
      const row = await pushRow(ctx.db, req.params.reportId);
      if (!row) throw fieldError(404, 'reportId', '该报告没有推送记录', 'The report has no push record', 'not-found');
      return toStatus(row);
    },
  );

  app.post<{ Params: { reportId: string } }>(
    '/reports/:reportId/recognition/retry',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'retryRecognitionPush', summary: '立即重试推送互认（失败后）', params: reportIdParam, response: { 200: pushStatusResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.result.review');
      await loadReport(ctx, caller.request, caller.institution, req.params.reportId);
      const row = await pushRow(ctx.db, req.params.reportId);
      if (!row) throw fieldError(404, 'reportId', '该报告没有推送记录', 'The report has no push record', 'not-found');
      await ctx.store.inUnit(caller.request, async (unit) => {
        await wantPush(unit.tx, row.report_id, row.institution, row.report_no, row.wanted);
        ctx.store.publishIn(unit, { topic: PUSH_TOPIC, key: row.report_id, institution: row.institution, payload: { reportId: row.report_id, retry: true } });
      });
      return toStatus((await pushRow(ctx.db, req.params.reportId))!);
    },
  );
}
