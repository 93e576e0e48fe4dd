import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import { summariesOf } from '../../reports/summary.ts';
import { acknowledgeCriticalValue } from '../critical/acknowledge.ts';
import { listCriticalValues } from '../critical/list.ts';
import { rulesOf } from '../definitions.ts';
import { resultHistory } from '../history.ts';
import { patientResults, patientTrend } from '../publication.ts';
import { recordResults } from '../record.ts';
import { specimenByBarcode, specimenView } from '../specimen-view.ts';
import { resultRow } from '../view.ts';
import {
  acknowledgeBody,
  barcodeParam,
  criticalQuery,
  criticalValueResponse,
  enterResultsBody,
  enterResultsResponse,
  historyResponse,
  idParam,
  patientQuery,
  patientResultsResponse,
  specimenResultsResponse,
  trendQuery,
  trendResponse,
} from './schemas.ts';
import { labCaller } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';
import { bodyOf, queryOf } from '../../http/schema.ts';

const TAGS = ['lis-results'];
const ERRORS = '400/422 字段错误（OperationOutcome.issue.expression 指明字段）；403 无权限；404 不存在；409 报告已审核（锁定）或标本已拒收';

/** Results (结果录入、危急值、修改痕迹、患者结果与趋势) under /api/lis/results. */
export function resultsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Params: { barcode: string } }>(
    '/results/specimens/:barcode',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'getSpecimenResults', summary: '标本结果：按报告顺序的结果（标志、参考范围、Delta、自动审核原因）、未出结果项目（漏项）与报告', description: ERRORS, params: barcodeParam, response: { 200: specimenResultsResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      return specimenView(ctx, caller, await specimenByBarcode(ctx, caller, req.params.barcode));
    },
  );

  app.post<{ Params: { barcode: string } }>(
    '/results/specimens/:barcode',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'enterResults',
        summary: '手工录入或修改结果（审核前）：自动计算项目、判断高低与危急值、Delta 检查，结果齐全时自动审核',
        description: `${ERRORS}。需要 lis.result.enter；已审核报告的项目须先取消审核（409）`,
        params: barcodeParam,
        body: enterResultsBody,
        response: { 200: enterResultsResponse },
      },
    },
    async (req) => {
      const caller = labCaller(req, 'lis.result.enter');
      const body = bodyOf<{ results: { testCode: string; value: string; unit?: string }[] }>(req, enterResultsBody);
      const work = await specimenByBarcode(ctx, caller, req.params.barcode);
      const written = await recordResults(ctx, caller.request, { institution: caller.institution, specimenId: work.specimen.id, source: 'manual', results: body.results });
      const { tests } = await loadCatalogue(ctx, caller.institution);
      const view = await specimenView(ctx, caller, work);
      return { observations: written.observations.map((o) => resultRow(o, caller.institution, tests)), reports: written.report ? await summariesOf(ctx.db, caller.institution, [written.report]) : view.reports };
    },
  );

  app.get<{ Params: { code: string } }>(
    '/results/tests/:code/common-results',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listCommonResults', summary: '常见结果（录入时的下拉选项）', params: { type: 'object', properties: { code: { type: 'string', maxLength: 32 } } }, response: { 200: { type: 'object', properties: { testCode: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } } } } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const test = (await loadCatalogue(ctx, caller.institution)).tests.get(req.params.code);
      if (!test) throw fieldError(404, 'code', `检验项目 ${req.params.code} 不存在`, `Test ${req.params.code} does not exist`, 'not-found');
      return { testCode: test.code, values: rulesOf(test).commonResults };
    },
  );

  app.get<{ Params: { observationId: string } }>(
    '/results/:observationId/history',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'resultHistory', summary: '结果修改痕迹：每个版本的值、标志、状态、时间与操作者（最新在前）', params: idParam('observationId', 'Observation id'), response: { 200: historyResponse } } },
    async (req) => resultHistory(ctx, labCaller(req, 'lis.read'), req.params.observationId),
  );

  app.get(
    '/results/critical-values',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'listCriticalValues', summary: '危急值列表（缺省为未确认，最新在前）', querystring: criticalQuery, response: { 200: { type: 'array', items: criticalValueResponse } } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const q = queryOf<{ status?: 'open' | 'acknowledged' | 'all'; patient?: string; count?: string }>(req, criticalQuery);
      return listCriticalValues(ctx, caller.request, caller.institution, { status: q.status ?? 'open', ...(q.patient ? { patient: q.patient } : {}), count: Number(q.count ?? 100) });
    },
  );

  app.post<{ Params: { taskId: string } }>(
    '/results/critical-values/:taskId/acknowledge',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'acknowledgeCriticalValue', summary: '危急值确认：接收人记录复述与处理，任务关闭（重复确认 409）', params: idParam('taskId', 'Task id'), body: acknowledgeBody, response: { 200: criticalValueResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const body = req.body === undefined || req.body === null ? {} : bodyOf<{ note?: string }>(req, acknowledgeBody);
      return acknowledgeCriticalValue(ctx, caller, req.params.taskId, body.note);
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/results/patients/:patientId',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'patientReleasedResults', summary: '患者已发布的检验报告与结果（电子病历/医生站调阅），附各项目趋势', params: idParam('patientId', 'Patient id'), querystring: patientQuery, response: { 200: patientResultsResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const q = queryOf<{ from?: string; to?: string; count?: string }>(req, patientQuery);
      return patientResults(ctx, caller, req.params.patientId, { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}), count: Number(q.count ?? 100) });
    },
  );

  app.get<{ Params: { patientId: string } }>(
    '/results/patients/:patientId/trend',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'patientResultTrend', summary: '检验结果走趋图数据：患者各项目已发布结果按时间排列（含参考范围）', params: idParam('patientId', 'Patient id'), querystring: trendQuery, response: { 200: trendResponse } } },
    async (req) => {
      const caller = labCaller(req, 'lis.read');
      const q = queryOf<{ tests?: string; from?: string; to?: string }>(req, trendQuery);
      const tests = q.tests?.split(',').map((t) => t.trim()).filter(Boolean);
      return patientTrend(ctx, caller, req.params.patientId, { ...(tests?.length ? { tests } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
    },
  );
}
