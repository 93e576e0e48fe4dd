import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEntry, ModuleContext, Principal, RequestContext } from '@medunion/kernel';
import { recognizableForRecords } from '../core/recognizable.ts';
import { appendDecision, checkDecisionRules, listDecisions, recordShown, type DecisionInput } from '../decisions/ledger.ts';
import { REFUSAL_REASONS } from '../decisions/reasons.ts';
import { checkOrder, regionalCodes, type OrderItem } from '../query/check-order.ts';
import { assertInCare, resolvePerson, type PatientRef, type Person } from '../query/patient.ts';
import { readReportPdf } from '../query/report-pdf.ts';
import { loadReport, offeredReport } from '../query/report.ts';
import { withValues } from '../query/results.ts';
import { checkOrderBody, checkResponse, decisionBody, decisionSchema, listResponse, patientQuery, queryBody, reportResponse, trendResponse } from '../query/schemas.ts';
import { itemTrend } from '../query/trend.ts';
import { assertBody, bodyOf, fieldError } from './check-body.ts';
import { callerContext, need } from './guard.ts';

const TAGS = ['recognition-query'];
const ERRORS = '400 字段错误（expression 指明字段）；401 令牌无效；403 无 recognition.query 权限或患者不在本机构诊疗中；404 患者/报告不存在；410 报告已撤销';
const reportParam = { type: 'object', required: ['reportId'], properties: { reportId: { type: 'string', maxLength: 64 } } } as const;

interface Caller {
  principal: Principal;
  request: RequestContext;
  person: Person;
}

/** Local calendar date (Asia/Shanghai) of an instant, for date-range filters. */
const localDate = (iso: string): string => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The doctor-side recognition interface (seed 002 §二 13–17) under /api/recognition/v1, permission
 * `recognition.query`. Every call names a patient in the caller's care (see `assertInCare`) and is audited as the
 * caller — denials too.
 */
export function queryRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const audit = (req: FastifyRequest, entry: Omit<AuditEntry, 'principal' | 'sourceIp'>) => ctx.audit.record({ ...entry, principal: callerContext(req).principal, sourceIp: req.ip });

  /** Permission, patient, care: the three gates of every call. A refusal at the care gate is audited as such. */
  async function callerFor(req: FastifyRequest, ref: PatientRef, operation: string): Promise<Caller> {
    const principal = need(req, 'recognition.query');
    const request = callerContext(req);
    const person = await resolvePerson(ctx, principal, ref);
    try {
      await assertInCare(ctx, request, person, ref.encounter);
    } catch (err) {
      await audit(req, { action: operation, outcome: '8', patientId: person.patientId, resourceType: 'DiagnosticReport', detail: `recognition ${operation} denied: patient not in care` });
      throw err;
    }
    return { principal, request, person };
  }

  app.get<{ Querystring: PatientRef }>(
    '/v1/recognizable',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listRecognizable', summary: '互认信息列表：患者全部可互认结果及数量（医生站图标：有则绿色并显示数字，无则灰色）', description: ERRORS, querystring: patientQuery, response: { 200: listResponse } } },
    async (req) => {
      const ref = queryOf<PatientRef>(req, patientQuery);
      const c = await callerFor(req, ref, 'search');
      const results = await withValues(ctx, await recognizableForRecords(ctx, c.person.sources, undefined, new Date()));
      await recordShown(ctx.db, c.principal, results.map((r) => r.reportId));
      await audit(req, { action: 'search', patientId: c.person.patientId, resourceType: 'DiagnosticReport', query: 'recognition=listRecognizable', detail: `recognition listRecognizable: ${results.length} results` });
      return { patientId: c.person.patientId, count: results.length, reportCount: new Set(results.map((r) => r.reportId)).size, url: `/embed/recognition?patient=${encodeURIComponent(c.person.patientId)}`, results };
    },
  );

  app.post<{ Body: PatientRef & { items?: string[]; institution?: string; from?: string; to?: string } }>(
    '/v1/recognizable/query',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'queryRecognizable', summary: '精准互认：按项目、出具机构、日期范围查询可互认结果（开单时调用）', description: ERRORS, body: queryBody, response: { 200: listResponse } } },
    async (req) => {
      const body = bodyOf<PatientRef & { items?: string[]; institution?: string; from?: string; to?: string }>(req, queryBody);
      const c = await callerFor(req, body, 'search');
      const items = body.items ? (await regionalCodes(ctx, c.principal.institution!, body.items.map((code) => ({ code })))).map((i) => i.code) : undefined;
      const institution = body.institution ? await institutionId(ctx, body.institution) : undefined;
      const found = (await recognizableForRecords(ctx, c.person.sources, items, new Date())).filter(
        (r) => (!institution || r.institution === institution) && (!body.from || localDate(r.effective) >= body.from) && (!body.to || localDate(r.effective) <= body.to),
      );
      const results = await withValues(ctx, found);
      await recordShown(ctx.db, c.principal, results.map((r) => r.reportId));
      await audit(req, { action: 'search', patientId: c.person.patientId, resourceType: 'DiagnosticReport', query: `recognition=queryRecognizable&items=${(items ?? []).join(',')}`, detail: `recognition queryRecognizable: ${results.length} results` });
      return { patientId: c.person.patientId, count: results.length, reportCount: new Set(results.map((r) => r.reportId)).size, url: `/embed/recognition?patient=${encodeURIComponent(c.person.patientId)}`, results };
    },
  );

  app.post<{ Body: PatientRef & { items: OrderItem[]; orderNo?: string } }>(
    '/v1/orders/check',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'checkOrder', summary: '处方保存互认逻辑校验：列出与有效可互认结果重复的开单项目及应展示的结果（decisionRequired=true 时须强制弹出互认页面）', description: ERRORS, body: checkOrderBody, response: { 200: checkResponse } } },
    async (req) => {
      const body = bodyOf<PatientRef & { items: OrderItem[]; orderNo?: string }>(req, checkOrderBody);
      const c = await callerFor(req, body, 'search');
      const items = await regionalCodes(ctx, c.principal.institution!, body.items);
      const result = await checkOrder(ctx, c.person.sources, items, new Date());
      await recordShown(ctx.db, c.principal, result.duplicates.flatMap((d) => d.results.map((r) => r.reportId)));
      await audit(req, {
        action: 'search',
        patientId: c.person.patientId,
        resourceType: 'DiagnosticReport',
        query: `recognition=checkOrder&items=${items.map((i) => i.code).join(',')}${body.orderNo ? `&orderNo=${body.orderNo}` : ''}`,
        detail: `recognition checkOrder: ${result.duplicates.length} duplicates`,
      });
      return result;
    },
  );

  app.get<{ Params: { reportId: string }; Querystring: PatientRef & { format?: 'json' | 'pdf' } }>(
    '/v1/reports/:reportId',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'downloadReport',
        summary: '已互认项目报告下载：format=json（默认）为结构化数据与 FHIR 资源，format=pdf 为报告 PDF 原文；检查报告含影像地址 imageUrl',
        description: `${ERRORS}；未传患者参数时以报告所属患者判断是否在诊`,
        params: reportParam,
        querystring: { type: 'object', properties: { ...patientQuery.properties, format: { type: 'string', enum: ['json', 'pdf'] } } },
        response: { 200: reportResponse },
      },
    },
    async (req, reply) => {
      const query = queryOf<PatientRef & { format?: 'json' | 'pdf' }>(req, { type: 'object', properties: { ...patientQuery.properties, format: { type: 'string', enum: ['json', 'pdf'] } } });
      need(req, 'recognition.query');
      const named = query.mrn || query.idCard || query.patient;
      const ref: PatientRef = named ? query : { patient: (await offeredPatient(ctx, req.params.reportId)) ?? '', encounter: query.encounter };
      const c = await callerFor(req, ref, 'read');
      const indexed = await offeredReport(ctx, req.params.reportId, c.person.sources);
      const full = await loadReport(ctx, indexed);
      await recordShown(ctx.db, c.principal, [indexed.reportId]);
      await audit(req, { action: 'read', patientId: c.person.patientId, resourceType: 'DiagnosticReport', resourceId: indexed.reportId, query: `recognition=downloadReport&format=${query.format ?? 'json'}`, detail: `recognition downloadReport ${indexed.reportNo}` });
      if (query.format === 'pdf') return sendPdf(reply, full.pdf?.url, indexed.reportNo);
      return full;
    },
  );

  async function sendPdf(reply: FastifyReply, url: string | undefined, reportNo: string): Promise<FastifyReply> {
    const bytes = url ? await readReportPdf(ctx, url) : undefined;
    if (!bytes) throw fieldError(404, 'format', `报告 ${reportNo} 未上传 PDF`, `No PDF was uploaded for report ${reportNo}`, 'not-found');
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${encodeURIComponent(reportNo)}.pdf"`).send(bytes);
  }

  app.post<{ Body: DecisionInput & PatientRef }>(
    '/v1/decisions',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'recordDecision',
        summary: '互认记录上传：互认（引用）或不互认（须选原因，“其他”须填写说明），以及提醒、查看、引用记录和撤销不互认；按 clientKey 幂等',
        description: `${ERRORS}；409 clientKey 已用于另一条记录或不互认已撤销`,
        body: decisionBody,
        response: { 200: { type: 'object', properties: { outcome: { type: 'string' }, decision: decisionSchema } }, 201: { type: 'object', properties: { outcome: { type: 'string' }, decision: decisionSchema } } },
      },
    },
    async (req, reply) => {
      need(req, 'recognition.query');
      const body = bodyOf<DecisionInput & PatientRef>(req, decisionBody);
      checkDecisionRules(body);
      const named = body.mrn || body.idCard || body.patient;
      const ref: PatientRef = named ? body : { patient: (await offeredPatient(ctx, body.reportId)) ?? '', encounter: body.encounter };
      const c = await callerFor(req, ref, 'create');
      const indexed = await offeredReport(ctx, body.reportId, c.person.sources);
      if (body.itemCode !== undefined && !indexed.items.includes(body.itemCode)) {
        throw fieldError(400, 'itemCode', `报告 ${indexed.reportNo} 不含项目 ${body.itemCode}`, `Report ${indexed.reportNo} has no item ${body.itemCode}`, 'code-invalid');
      }
      const saved = await appendDecision(ctx.db, c.principal, body, { patientId: indexed.patientId });
      await audit(req, { action: 'create', patientId: c.person.patientId, resourceType: 'DiagnosticReport', resourceId: indexed.reportId, detail: `recognition recordDecision ${body.kind} #${saved.decision.id} (${saved.outcome})` });
      return reply.status(saved.outcome === 'created' ? 201 : 200).send(saved);
    },
  );

  app.get<{ Querystring: PatientRef }>(
    '/v1/decisions',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listDecisions', summary: '本机构对该患者报告的互认记录（新到旧）', description: ERRORS, querystring: patientQuery, response: { 200: { type: 'object', properties: { decisions: { type: 'array', items: decisionSchema } } } } } },
    async (req) => {
      const c = await callerFor(req, queryOf<PatientRef>(req, patientQuery), 'search');
      const decisions = await listDecisions(ctx.db, c.person.sources, c.principal.institution);
      await audit(req, { action: 'search', patientId: c.person.patientId, resourceType: 'DiagnosticReport', query: 'recognition=listDecisions', detail: `recognition listDecisions: ${decisions.length}` });
      return { decisions };
    },
  );

  app.get<{ Querystring: PatientRef & { item: string } }>(
    '/v1/trend',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'recognitionTrend', summary: '同一检验项目历次结果趋势（各机构已上传、未撤销）', description: ERRORS, querystring: { type: 'object', required: ['item'], properties: { ...patientQuery.properties, item: { type: 'string', maxLength: 40 } } }, response: { 200: trendResponse } },
    },
    async (req) => {
      const query = queryOf<PatientRef & { item: string }>(req, { type: 'object', required: ['item'], properties: { ...patientQuery.properties, item: { type: 'string', maxLength: 40 } } });
      const c = await callerFor(req, query, 'search');
      const [item] = await regionalCodes(ctx, c.principal.institution!, [{ code: query.item }]).catch(() => {
        throw fieldError(400, 'item', `项目 ${query.item} 不在区域互认项目目录中`, `Item ${query.item} is not in the regional recognition catalogue`, 'code-invalid');
      });
      const points = await itemTrend(ctx, c.person.sources, item.code);
      await audit(req, { action: 'search', patientId: c.person.patientId, resourceType: 'Observation', query: `recognition=trend&item=${item.code}`, detail: `recognition trend ${item.code}: ${points.length} points` });
      return { itemCode: item.code, points };
    },
  );

  app.get('/v1/refusal-reasons', { schema: { tags: TAGS, operationId: 'listRefusalReasons', summary: '内置不互认原因（other 须填写说明）' } }, async (req) => {
    need(req, 'recognition.query');
    return { system: 'https://medunion.org/fhir/CodeSystem/recognition/refusal-reason', reasons: REFUSAL_REASONS.map((r) => ({ ...r, requiresText: r.code === 'other' })) };
  });
}

/** Query parameters checked like bodies: every bad field named. */
function queryOf<T>(req: FastifyRequest, schema: Parameters<typeof assertBody>[1]): T {
  return assertBody<T>({ ...(req.query as object) }, schema);
}

/** Organization id of an institution named by id or code (400 naming `institution` when unknown). */
async function institutionId(ctx: ModuleContext, value: string): Promise<string> {
  const { rows } = await ctx.db.query<{ organization_id: string }>('select organization_id from recognition_institution where organization_id = $1 or code = $1', [value]);
  if (!rows[0]) throw fieldError(400, 'institution', `机构 ${value} 未参与互认`, `Institution ${value} does not take part in recognition`, 'code-invalid');
  return rows[0].organization_id;
}

/** The source patient of an indexed report (to judge care when the caller named no patient). */
async function offeredPatient(ctx: ModuleContext, reportId: string): Promise<string | undefined> {
  const { rows } = await ctx.db.query<{ patient_id: string }>('select patient_id from recognition_report where report_id = $1', [reportId.slice(0, 64)]);
  if (!rows[0]) throw fieldError(404, 'reportId', `报告 ${reportId.slice(0, 64)} 不存在`, `Report ${reportId.slice(0, 64)} does not exist`, 'not-found');
  return rows[0].patient_id;
}
