import type { FastifyInstance } from 'fastify';
import type { ServiceRequest } from '@medplum/fhirtypes';
import { encodeHl7, readAck } from '@medunion/protocols';
import type { ModuleContext } from '@medunion/kernel';
import type { LabOrderInput, LabOrderTemplateInput } from '../contracts/specimens.ts';
import { sid } from '../urls.ts';
import { cancelOrder } from './cancel.ts';
import { createLabOrder } from './create.ts';
import { receiveHl7Orders } from './hl7.ts';
import { importLabOrders } from './import/run.ts';
import { orderLineOf } from './order-fhir.ts';
import { cancelSchema, importQuery, importResult, orderLines, orderResult, orderSchema, requisitionParam, templateQuery, templateResponse, templateSchema } from './schemas.ts';
import { listTemplates, saveTemplate } from './templates.ts';
import { callerContext, need, requestedLab } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';
import { bodyOf, queryOf } from '../http/schema.ts';

const TAGS = ['lis-orders'];
const ERRORS = '400 字段错误（OperationOutcome.issue.expression 指明字段）；403 无 lis.order 权限；409 重复开单提醒（severity=warning，确认后带 confirmDuplicates 重发）或申请单号属于其他患者；422 患者、科室、医生或检验组合不存在';
const HL7_TYPES = ['x-application/hl7-v2+er7', 'application/hl7-v2', 'text/plain'];
const TABLE_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/octet-stream'];
/** Largest HL7 message / order sheet accepted. */
const MAX_HL7_BYTES = 1024 * 1024;
const MAX_TABLE_BYTES = 10 * 1024 * 1024;

/**
 * /api/lis/orders: requisitions from the doctor station or manual entry (JSON), HIS (HL7 v2 OML^O21/ORM^O01), and
 * batch imports (Excel/CSV); order templates for manual entry; cancellation before collection. Everything is
 * written through the store as the caller. Registered in its own plugin so its body parsers (HL7 text, sheets) stay
 * its own.
 */
export async function orderRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(HL7_TYPES, { parseAs: 'buffer', bodyLimit: MAX_HL7_BYTES }, (_req, body, done) => done(null, body));
    scope.addContentTypeParser(TABLE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_TABLE_BYTES }, (_req, body, done) => done(null, body));

    scope.post(
      '/orders',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'createLabOrder', summary: '检验申请（医生站/手工录入）：一张申请单多个检验组合，可按医嘱模板开单，可同时分管生成条码', description: ERRORS, body: orderSchema, response: { 201: orderResult, 200: orderResult } } },
      async (req, reply) => {
        need(req, 'lis.order');
        const body = bodyOf<LabOrderInput>(req, orderSchema);
        const result = await createLabOrder(ctx, callerContext(req), requestedLab(req), body);
        reply.status(result.outcome === 'created' ? 201 : 200);
        return result;
      },
    );

    scope.post(
      '/orders/hl7',
      {
        attachValidation: true,
        schema: {
          tags: TAGS,
          operationId: 'receiveLabOrderHl7',
          summary: 'HIS 检验医嘱 HL7 v2 接口：请求体为 ER7 格式的 OML^O21 或 ORM^O01，应答为 HL7 ACK（AA 已保存；AE 逐段逐字段列出错误且未保存；AR 拒绝非医嘱消息）',
          description: '请求与应答的 Content-Type 为 x-application/hl7-v2+er7（亦接受 text/plain），字符集按 MSH-18（缺省 UTF-8，支持 GB 18030）；403 无 lis.order 权限',
          consumes: HL7_TYPES,
          body: { type: 'string', description: 'HL7 v2 ER7 message' },
        },
      },
      async (req, reply) => {
        need(req, 'lis.order');
        if (!Buffer.isBuffer(req.body)) throw fieldError(415, 'body', '请以 x-application/hl7-v2+er7 发送 ER7 文本', 'Send the ER7 text as x-application/hl7-v2+er7', 'not-supported');
        const request = callerContext(req);
        const { ack } = await receiveHl7Orders(ctx, request, requestedLab(req), req.body);
        const code = ack.get('MSA-1');
        if (code !== 'AA') {
          // A refused message wrote nothing, so the store audited nothing: the refusal is recorded here.
          const errors = readAck(ack).errors.map((e) => `${e.segment ?? ''}-${e.field ?? ''} ${e.text ?? e.code}`).join('; ');
          await ctx.audit.record({ action: 'create', outcome: '4', principal: request.principal, resourceType: 'ServiceRequest', sourceIp: req.ip, detail: `LIS HL7 order ${code} (MSH-10 ${ack.get('MSA-2')}): ${errors}`.slice(0, 1000) });
        }
        const charset = /gb\s*18030|gbk|gb2312/i.test(ack.charset) ? 'gb18030' : 'utf-8';
        reply.type(`x-application/hl7-v2+er7; charset=${charset}`);
        return reply.send(encodeHl7(ack));
      },
    );

    scope.post(
      '/orders/import',
      {
        attachValidation: true,
        schema: {
          tags: TAGS,
          operationId: 'importLabOrders',
          summary: '检验申请批量导入（Excel .xlsx 或 CSV，UTF-8/GBK）：每行一张申请单；任何一行有错则整体不导入并逐行逐列列出错误',
          description: `${ERRORS}；列：申请单号、患者ID/病历号/身份证号、姓名、病人类型、科室、病区、床号、开单医生、优先级、临床诊断、检验组合（代码或名称，逗号/顿号分隔）、备注`,
          consumes: TABLE_TYPES,
          querystring: importQuery,
          body: { type: 'string', format: 'binary' },
          response: { 201: importResult },
        },
      },
      async (req, reply) => {
        need(req, 'lis.order');
        const query = queryOf<{ confirmDuplicates?: boolean; accession?: boolean }>(req, importQuery);
        if (!Buffer.isBuffer(req.body)) throw fieldError(415, 'file', '请上传 .xlsx 或 CSV 文件', 'Upload an .xlsx or CSV file', 'not-supported');
        const result = await importLabOrders(ctx, callerContext(req), requestedLab(req), req.body, query);
        reply.status(201);
        return result;
      },
    );

    scope.get(
      '/orders/templates',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'listLabOrderTemplates', summary: '医嘱模板（按专业组的常用组合套餐）列表，支持拼音首字母检索', querystring: templateQuery, response: { 200: { type: 'array', items: templateResponse } } } },
      async (req) => {
        need(req, 'lis.read');
        return listTemplates(ctx, callerContext(req), requestedLab(req), queryOf(req, templateQuery));
      },
    );

    scope.post(
      '/orders/templates',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'createLabOrderTemplate', summary: '新增医嘱模板（需 lis.catalogue.manage）', body: templateSchema, response: { 201: templateResponse } } },
      async (req, reply) => {
        need(req, 'lis.catalogue.manage');
        const saved = await saveTemplate(ctx, callerContext(req), requestedLab(req), bodyOf<LabOrderTemplateInput>(req, templateSchema), 'create');
        reply.status(201);
        return saved;
      },
    );

    scope.put<{ Params: { code: string } }>(
      '/orders/templates/:code',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'updateLabOrderTemplate', summary: '修改或停用医嘱模板（需 lis.catalogue.manage）', params: { type: 'object', properties: { code: { type: 'string', maxLength: 64 } } }, body: templateSchema, response: { 200: templateResponse } } },
      async (req) => {
        need(req, 'lis.catalogue.manage');
        const body = bodyOf<LabOrderTemplateInput>(req, templateSchema);
        if (body.code !== req.params.code) throw fieldError(400, 'code', '请求体代码与地址不一致', 'Body code differs from the URL');
        return saveTemplate(ctx, callerContext(req), requestedLab(req), body, 'update');
      },
    );

    scope.get<{ Params: { requisition: string } }>(
      '/orders/:requisition',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'getLabOrder', summary: '申请单的医嘱行及其标本条码', params: requisitionParam, response: { 200: { type: 'object', additionalProperties: true } } } },
      async (req) => {
        need(req, 'lis.read');
        if (req.validationError) throw fieldError(400, 'requisition', '申请单号格式不正确', 'Malformed requisition number');
        const institution = requestedLab(req);
        const found = await ctx.store.search(callerContext(req), 'ServiceRequest', [['requisition', `${sid.requisition(institution)}|${req.params.requisition}`], ['_sort', 'authored'], ['_count', '200']]);
        if (!found.resources.length) throw fieldError(404, 'requisition', `申请单 ${req.params.requisition} 不存在`, `No requisition ${req.params.requisition}`, 'not-found');
        const orders = found.resources as (ServiceRequest & { id: string })[];
        return {
          requisition: req.params.requisition,
          patient: { id: orders[0].subject?.reference?.replace(/^Patient\//, '') ?? '', name: orders[0].subject?.display },
          orders: orders.map((o) => ({ ...orderLineOf(o, institution), specimens: (o.specimen ?? []).map((s) => ({ id: s.reference?.replace(/^Specimen\//, ''), barcode: s.display })) })),
        };
      },
    );

    scope.post<{ Params: { requisition: string } }>(
      '/orders/:requisition/cancel',
      { attachValidation: true, schema: { tags: TAGS, operationId: 'cancelLabOrder', summary: '撤销申请（采集前）：医嘱行改为 revoked；已采集的标本须由检验科拒收', description: ERRORS, params: requisitionParam, body: cancelSchema, response: { 200: orderLines } } },
      async (req) => {
        need(req, 'lis.order');
        const body = bodyOf<{ reason: string; panels?: string[] }>(req, cancelSchema);
        return cancelOrder(ctx, callerContext(req), requestedLab(req), req.params.requisition, body);
      },
    );
  });
}
