import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import type { QcCorrectiveActionInput, QcManualEntry, QcStatusReport, QcVerdict } from '../../contracts/qc.ts';
import { auditRead } from '../audit.ts';
import { listEvents, recordCorrectiveAction } from '../events.ts';
import { requireInstrument } from '../instruments.ts';
import { listResults } from '../ledger.ts';
import { levelById, levelBySample, recordQc } from '../record.ts';
import { qcStatusAt } from '../status.ts';
import { code, documented, idParams, institutionParam, QC_TAGS, READ_QC, text } from './common.ts';
import { callerContext, labInstitution, need } from '../../http/caller.ts';
import { fieldError } from '../../http/errors.ts';
import { periodOf } from '../../http/period.ts';
import { bodyOf, queryOf, type Schema } from '../../http/schema.ts';

const entrySchema: Schema = {
  type: 'object',
  required: ['instrumentId', 'testCode', 'value', 'measuredAt'],
  additionalProperties: false,
  properties: {
    instrumentId: code('仪器（Device id）'),
    testCode: code('检验项目代码'),
    levelId: code('质控水平 id（或 sampleId）'),
    sampleId: code('仪器上的质控样本号（或 levelId）'),
    value: { type: 'number', description: '测定值' },
    measuredAt: { type: 'string', format: 'date-time', description: '测定时间' },
    runId: code('并入此批（默认按时间窗自动归批）'),
  },
  examples: [{ instrumentId: '…', testCode: 'GLU', levelId: '…', value: 5.62, measuredAt: '2026-12-07T08:05:00+08:00' }],
};

const CAUSES = ['reagent', 'calibration', 'control-material', 'instrument', 'operator', 'environment', 'random', 'other'];
const actionSchema: Schema = {
  type: 'object',
  required: ['causeCategory', 'cause', 'action'],
  additionalProperties: false,
  properties: {
    causeCategory: { type: 'string', enum: CAUSES, description: '原因类别：试剂、校准、质控品、仪器、操作、环境、随机误差、其他' },
    cause: text(1000, '失控原因分析'),
    action: text(2000, '纠正措施'),
    rerunRunId: code('复测的质控批 id'),
    close: { type: 'boolean', description: '以此措施关闭失控事件' },
    performedAt: { type: 'string', format: 'date-time', description: '处理时间（默认现在）' },
  },
  examples: [{ causeCategory: 'calibration', cause: '试剂更换后未重新定标，均值整体偏高', action: '重新定标后复测两个水平质控，均在控', rerunRunId: '…', close: true }],
};

type ResultsQuery = { institution?: string; testCode?: string; instrumentId?: string; levelId?: string; from?: string; to?: string; status?: QcVerdict; limit?: number };
type EventsQuery = { institution?: string; testCode?: string; instrumentId?: string; status?: 'open' | 'closed' | 'all'; from?: string; to?: string };

/** QC results (manual entry, listing), QC status, out-of-control events and corrective actions. */
export function qcResultRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.post<{ Querystring: { institution?: string } }>(
    '/qc/results',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'recordQcResultManual',
        summary: '手工录入质控结果（Westgard 多规则判断整批，失控时开启失控事件）',
        description: '返回结果、所在批的判断（批内各水平共享）和失控事件。相同水平相同时间的结果只记一次（duplicate=true）。须 lis.qc.enter。',
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(entrySchema),
      },
    },
    async (req, reply) => {
      const p = need(req, 'lis.qc.enter');
      const body = bodyOf<QcManualEntry & { runId?: string }>(req, entrySchema);
      const institution = labInstitution(p, req.query.institution);
      if (!body.levelId === !body.sampleId) throw fieldError(400, 'levelId', 'levelId 与 sampleId 须给出且只给出一个', 'Give exactly one of levelId and sampleId', 'required');
      await requireInstrument(ctx, institution, body.instrumentId, 'instrumentId');
      const level = body.levelId ? await levelById(ctx.db, institution, body.levelId) : await levelBySample(ctx.db, institution, body.instrumentId, body.sampleId!);
      if (!level) throw fieldError(422, body.levelId ? 'levelId' : 'sampleId', '不是本实验室配置的质控水平', 'Not a control level configured in the laboratory', 'not-found');
      const outcome = await recordQc(ctx, callerContext(req), {
        institution,
        instrumentId: body.instrumentId,
        testCode: body.testCode,
        value: body.value,
        at: body.measuredAt,
        source: 'manual',
        level,
        ...(body.sampleId ? { sampleId: body.sampleId } : {}),
        ...(body.runId ? { runId: body.runId } : {}),
        sourceIp: req.ip,
      });
      return reply.status(outcome.duplicate ? 200 : 201).send(outcome);
    },
  );

  app.get(
    '/qc/results',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'listQcResults',
        summary: '质控结果（按时间先后，含判断、违反的规则和原因）',
        querystring: {
          type: 'object',
          properties: {
            institution: institutionParam,
            testCode: { type: 'string', maxLength: 64 },
            instrumentId: { type: 'string', maxLength: 64 },
            levelId: { type: 'string', maxLength: 64 },
            from: { type: 'string', maxLength: 10, description: '起始日期（默认 30 天前）' },
            to: { type: 'string', maxLength: 10, description: '截止日期（含；默认今天）' },
            status: { type: 'string', enum: ['accept', 'warning', 'reject'], description: '批的判断' },
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
          },
        },
      },
    },
    async (req) => {
      const q = queryOf<ResultsQuery>(req);
      const p = need(req, ...READ_QC);
      const institution = labInstitution(p, q.institution);
      const period = periodOf(q, { defaultDays: 30, maxDays: 400 });
      const results = await listResults(ctx.db, institution, { testCode: q.testCode, instrumentId: q.instrumentId, levelId: q.levelId, status: q.status, start: period.start, end: period.end, limit: q.limit ?? 1000 });
      await auditRead(ctx, p, 'search', `qc results ${institution} ${q.testCode ?? '*'} @ ${q.instrumentId ?? '*'} ${period.from}..${period.to}: ${results.length}`, req.ip);
      return { from: period.from, to: period.to, results };
    },
  );

  app.get(
    '/qc/status',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'getQcStatus',
        summary: '项目 × 仪器的质控状态（在控、警告、失控、未知），与自动审核所用相同',
        querystring: { type: 'object', properties: { institution: institutionParam, testCode: { type: 'string', maxLength: 64 }, instrumentId: { type: 'string', maxLength: 64 }, at: { type: 'string', format: 'date-time' } } },
      },
    },
    async (req) => {
      const q = queryOf<{ institution?: string; testCode?: string; instrumentId?: string; at?: string }>(req);
      const institution = labInstitution(need(req, ...READ_QC, 'lis.read'), q.institution);
      const at = q.at ? new Date(q.at).toISOString() : new Date().toISOString();
      const { rows } = await ctx.db.query<{ test_code: string; instrument_id: string }>(
        `select distinct test_code, instrument_id from (
           select test_code, instrument_id from lis_qc_target where institution = $1 and valid_to is null
           union select test_code, instrument_id from lis_pbrtqc_setting where institution = $1) s
         where ($2::text is null or test_code = $2) and ($3::text is null or instrument_id = $3) order by test_code, instrument_id`,
        [institution, q.testCode ?? null, q.instrumentId ?? null],
      );
      const statuses: QcStatusReport[] = [];
      for (const r of rows) statuses.push({ testCode: r.test_code, instrumentId: r.instrument_id, at, ...(await qcStatusAt(ctx, institution, r.instrument_id, r.test_code, at)) });
      return { at, statuses };
    },
  );

  app.get(
    '/qc/events',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'openQcEvents',
        summary: '失控事件及其纠正措施（默认未关闭的；status=all 为全部）',
        querystring: {
          type: 'object',
          properties: {
            institution: institutionParam,
            testCode: { type: 'string', maxLength: 64 },
            instrumentId: { type: 'string', maxLength: 64 },
            status: { type: 'string', enum: ['open', 'closed', 'all'], default: 'open' },
            from: { type: 'string', maxLength: 10 },
            to: { type: 'string', maxLength: 10 },
          },
        },
      },
    },
    async (req) => {
      const q = queryOf<EventsQuery>(req);
      const institution = labInstitution(need(req, ...READ_QC), q.institution);
      const period = q.from || q.to ? periodOf(q, { maxDays: 3 * 366 }) : undefined;
      const status = q.status === 'all' ? undefined : (q.status ?? 'open');
      return { events: await listEvents(ctx.db, institution, { testCode: q.testCode, instrumentId: q.instrumentId, status, ...(period ? { start: period.start, end: period.end } : {}) }) };
    },
  );

  app.post<{ Params: { id: string }; Querystring: { institution?: string } }>(
    '/qc/events/:id/actions',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'recordCorrectiveAction',
        summary: '记录失控的纠正措施（原因、措施、复测批；close=true 关闭事件）',
        description: '关闭后，待其后出现在控的质控批，项目方回到在控状态。须 lis.qc.enter。',
        params: idParams,
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(actionSchema),
      },
    },
    async (req, reply) => {
      const p = need(req, 'lis.qc.enter');
      const body = bodyOf<QcCorrectiveActionInput>(req, actionSchema);
      return reply.status(201).send(await recordCorrectiveAction(ctx, p, labInstitution(p, req.query.institution), req.params.id, body, req.ip));
    },
  );
}
