import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { uploadDepartments, uploadStaff, type DepartmentUpload, type StaffUpload } from '../upload/directory.ts';
import { uploadExamReport, type ExamReportUpload } from '../upload/exam-report.ts';
import { uploadLabReport, type LabReportUpload } from '../upload/lab-report.ts';
import { uploadPatient, type PatientUpload } from '../upload/patient.ts';
import { MAX_PDF_BYTES, uploadReportPdf } from '../upload/pdf.ts';
import { revokeReport } from '../upload/revoke.ts';
import { departmentsSchema, examReportSchema, labReportSchema, patientSchema, pdfSchema, revokeSchema, staffSchema, tokenSchema, uploadResult } from '../upload/schemas.ts';
import { uploaderOf } from '../upload/uploader.ts';
import { bodyOf, fieldError, type Schema } from './check-body.ts';

const TAGS = ['recognition-upload'];
const reportNoParam = { type: 'object', required: ['reportNo'], properties: { reportNo: { type: 'string', pattern: '^[A-Za-z0-9._\\-/]{1,64}$' } } } as const;
const ERRORS = '400 字段错误（OperationOutcome.issue.expression 指明字段）；401 令牌无效；403 非本机构数据或无上传权限；409 身份冲突/报告已撤销；422 院内代码未对照或引用的患者/科室/人员未上传（全部列出，未写入任何数据）';

type Body = { institutionCode?: string };

/** The hospitals' upload interface (seed 002 §二 1–11), REST/JSON under /api/recognition/v1. */
export function uploadRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // Raw PDFs (curl --data-binary @report.pdf) as well as JSON with Base64 content.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: MAX_PDF_BYTES + 1024 }, (_req, body, done) => done(null, body));

  const route = <B extends Body, R>(
    url: string,
    operationId: string,
    summary: string,
    schema: Schema,
    handle: (req: FastifyRequest, body: B) => Promise<R>,
    status = 200,
  ) =>
    app.post(
      url,
      { attachValidation: true, schema: { tags: TAGS, operationId, summary, description: ERRORS, body: schema, response: { [status]: uploadResult } } },
      async (req) => {
        const body = bodyOf<B>(req, schema);
        return handle(req, body);
      },
    );

  app.post<{ Body: Record<string, string> }>(
    '/v1/token',
    {
      config: { public: true },
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'recognitionToken',
        summary: '用户认证获取 token：用户名密码（password）或接口客户端（client_credentials），由平台统一认证签发，过期后重新获取',
        security: [],
        body: tokenSchema,
        response: { 200: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' } } } },
      },
    },
    // The kernel's AuthService issues and checks the token (no second authentication); failures are 401 with its reason code.
    async (req, reply) => {
      const body = bodyOf<Record<string, string | undefined>>(req, tokenSchema);
      reply.header('Cache-Control', 'no-store');
      const grant = body.grant_type ?? 'password';
      if (grant === 'client_credentials') {
        if (!body.client_id || !body.client_secret) throw fieldError(400, body.client_id ? 'client_secret' : 'client_id', '缺少客户端 ID 或密钥', 'client_id and client_secret are required', 'required');
        const t = await ctx.auth.clientCredentials(body.client_id, body.client_secret);
        return { access_token: t.access_token, token_type: t.token_type, expires_in: t.expires_in };
      }
      if (!body.username || !body.password) throw fieldError(400, body.username ? 'password' : 'username', '缺少用户名或密码', 'username and password are required', 'required');
      const t = await ctx.auth.login(body.username, body.password);
      return { access_token: t.access_token, token_type: t.token_type, expires_in: t.expires_in };
    },
  );

  route<PatientUpload & Body, unknown>('/v1/patients', 'uploadPatient', '患者信息上传（按病历号幂等）', patientSchema, async (req, body) => uploadPatient(ctx, await uploaderOf(ctx, req, body.institutionCode), body));
  route<{ departments: DepartmentUpload[] } & Body, unknown>('/v1/departments', 'uploadDepartments', '科室字典上传（按科室代码幂等）', departmentsSchema, async (req, body) =>
    uploadDepartments(ctx, await uploaderOf(ctx, req, body.institutionCode), body.departments),
  );
  route<{ staff: StaffUpload[] } & Body, unknown>('/v1/staff', 'uploadStaff', '人员字典上传（按工号幂等）', staffSchema, async (req, body) => uploadStaff(ctx, await uploaderOf(ctx, req, body.institutionCode), body.staff));
  route<LabReportUpload & Body, unknown>('/v1/lab-reports', 'uploadLabReport', '检验数据上传（按报告单号幂等）', labReportSchema, async (req, body) => uploadLabReport(ctx, await uploaderOf(ctx, req, body.institutionCode), body));
  route<ExamReportUpload & Body, unknown>('/v1/exam-reports', 'uploadExamReport', '检查数据上传（按报告单号幂等）', examReportSchema, async (req, body) => uploadExamReport(ctx, await uploaderOf(ctx, req, body.institutionCode), body));

  for (const kind of ['lab', 'exam'] as const) {
    const noun = kind === 'lab' ? 'Lab' : 'Exam';
    const zh = kind === 'lab' ? '检验' : '检查';
    app.post<{ Params: { reportNo: string } }>(
      `/v1/${kind}-reports/:reportNo/pdf`,
      {
        attachValidation: true,
        schema: {
          tags: TAGS,
          operationId: `upload${noun}ReportPdf`,
          summary: `${zh}报告 PDF 上传：JSON（content 为 Base64）或 application/pdf 原始字节`,
          description: ERRORS,
          params: reportNoParam,
          body: pdfSchema,
          response: { 200: { type: 'object', properties: { ...uploadResult.properties, sha256: { type: 'string' }, size: { type: 'integer' } } } },
        },
      },
      async (req) => {
        if (Buffer.isBuffer(req.body)) return uploadReportPdf(ctx, await uploaderOf(ctx, req), kind, req.params.reportNo, req.body, undefined, 'body');
        const body = bodyOf<{ content: string; fileName?: string } & Body>(req, pdfSchema);
        if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(body.content)) throw fieldError(400, 'content', 'content 不是合法的 Base64', 'content is not valid Base64');
        return uploadReportPdf(ctx, await uploaderOf(ctx, req, body.institutionCode), kind, req.params.reportNo, Buffer.from(body.content, 'base64'), body.fileName, 'content');
      },
    );
    app.post<{ Params: { reportNo: string } }>(
      `/v1/${kind}-reports/:reportNo/revoke`,
      {
        attachValidation: true,
        schema: { tags: TAGS, operationId: `revoke${noun}Report`, summary: `撤销${zh}数据：报告作废（entered-in-error），不再参与互认`, description: ERRORS, params: reportNoParam, body: revokeSchema, response: { 200: uploadResult } },
      },
      async (req) => {
        const body = bodyOf<{ reason: string } & Body>(req, revokeSchema);
        return revokeReport(ctx, await uploaderOf(ctx, req, body.institutionCode), kind, req.params.reportNo, body.reason);
      },
    );
  }
}
