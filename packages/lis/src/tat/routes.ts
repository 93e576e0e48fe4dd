import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import type { TatOverdueKind } from '../contracts/qc.ts';
import { auditRead } from '../qc/audit.ts';
import { sectionNames } from '../stats/sections.ts';
import { listAlerts } from './overdue.ts';
import { tatByGroup, tatOverview, TAT_GROUPS, type TatGroup } from './statistics.ts';
import { wallScreen } from './wall-screen.ts';
import { labInstitution, need } from '../http/caller.ts';
import { statsPeriod } from '../http/period.ts';
import { queryOf } from '../http/schema.ts';

const TAGS = ['lis-tat'];
const periodProps = {
  institution: { type: 'string', maxLength: 64, description: '机构（Organization id）；机构用户默认本机构，区域用户必填' },
  month: { type: 'string', maxLength: 7, description: '月份 YYYY-MM（默认本月；与 from/to 二选一）' },
  from: { type: 'string', maxLength: 10, description: '起始日期（签收日期，含）' },
  to: { type: 'string', maxLength: 10, description: '截止日期（含；默认今天）' },
} as const;
const STAGES =
  'TAT 阶段（分钟）：采集→签收、签收→出结果、出结果→审核、签收→报告（与组合的 TAT 目标比较，组合未设定时用 lis.tat.reportMinutes / statReportMinutes）、申请→报告。统计对象为期间内签收的标本（拒收的不计）。';

type PeriodQuery = { institution?: string; month?: string; from?: string; to?: string };

/** Turnaround monitoring (seed 004 智能大屏): TAT statistics, overdue alerts and the wall-screen data. */
export function tatRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(
    '/tat/overview',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'tatOverview', summary: '各阶段 TAT：均值、中位数、P90、P95、最长，签收→报告的达标率', description: STAGES, querystring: { type: 'object', properties: periodProps } } },
    async (req) => {
      const q = queryOf<PeriodQuery>(req);
      const p = need(req, 'lis.stats');
      const institution = labInstitution(p, q.institution);
      const period = statsPeriod(q);
      const result = await tatOverview(ctx, institution, period);
      await auditRead(ctx, p, 'search', `tat overview ${institution} ${period.from}..${period.to}`, req.ip);
      return result;
    },
  );

  app.get(
    '/tat/statistics',
    {
      attachValidation: true,
      schema: { tags: TAGS, operationId: 'tatStatistics', summary: 'TAT 统计：按组合（项目）、申请科室或专业组', description: `${STAGES} Excel 导出：exportLabStatistics（report=tat）。`, querystring: { type: 'object', properties: { by: { type: 'string', enum: TAT_GROUPS, default: 'panel' }, ...periodProps } } },
    },
    async (req) => {
      const q = queryOf<PeriodQuery & { by?: TatGroup }>(req);
      const p = need(req, 'lis.stats');
      const institution = labInstitution(p, q.institution);
      const period = statsPeriod(q);
      const rows = await tatByGroup(ctx, institution, period, q.by ?? 'panel', await sectionNames(ctx));
      await auditRead(ctx, p, 'search', `tat by ${q.by ?? 'panel'} ${institution} ${period.from}..${period.to}`, req.ip);
      return { by: q.by ?? 'panel', from: period.from, to: period.to, rows };
    },
  );

  app.get(
    '/tat/overdue',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'tatOverdue',
        summary: '超时提醒：超时未接收、超时未登记、超时未审核（由每分钟运行的任务生成；state=open|resolved|all）',
        querystring: {
          type: 'object',
          properties: {
            institution: periodProps.institution,
            state: { type: 'string', enum: ['open', 'resolved', 'all'], default: 'open' },
            kind: { type: 'string', enum: ['not-received', 'not-registered', 'not-reviewed'] },
            limit: { type: 'integer', minimum: 1, maximum: 2000, default: 500 },
          },
        },
      },
    },
    async (req) => {
      const q = queryOf<{ institution?: string; state?: 'open' | 'resolved' | 'all'; kind?: TatOverdueKind; limit?: number }>(req);
      const institution = labInstitution(need(req, 'lis.stats', 'lis.read'), q.institution);
      return { alerts: await listAlerts(ctx.db, institution, q) };
    },
  );

  app.get(
    '/tat/wall-screen',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'wallScreen',
        summary: '智能大屏数据：各状态标本数、当前超时列表、今日签收→报告 TAT 百分位与达标率、每小时签收与报告数',
        querystring: { type: 'object', properties: { institution: periodProps.institution } },
      },
    },
    async (req) => {
      const q = queryOf<{ institution?: string }>(req);
      return wallScreen(ctx, labInstitution(need(req, 'lis.stats', 'lis.read'), q.institution));
    },
  );
}
