import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import type { AccessionInput, CollectInput, ConcessionInput, LabelPrintInput, RejectInput } from '../contracts/specimens.ts';
import { accessionIn, ordersToAccession } from './accession.ts';
import { collectSpecimen } from './collect.ts';
import { allowConcession } from './concession.ts';
import { printLabels } from './labels.ts';
import { createPool, getPool, markPoolPositive } from './pools.ts';
import { listSpecimens, specimenTimeline, summaryOf, wardRejections, type SpecimenFilter } from './queries.ts';
import { receiveSpecimens } from './receive.ts';
import { rejectSpecimen } from './reject.ts';
import { assignSampleNumber } from './sample-number.ts';
import {
  accessionSchema,
  barcodeParam,
  collectSchema,
  concessionSchema,
  labelSchema,
  listQuery,
  listResponse,
  poolResponse,
  poolSchema,
  positiveSchema,
  receiveResponse,
  receiveSchema,
  rejectionsQuery,
  rejectSchema,
  sampleNumberSchema,
  specimenResponse,
  BARCODE_PARAM_PATTERN,
} from './schemas.ts';
import { callerContext, need, requestedLab } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';
import { bodyOf, queryOf, type Schema } from '../http/schema.ts';

const TAGS = ['lis-specimens'];
const ERRORS = '400 字段错误或条码校验位错误（OperationOutcome.issue.expression 指明字段）；403 缺少权限；404 条码不存在；409 标本状态不允许此操作（如已出结果的标本不能拒收）；422 引用的医嘱、仪器不存在';

type Params = { Params: { barcode: string } };

/** The barcode in the path, checked (400 naming `barcode`). */
function barcodeOf(req: FastifyRequest<Params>): string {
  if (!new RegExp(BARCODE_PARAM_PATTERN).test(req.params.barcode)) throw fieldError(400, 'barcode', '条码格式不正确', 'Malformed barcode');
  return req.params.barcode;
}

/**
 * /api/lis/specimens: accession into tubes with barcodes, label PDFs, collection, receipt by scan, rejection, 让步检验,
 * sample numbers, the timeline of a specimen, lists by status/department/date, the ward's rejections, and pools
 * (混检). Every change goes through the store as the caller and into the status ledger in the same transaction.
 */
export function specimenRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const post = <B>(url: string, operationId: string, summary: string, permission: string | string[], schema: Schema, response: object, handle: (req: FastifyRequest<Params>, body: B, institution: string) => Promise<unknown>, status = 200) =>
    app.post<Params>(url, { attachValidation: true, schema: { tags: TAGS, operationId, summary, description: ERRORS, ...(url.includes(':barcode') ? { params: barcodeParam } : {}), body: schema, response: { [status]: response } } }, async (req, reply) => {
      need(req, ...[permission].flat());
      const body = bodyOf<B>(req, schema);
      const result = await handle(req, body, requestedLab(req));
      reply.status(status);
      return result;
    });

  post<AccessionInput>('/specimens/accession', 'accessionSpecimens', '分管与条码：按标本容器把申请单的检验组合分到试管（同一容器的组合共用一个标本），分配条码并登记（医生站开单时亦可）', ['lis.specimen.collect', 'lis.order'], accessionSchema, { type: 'array', items: specimenResponse }, async (req, body, institution) => {
    const request = callerContext(req);
    return ctx.store.inUnit(request, async (unit) => accessionIn(ctx, unit, request, institution, await ordersToAccession(ctx, request, institution, body, unit), body.requisition ? 'requisition' : 'orders'));
  }, 201);

  app.post(
    '/specimens/labels',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'printSpecimenLabels',
        summary: '打印条码标签（PDF）：Code128 条码、姓名、性别年龄、试管与管帽颜色、检验组合、采集时间栏；A4 标签纸或 50×30 mm 单张；补打会标注并记录',
        description: ERRORS,
        body: labelSchema,
        produces: ['application/pdf'],
      },
    },
    async (req, reply) => {
      need(req, 'lis.specimen.collect');
      const body = bodyOf<LabelPrintInput>(req, labelSchema);
      const { pdf, reprints } = await printLabels(ctx, callerContext(req), requestedLab(req), body.barcodes, body.layout ?? 'sheet');
      reply.type('application/pdf').header('Content-Disposition', 'inline; filename="specimen-labels.pdf"');
      if (reprints.length) reply.header('X-Reprinted', reprints.join(','));
      return reply.send(pdf);
    },
  );

  post<CollectInput>('/specimens/:barcode/collect', 'collectSpecimen', '标本采集：记录采集者与采集时间', 'lis.specimen.collect', collectSchema, specimenResponse, async (req, body, institution) => {
    const s = await collectSpecimen(ctx, callerContext(req), institution, barcodeOf(req), body);
    return summaryOf(s, [], institution);
  });

  post<Record<string, never>>('/specimens/:barcode/receive', 'receiveSpecimen', '扫码签收单个标本（状态 received，记录签收时间）', 'lis.specimen.receive', { type: 'object' }, receiveResponse.items, async (req, _body, institution) => {
    const [outcome] = await receiveSpecimens(ctx, callerContext(req), institution, [barcodeOf(req)]);
    if (outcome.outcome === 'not-found') throw fieldError(404, 'barcode', `条码 ${outcome.barcode} 不存在`, 'Unknown barcode', 'not-found');
    if (outcome.outcome === 'refused') throw fieldError(400, 'barcode', outcome.message ?? '', 'Misread barcode', 'value');
    if (outcome.outcome === 'rejected') throw fieldError(409, 'barcode', outcome.message ?? '', 'The specimen was rejected', 'conflict');
    return outcome;
  });

  post<{ barcodes: string[] }>('/specimens/receive', 'receiveSpecimens', '批量扫码签收：每个条码单独给出结果（已签收、已拒收、不存在、校验位错误）', 'lis.specimen.receive', receiveSchema, receiveResponse, async (req, body, institution) =>
    receiveSpecimens(ctx, callerContext(req), institution, body.barcodes),
  );

  post<RejectInput>('/specimens/:barcode/reject', 'rejectSpecimen', '标本拒收：原因取自拒收原因代码表，向开单科室发出重新采集任务；已出结果的标本不能拒收', 'lis.specimen.reject', rejectSchema, specimenResponse, async (req, body, institution) => {
    const { specimen, task } = await rejectSpecimen(ctx, callerContext(req), institution, barcodeOf(req), body);
    return { ...summaryOf(specimen, [], institution), taskId: task.id };
  });

  post<ConcessionInput>('/specimens/:barcode/concession', 'allowSpecimenConcession', '让步检验：接受有问题的标本（含已拒收的），或急诊/绿色通道/院批优先进入检验流程；记录原因与操作者', 'lis.specimen.receive', concessionSchema, specimenResponse, async (req, body, institution) =>
    summaryOf(await allowConcession(ctx, callerContext(req), institution, barcodeOf(req), body), [], institution),
  );

  post<{ instrument: string }>('/specimens/:barcode/sample-number', 'assignSampleNumber', '分配样本号（按仪器、按日流水：YYYYMMDD-仪器-NNNN）', 'lis.specimen.receive', sampleNumberSchema, { type: 'object', properties: { sampleNumber: { type: 'string' }, specimenId: { type: 'string' } } }, async (req, body, institution) => {
    const { specimen, sampleNumber } = await assignSampleNumber(ctx, callerContext(req), institution, barcodeOf(req), body.instrument);
    return { sampleNumber, specimenId: specimen.id };
  });

  app.get<Params>(
    '/specimens/:barcode/timeline',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'specimenTimeline', summary: '标本全流程时间线：每次状态变化的时间、操作者、备注，以及条码打印与补打记录', description: ERRORS, params: barcodeParam, response: { 200: specimenResponse } } },
    async (req) => {
      need(req, 'lis.read');
      return specimenTimeline(ctx, callerContext(req), requestedLab(req), barcodeOf(req));
    },
  );

  app.get(
    '/specimens',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listSpecimens', summary: '标本查询：按当前状态、开单科室、登记日期分页（最新在前）', description: ERRORS, querystring: listQuery, response: { 200: listResponse } } },
    async (req) => {
      need(req, 'lis.read');
      return listSpecimens(ctx, callerContext(req), requestedLab(req), queryOf<SpecimenFilter>(req, listQuery));
    },
  );

  app.get(
    '/specimens/rejections',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listWardRejections', summary: '开单科室查看被拒收的标本及原因（重新采集任务），缺省为当前用户所在科室的未完成任务', description: ERRORS, querystring: rejectionsQuery, response: { 200: { type: 'array', items: specimenResponse } } } },
    async (req) => {
      need(req, 'lis.read');
      return wardRejections(ctx, callerContext(req), requestedLab(req), queryOf(req, rejectionsQuery));
    },
  );

  post<{ members: string[] }>('/specimens/pools', 'createPool', '混检：把最多 10 个单人标本合为一管（新条码），记录每管对应的人员', 'lis.specimen.collect', poolSchema, poolResponse, async (req, body, institution) => createPool(ctx, callerContext(req), institution, body.members), 201);

  app.get<Params>(
    '/specimens/pools/:barcode',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'getPool', summary: '混检管及其人员', description: ERRORS, params: barcodeParam, response: { 200: poolResponse } } },
    async (req) => {
      need(req, 'lis.read');
      return getPool(ctx, callerContext(req), requestedLab(req), barcodeOf(req));
    },
  );

  post<{ note?: string }>('/specimens/pools/:barcode/positive', 'markPoolPositive', '混检阳性：标记阳性，为每人生成召回复检任务并列出人员及联系方式', 'lis.result.enter', positiveSchema, poolResponse, async (req, body, institution) =>
    markPoolPositive(ctx, callerContext(req), institution, barcodeOf(req), body.note),
  );
}
