import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, hasPermission, type ModuleContext } from '@medunion/kernel';
import { bodyOf, fieldError, type Schema } from '../routes/check-body.ts';
import { actorOf, needPlatformAdmin, principalOf } from '../routes/guard.ts';
import { periodOf, scopeOf, chinaToday, type Period } from './period.ts';
import { listPrices, MAX_PRICE, savePrices, type PriceInput } from './prices.ts';
import { breakdown, DIMENSIONS, qcOverview, summary, trend, type Dimension } from './queries.ts';
import { attachmentName, breakdownWorkbook, DIMENSION_NAMES, XLSX_TYPE } from './xlsx.ts';

const TAGS = ['recognition-stats'];
const yearParam = { type: 'object', properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } } as const;
const periodProps = {
  month: { type: 'string', maxLength: 7, description: '统计月份 YYYY-MM（默认本月；与 from/to 二选一）' },
  from: { type: 'string', maxLength: 10, description: '起始日期 YYYY-MM-DD（含，北京时间）' },
  to: { type: 'string', maxLength: 10, description: '截止日期 YYYY-MM-DD（含；默认今天）' },
  institution: { type: 'string', maxLength: 64, description: '机构（Organization id）；区域管理员可选任一机构或不填（全区域），机构用户只能是本机构' },
} as const;
const DEFINITIONS =
  '互认/不互认 = 统计期内记录的 recognize/refuse 互认记录（已撤销的不互认不计）；互认机构 = 作出决定的医生所在机构，出具机构 = 上传结果的机构；' +
  '节约费用 = 互认项目价格之和（年度价格，未设置则用默认价格）；上传量按报告时间；展示量 = 统计期内首次展示给医生的报告 × 医生。权限 recognition.stats。';
const MAX_ROWS = 5000;

const pricesBody: Schema = {
  type: 'object',
  required: ['prices'],
  properties: {
    prices: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['code'],
        properties: { code: { type: 'string', maxLength: 40, description: '区域互认项目目录代码' }, price: { type: 'number', description: `单价（元，0 – ${MAX_PRICE}，最多两位小数）；null = 恢复默认价格` } },
      },
    },
  },
  examples: [{ prices: [{ code: 'CBC', price: 22 }, { code: 'CT-CHEST', price: 180.5 }, { code: 'UA', price: null }] }],
};

// The documented body: `price` may be null, said so explicitly — a plain `number` would let Fastify coerce null to 0.
const pricesDoc = {
  ...pricesBody,
  properties: { prices: { ...pricesBody.properties!.prices, items: { ...pricesBody.properties!.prices.items!, properties: { ...pricesBody.properties!.prices.items!.properties, price: { ...pricesBody.properties!.prices.items!.properties!.price, type: ['number', 'null'] } } } } },
};

const exportBody: Schema = {
  type: 'object',
  required: ['by'],
  properties: {
    by: { type: 'string', enum: DIMENSIONS, description: '分组维度' },
    ...(periodProps as unknown as Record<string, Schema>),
  },
  examples: [{ by: 'institution', month: '2026-03' }],
};

type PeriodQuery = { month?: string; from?: string; to?: string; institution?: string };

/** A query-string problem Fastify found, as a 400 naming the parameter. */
function queryOf<T>(req: FastifyRequest): T {
  const err = req.validationError as (Error & { validation?: { instancePath?: string; params?: { missingProperty?: string } }[] }) | undefined;
  if (err) {
    const v = err.validation?.[0];
    const field = v?.params?.missingProperty ?? v?.instancePath?.replace(/^\//, '') ?? 'query';
    throw fieldError(400, field || 'query', `参数 ${field} 不正确：${err.message}`, `Invalid parameter ${field}: ${err.message}`);
  }
  return req.query as T;
}

/**
 * Recognition statistics (seed 001 §1.9.3.4) and the price list behind "money saved". Reading statistics needs
 * `recognition.stats` (an institution's users see their own institution only); prices are set with
 * `recognition.admin`. Reads are audited as searches, Excel downloads as exports.
 */
export function statsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const audit = (req: FastifyRequest, action: 'search' | 'export' | 'update', detail: string) =>
    ctx.audit.record({ action, principal: principalOf(req), resourceType: 'Basic', detail: `recognition ${detail}`.slice(0, 500), sourceIp: req.ip });
  const scoped = (req: FastifyRequest, q: PeriodQuery): { period: Period; institution: string | undefined } => {
    const institution = scopeOf(principalOf(req), q.institution);
    return { period: periodOf(q), institution };
  };
  const label = (p: Period, institution?: string) => `${institution ?? 'region'} ${p.from}..${p.to}`;

  app.get<{ Params: { year: number } }>(
    '/admin/years/:year/prices',
    { schema: { tags: ['recognition-admin'], operationId: 'listRecognitionPrices', summary: '年度互认项目价格（元；未设置的为默认参考价）', params: yearParam } },
    async (req) => {
      const p = principalOf(req);
      if (!hasPermission(p, 'recognition.admin') && !hasPermission(p, 'recognition.stats')) throw forbidden('Permission recognition.admin or recognition.stats is required');
      return { prices: await listPrices(ctx.db, req.params.year) };
    },
  );

  app.put<{ Params: { year: number }; Body: { prices: PriceInput[] } }>(
    '/admin/years/:year/prices',
    { attachValidation: true, schema: { tags: ['recognition-admin'], operationId: 'saveRecognitionPrices', summary: '设置年度互认项目价格（全部成功或全部不写；price=null 恢复默认）', params: yearParam, body: pricesDoc } },
    async (req) => {
      const p = needPlatformAdmin(req);
      const body = bodyOf<{ prices: PriceInput[] }>(req, pricesBody);
      const prices = await savePrices(ctx.db, req.params.year, body.prices.map((e) => ({ code: e.code, price: e.price ?? null })), actorOf(p));
      await audit(req, 'update', `year ${req.params.year} prices saved: ${body.prices.map((e) => `${e.code}=${e.price ?? 'default'}`).join(',')}`);
      return { prices };
    },
  );

  app.get(
    '/stats/summary',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'recognitionSummary', summary: '互认统计汇总：上传量、展示量、互认与不互认次数、互认率、节约费用', description: DEFINITIONS, querystring: { type: 'object', properties: periodProps } } },
    async (req) => {
      const { period, institution } = scoped(req, queryOf<PeriodQuery>(req));
      const result = await summary(ctx.db, period, institution);
      await audit(req, 'search', `stats summary ${label(period, institution)}`);
      return result;
    },
  );

  app.get(
    '/stats/breakdown',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'recognitionBreakdown',
        summary: '互认统计分组：按机构（互认方与出具方）、项目、科室、医生、不互认原因',
        description: DEFINITIONS,
        querystring: { type: 'object', required: ['by'], properties: { by: { type: 'string', enum: DIMENSIONS }, ...periodProps, limit: { type: 'integer', minimum: 1, maximum: MAX_ROWS, default: 100 } } },
      },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { by: Dimension; limit?: number }>(req);
      const { period, institution } = scoped(req, q);
      const rows = await breakdown(ctx.db, period, q.by, institution, q.limit ?? 100);
      await audit(req, 'search', `stats breakdown by ${q.by} ${label(period, institution)}: ${rows.length} rows`);
      return { by: q.by, from: period.from, to: period.to, ...(institution ? { institution } : {}), rows };
    },
  );

  app.get(
    '/stats/trend',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        // `recognitionTrend` is the doctor-side trend of one patient's item (GET /v1/trend); operationIds must be unique.
        operationId: 'recognitionMonthlyTrend',
        summary: '互认统计月度趋势（一年 12 个月）',
        description: DEFINITIONS,
        querystring: { type: 'object', properties: { year: { type: 'integer', minimum: 2000, maximum: 2100, description: '年度（默认今年）' }, institution: periodProps.institution } },
      },
    },
    async (req) => {
      const q = queryOf<{ year?: number; institution?: string }>(req);
      const institution = scopeOf(principalOf(req), q.institution);
      const year = q.year ?? Number(chinaToday().slice(0, 4));
      const months = await trend(ctx.db, year, institution);
      await audit(req, 'search', `stats trend ${year} ${institution ?? 'region'}`);
      return { year, ...(institution ? { institution } : {}), months };
    },
  );

  app.get(
    '/stats/qc',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'qcOverview', summary: 'PBRTQC 质控总览：统计期内监测项目数、结果数、新增报警，当前未解除报警（按机构、按项目）', querystring: { type: 'object', properties: periodProps } } },
    async (req) => {
      const { period, institution } = scoped(req, queryOf<PeriodQuery>(req));
      const result = await qcOverview(ctx.db, period, institution);
      await audit(req, 'search', `stats qc ${label(period, institution)}`);
      return result;
    },
  );

  app.post(
    '/stats/export',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'exportRecognitionBreakdown',
        summary: '导出互认统计分组为 Excel（按机构、项目、科室、医生或不互认原因）',
        description: `${DEFINITIONS} 导出记入审计（export）。`,
        body: exportBody,
        produces: [XLSX_TYPE],
      },
    },
    async (req, reply) => {
      const body = bodyOf<PeriodQuery & { by: Dimension }>(req, exportBody);
      const { period, institution } = scoped(req, body);
      const rows = await breakdown(ctx.db, period, body.by, institution, MAX_ROWS);
      const workbook = await breakdownWorkbook(body.by, period, institution ?? '全区域', rows);
      await audit(req, 'export', `stats breakdown by ${body.by} (${DIMENSION_NAMES[body.by]}) ${label(period, institution)}: ${rows.length} rows exported to Excel`);
      return reply.type(XLSX_TYPE).header('content-disposition', attachmentName(body.by, period)).header('cache-control', 'no-store').send(workbook);
    },
  );
}
