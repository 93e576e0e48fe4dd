import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext, Principal } from '@medunion/kernel';
import { auditRead } from '../qc/audit.ts';
import { requireTest } from '../qc/catalogue.ts';
import { institutionName } from '../qc/organization.ts';
import { documented } from '../qc/routes/common.ts';
import { sectionNames } from './sections.ts';
import { tatByGroup, TAT_GROUPS, type TatGroup } from '../tat/statistics.ts';
import { abnormalSheet, incomeSheet, REPORT_NAMES, resultsSheet, tatSheet, testSheets, volumeSheet, workloadSheet, type ReportKind } from './export.ts';
import { abnormalRates } from './rates.ts';
import { searchResults, type ResultQuery } from './search.ts';
import { testStatistics } from './test-statistics.ts';
import { income, orderVolume, VOLUME_DIMENSIONS, type VolumeDimension } from './volume.ts';
import { workload, WORKLOAD_DIMENSIONS, type WorkloadDimension } from './workload.ts';
import { callerContext, labInstitution, need } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';
import { type Period, periodOf, statsPeriod } from '../http/period.ts';
import { bodyOf, queryOf, type Schema } from '../http/schema.ts';
import { type SheetSpec, streamWorkbook } from '../http/xlsx.ts';

const TAGS = ['lis-stats'];
const periodProps = {
  institution: { type: 'string', maxLength: 64, description: '机构（Organization id）；机构用户默认本机构，区域用户必填' },
  month: { type: 'string', maxLength: 7, description: '月份 YYYY-MM（默认本月；与 from/to 二选一）' },
  from: { type: 'string', maxLength: 10, description: '起始日期 YYYY-MM-DD（含，北京时间）' },
  to: { type: 'string', maxLength: 10, description: '截止日期（含；默认今天）' },
} as const;
const DEFINITIONS =
  '结果按出结果时间（Observation.issued）计入，申请按开单时间；作废的结果与撤销的申请不计。工作量只计测定项目（不含计算项目）。金额按项目目录中组合的价格。统计来自 LIS 资源的统计投影（提交后即时更新）。';

type PeriodQuery = { institution?: string; month?: string; from?: string; to?: string };

const resultQueryProps = {
  name: { type: 'string', maxLength: 40, description: '姓名（含此字即可）' },
  inpatientNo: { type: 'string', maxLength: 64, description: '住院号 / 病历号（患者标识）' },
  instrumentId: { type: 'string', maxLength: 64, description: '仪器（Device id）' },
  barcode: { type: 'string', maxLength: 64, description: '条码号' },
  doctor: { type: 'string', maxLength: 128, description: '开单医生（Practitioner id）' },
  testCode: { type: 'string', maxLength: 64, description: '检验项目代码' },
} as const;

const exportSchema: Schema = {
  type: 'object',
  required: ['report'],
  additionalProperties: false,
  properties: {
    report: { type: 'string', enum: Object.keys(REPORT_NAMES), description: 'workload 工作量 | abnormal 异常与阳性率 | volume 开单与送检量 | income 收入 | test 项目结果统计 | results 结果查询 | tat TAT 统计' },
    by: { type: 'string', maxLength: 20, description: 'workload: day|section|instrument|panel；volume/income: department|doctor|panel|section；tat: panel|department|section' },
    ...(periodProps as unknown as Record<string, Schema>),
    ...(resultQueryProps as unknown as Record<string, Schema>),
  },
  examples: [{ report: 'workload', by: 'section', month: '2026-11' }],
};

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, field = 'by'): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw fieldError(400, field, `${field} 取值应为 ${allowed.join('、')}`, `${field} must be one of ${allowed.join(', ')}`, 'code-invalid');
  return value as T;
}

/** Laboratory statistics (seed 001 §1.4.1.3, §1.4.1.6), each also exportable to Excel. Permission `lis.stats`. */
export function statsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const scoped = (req: FastifyRequest, q: PeriodQuery): { p: Principal; institution: string; period: Period } => {
    const p = need(req, 'lis.stats');
    return { p, institution: labInstitution(p, q.institution), period: statsPeriod(q) };
  };
  const audit = (req: FastifyRequest, p: Principal, what: string, institution: string, period: Period) => auditRead(ctx, p, 'search', `stats ${what} ${institution} ${period.from}..${period.to}`, req.ip);

  app.get(
    '/stats/workload',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'labWorkload', summary: '工作量：标本数与项目数，按日、专业组、仪器或组合', description: DEFINITIONS, querystring: { type: 'object', properties: { by: { type: 'string', enum: WORKLOAD_DIMENSIONS, default: 'day' }, ...periodProps } } },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { by?: WorkloadDimension }>(req);
      const { p, institution, period } = scoped(req, q);
      const result = await workload(ctx, institution, period, q.by ?? 'day');
      await audit(req, p, `workload by ${q.by ?? 'day'}`, institution, period);
      return result;
    },
  );

  app.get(
    '/stats/abnormal',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'abnormalRates', summary: '各项目异常率、阳性率（偏高、偏低、危急值、定性阳性）', description: DEFINITIONS, querystring: { type: 'object', properties: { instrumentId: { type: 'string', maxLength: 64 }, ...periodProps } } },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { instrumentId?: string }>(req);
      const { p, institution, period } = scoped(req, q);
      const rows = await abnormalRates(ctx, institution, period, q);
      await audit(req, p, 'abnormal rates', institution, period);
      return { from: period.from, to: period.to, rows };
    },
  );

  app.get(
    '/stats/volume',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'testVolume', summary: '开单与送检量：按科室、医生、组合或专业组的申请数、标本数、项目数、金额', description: DEFINITIONS, querystring: { type: 'object', properties: { by: { type: 'string', enum: VOLUME_DIMENSIONS, default: 'department' }, ...periodProps } } },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { by?: VolumeDimension }>(req);
      const { p, institution, period } = scoped(req, q);
      const rows = await orderVolume(ctx, institution, period, q.by ?? 'department');
      await audit(req, p, `volume by ${q.by ?? 'department'}`, institution, period);
      return { by: q.by ?? 'department', from: period.from, to: period.to, rows };
    },
  );

  app.get(
    '/stats/income',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'labIncome', summary: '检验收入：按组合、科室或专业组的总金额、已检金额、未检金额', description: DEFINITIONS, querystring: { type: 'object', properties: { by: { type: 'string', enum: VOLUME_DIMENSIONS, default: 'panel' }, ...periodProps } } },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { by?: VolumeDimension }>(req);
      const { p, institution, period } = scoped(req, q);
      const rows = await income(ctx, institution, period, q.by ?? 'panel');
      await audit(req, p, `income by ${q.by ?? 'panel'}`, institution, period);
      const total = rows.reduce((t, r) => ({ orders: t.orders + r.orders, amount: t.amount + r.amount, amountTested: t.amountTested + r.amountTested }), { orders: 0, amount: 0, amountTested: 0 });
      return { by: q.by ?? 'panel', from: period.from, to: period.to, rows, total: { ...total, amount: Math.round(total.amount * 100) / 100, amountTested: Math.round(total.amountTested * 100) / 100, amountUntested: Math.round((total.amount - total.amountTested) * 100) / 100 } };
    },
  );

  app.get<{ Params: { testCode: string } }>(
    '/stats/tests/:testCode',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'testStatistics',
        summary: '一段时期内某项目结果的均值、SD、CV、最小/最大值、中位数、P5/P95，含分布直方图与每日趋势',
        params: { type: 'object', properties: { testCode: { type: 'string', maxLength: 64 } } },
        querystring: { type: 'object', properties: { instrumentId: { type: 'string', maxLength: 64 }, bins: { type: 'integer', minimum: 2, maximum: 100, default: 20 }, ...periodProps } },
      },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { instrumentId?: string; bins?: number }>(req);
      const { p, institution, period } = scoped(req, q);
      const test = await requireTest(ctx, institution, req.params.testCode, 'testCode');
      const result = await testStatistics(ctx, institution, test, period, q);
      await audit(req, p, `test ${test.code}`, institution, period);
      return result;
    },
  );

  app.get(
    '/stats/results',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'searchLabResults',
        summary: '检验结果查询：按姓名（模糊）、住院号、仪器、条码号、开单医生、项目（期间为采集时间，默认近三天）',
        description: '以调用者身份检索（角色与访问策略决定可见的患者）。须 lis.stats 或 lis.read。',
        querystring: { type: 'object', properties: { ...resultQueryProps, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 }, ...periodProps } },
      },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & ResultQuery>(req);
      const p = need(req, 'lis.stats', 'lis.read');
      const institution = labInstitution(p, q.institution);
      const period = q.month || q.from || q.to ? periodOf(q, { maxDays: 366 }) : periodOf({}, { defaultDays: 3 });
      return { from: period.from, to: period.to, ...(await searchResults(ctx, callerContext(req), institution, period, q)) };
    },
  );

  app.post(
    '/stats/export',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'exportLabStatistics',
        summary: '导出检验统计为 Excel（流式）：工作量、异常与阳性率、开单与送检量、收入、项目结果统计、结果查询、TAT',
        description: `${DEFINITIONS} 导出记入审计（export）。`,
        body: documented(exportSchema),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => exportStatistics(ctx, req, reply),
  );
}

async function exportStatistics(ctx: ModuleContext, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = bodyOf<PeriodQuery & ResultQuery & { report: ReportKind; by?: string }>(req, exportSchema);
  const p = body.report === 'results' ? need(req, 'lis.stats', 'lis.read') : need(req, 'lis.stats');
  const institution = labInstitution(p, body.institution);
  const period = body.report === 'results' && !body.month && !body.from && !body.to ? periodOf({}, { defaultDays: 3 }) : statsPeriod(body);
  const lab = await institutionName(ctx, institution);
  const title = (what: string) => `${lab} ${what} ${period.from} 至 ${period.to}`;
  let sheets: SheetSpec<unknown>[];
  switch (body.report) {
    case 'workload': {
      const by = oneOf(body.by, WORKLOAD_DIMENSIONS, 'day');
      sheets = workloadSheet(await workload(ctx, institution, period, by), title(`${REPORT_NAMES.workload}（${by}）`));
      break;
    }
    case 'abnormal':
      sheets = abnormalSheet(await abnormalRates(ctx, institution, period, body), title(REPORT_NAMES.abnormal));
      break;
    case 'volume': {
      const by = oneOf(body.by, VOLUME_DIMENSIONS, 'department');
      sheets = volumeSheet(await orderVolume(ctx, institution, period, by), title(`${REPORT_NAMES.volume}（${by}）`));
      break;
    }
    case 'income': {
      const by = oneOf(body.by, VOLUME_DIMENSIONS, 'panel');
      sheets = incomeSheet(await income(ctx, institution, period, by), title(`${REPORT_NAMES.income}（${by}）`));
      break;
    }
    case 'test': {
      if (!body.testCode) throw fieldError(400, 'testCode', '项目结果统计须给出 testCode', 'report test needs testCode', 'required');
      const test = await requireTest(ctx, institution, body.testCode, 'testCode');
      sheets = testSheets(await testStatistics(ctx, institution, test, period, body), title(`${REPORT_NAMES.test} ${test.name}`));
      break;
    }
    case 'results':
      sheets = resultsSheet((await searchResults(ctx, callerContext(req), institution, period, { ...body, limit: 1000 })).rows, title(REPORT_NAMES.results));
      break;
    case 'tat': {
      const by = oneOf<TatGroup>(body.by, TAT_GROUPS, 'panel');
      sheets = tatSheet(await tatByGroup(ctx, institution, period, by, await sectionNames(ctx)), title(`${REPORT_NAMES.tat}（${by}）`));
      break;
    }
  }
  const name = REPORT_NAMES[body.report];
  const detail = `stats export ${body.report}${body.by ? ` by ${body.by}` : ''} ${institution} ${period.from}..${period.to}`;
  try {
    const rows = await streamWorkbook(reply, { ascii: `lis-${body.report}-${period.from}-${period.to}.xlsx`, chinese: `${name}-${period.from}-${period.to}.xlsx` }, sheets);
    await auditRead(ctx, p, 'export', `${detail}: ${rows} rows to Excel`, req.ip);
  } catch (err) {
    req.log.warn({ err }, 'statistics Excel export aborted');
    await ctx.audit.record({ action: 'export', outcome: '8', principal: p, resourceType: 'Basic', detail: `lis ${detail} aborted: ${(err as Error).message}`, sourceIp: req.ip });
  }
  return reply;
}
