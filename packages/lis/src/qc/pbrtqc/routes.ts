import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { describePbrtqcSettings } from '@medunion/labcore';
import type { PbrtqcSettingsBody, PbrtqcSimulationRequest, PbrtqcStream } from '../../contracts/qc.ts';
import { auditRead } from '../audit.ts';
import { catalogueOf, requireTest, testName } from '../catalogue.ts';
import { iso, num, numOrNull } from '../db.ts';
import { instrumentNames, requireInstrument } from '../instruments.ts';
import { code, documented, idParams, institutionParam, QC_TAGS, READ_QC, text } from '../routes/common.ts';
import { clearAlarm, listAlarms } from './alarms.ts';
import { listSettings, setPbrtqcSettings } from './settings.ts';
import { patientHistory, simulate } from './simulate.ts';
import { labInstitution, need } from '../../http/caller.ts';
import { addDays, chinaDate, chinaDayStart, periodOf } from '../../http/period.ts';
import { bodyOf, queryOf, type Schema } from '../../http/schema.ts';

const bounds = (description: string): Schema => ({ type: 'object', required: ['low', 'high'], additionalProperties: false, description, properties: { low: { type: 'number' }, high: { type: 'number' } } });
const settingsSchema: Schema = {
  type: 'object',
  required: ['statistic', 'target', 'limits'],
  additionalProperties: false,
  properties: {
    statistic: { type: 'string', enum: ['moving-average', 'moving-median', 'ewma'], description: '移动均值 / 移动中位数 / EWMA' },
    blockSize: { type: 'integer', minimum: 1, maximum: 10000, description: '块大小 N（移动均值、中位数）' },
    lambda: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'EWMA 权重 λ' },
    target: { type: 'number', description: '目标值（患者结果流的中心）' },
    truncation: {
      type: 'object',
      required: ['low', 'high'],
      additionalProperties: false,
      description: '截断限：范围外的结果不计入（exclude）或按边界计入（winsorize）',
      properties: { low: { type: 'number' }, high: { type: 'number' }, mode: { type: 'string', enum: ['exclude', 'winsorize'] } },
    },
    limits: bounds('控制限'),
  },
};
const putSchema: Schema = {
  type: 'object',
  required: ['testCode', 'instrumentId', 'settings'],
  additionalProperties: false,
  properties: { testCode: code('检验项目代码'), instrumentId: code('仪器（Device id）'), enabled: { type: 'boolean', description: 'false = 停用' }, settings: settingsSchema },
  examples: [{ testCode: 'NA', instrumentId: '…', settings: { statistic: 'moving-average', blockSize: 20, target: 140, truncation: { low: 125, high: 155 }, limits: { low: 138.6, high: 141.4 } } }],
};
const clearSchema: Schema = { type: 'object', required: ['note'], additionalProperties: false, properties: { note: text(1000, '处理说明，如：已做室内质控，在控') }, examples: [{ note: '复查两个水平质控在控，重新定标' }] };
const numbers = (max: number, item: Schema): Schema => ({ type: 'array', minItems: 1, maxItems: max, items: item });
const simulateSchema: Schema = {
  type: 'object',
  required: ['testCode', 'instrumentId'],
  additionalProperties: false,
  properties: {
    testCode: code('检验项目代码'),
    instrumentId: code('仪器（Device id）'),
    from: { type: 'string', format: 'date', description: '历史数据起始日期（默认 90 天前）' },
    to: { type: 'string', format: 'date', description: '截止日期（含；默认今天）' },
    biasesPercent: numbers(8, { type: 'number', minimum: -90, maximum: 500 }),
    statistics: numbers(3, { type: 'string', enum: ['moving-average', 'moving-median', 'ewma'] }),
    blockSizes: numbers(8, { type: 'integer', minimum: 2, maximum: 500 }),
    lambdas: numbers(8, { type: 'number', exclusiveMinimum: 0, maximum: 1 }),
    truncate: { type: 'boolean', description: '同时试用 1%–99% 百分位截断（默认 true）' },
    falseAlarmRate: { type: 'number', exclusiveMinimum: 0, maximum: 0.1, description: '目标假报警率（默认 0.001）' },
    trialsPerBias: { type: 'integer', minimum: 5, maximum: 500, description: '每个偏倚的模拟次数（默认 50）' },
    seed: { type: 'integer', minimum: 0, maximum: 2147483647 },
  },
  examples: [{ testCode: 'NA', instrumentId: '…', biasesPercent: [-3, -2, 2, 3], blockSizes: [10, 20, 50] }],
};

type StatusQuery = { institution?: string; testCode?: string; instrumentId?: string; points?: number };

/** PBRTQC per test × instrument: status with the series, settings, alarm clearing and the bias-detection simulation. */
export function pbrtqcRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(
    '/qc/pbrtqc',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'pbrtqcStatus',
        summary: 'PBRTQC（患者数据实时质控）：各项目 × 仪器的设置、最近的统计量序列、报警',
        querystring: { type: 'object', properties: { institution: institutionParam, testCode: { type: 'string', maxLength: 64 }, instrumentId: { type: 'string', maxLength: 64 }, points: { type: 'integer', minimum: 0, maximum: 5000, default: 200 } } },
      },
    },
    async (req) => {
      const q = queryOf<StatusQuery>(req);
      const institution = labInstitution(need(req, ...READ_QC), q.institution);
      const settings = await listSettings(ctx.db, institution, q);
      const catalogue = await catalogueOf(ctx, institution);
      const names = await instrumentNames(ctx, institution, settings.map((s) => s.instrument_id));
      const since = chinaDayStart(addDays(chinaDate(), -30));
      const streams: PbrtqcStream[] = [];
      for (const s of settings) {
        const { rows: points } = await ctx.db.query<{ at: Date | string; value: number; included: boolean; statistic: number | null; alarm: 'high' | 'low' | null }>(
          `select at, value, included, statistic, alarm from (select id, at, value, included, statistic, alarm from lis_pbrtqc_point
             where institution = $1 and test_code = $2 and instrument_id = $3 order by id desc limit $4) x order by id`,
          [institution, s.test_code, s.instrument_id, q.points ?? 200],
        );
        const alarms = await listAlarms(ctx.db, institution, { testCode: s.test_code, instrumentId: s.instrument_id, since });
        streams.push({
          testCode: s.test_code,
          testName: testName(catalogue, s.test_code),
          instrumentId: s.instrument_id,
          instrumentName: names.get(s.instrument_id) ?? s.instrument_id,
          enabled: s.enabled,
          settings: s.settings as PbrtqcSettingsBody,
          label: describePbrtqcSettings(s.settings),
          updatedAt: iso(s.updated_at),
          updatedBy: s.updated_by,
          points: points.map((p) => ({ at: iso(p.at), value: num(p.value), included: p.included, statistic: numOrNull(p.statistic), alarm: p.alarm })),
          openAlarm: alarms.find((a) => !a.clearedAt) ?? null,
          alarms,
        });
      }
      return { streams };
    },
  );

  app.put(
    '/qc/pbrtqc/settings',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'setPbrtqcSettings',
        summary: '设置项目 × 仪器的 PBRTQC（统计量、N 或 λ、目标值、截断限、控制限；enabled=false 停用）；设置后统计重新开始',
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(putSchema),
      },
    },
    async (req) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<{ testCode: string; instrumentId: string; enabled?: boolean; settings: PbrtqcSettingsBody }>(req, putSchema);
      const institution = labInstitution(p, (req.query as { institution?: string }).institution);
      await setPbrtqcSettings(ctx, p, institution, body, req.ip);
      return { settings: await listSettings(ctx.db, institution, body) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/qc/pbrtqc/alarms/:id/clear',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'clearPbrtqcAlarm',
        summary: '解除 PBRTQC 报警（须填写处理说明；该项目 × 仪器的统计重新开始）',
        params: idParams,
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(clearSchema),
      },
    },
    async (req) => {
      const p = need(req, 'lis.qc.enter');
      const { note } = bodyOf<{ note: string }>(req, clearSchema);
      return clearAlarm(ctx, p, labInstitution(p, (req.query as { institution?: string }).institution), req.params.id, note, req.ip);
    },
  );

  app.post(
    '/qc/pbrtqc/simulate',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'simulatePbrtqc',
        summary: 'AI-PBRTQC：用历史患者结果做偏倚检出模拟，比较 MA/EWMA 等设置（ANPed、假报警率）并推荐',
        description: '候选设置 = 统计量 × N 或 λ × 截断（无 / 1%–99% 百分位），控制限按目标假报警率由历史数据推得；在相同的随机位置注入各偏倚，统计报警前受影响的患者结果数。同一 seed 结果相同。',
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(simulateSchema),
      },
    },
    async (req) => {
      const p = need(req, ...READ_QC);
      const body = bodyOf<PbrtqcSimulationRequest>(req, simulateSchema);
      const institution = labInstitution(p, (req.query as { institution?: string }).institution);
      await requireTest(ctx, institution, body.testCode, 'testCode');
      await requireInstrument(ctx, institution, body.instrumentId, 'instrumentId');
      const period = periodOf(body, { defaultDays: 90, maxDays: 400 });
      const history = await patientHistory(ctx.db, institution, body.testCode, body.instrumentId, period);
      const result = simulate(history, period, body);
      await auditRead(ctx, p, 'search', `pbrtqc simulation ${body.testCode} @ ${body.instrumentId} ${period.from}..${period.to}: ${history.length} results, ${result.report.ranked.length} candidates`, req.ip);
      return result;
    },
  );
}
