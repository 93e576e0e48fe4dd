import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { auditRead } from '../audit.ts';
import { catalogueOf, requireTest } from '../catalogue.ts';
import { leveyJenningsData } from '../charts.ts';
import { requireInstrument } from '../instruments.ts';
import { institutionName } from '../organization.ts';
import { monthlyReport } from '../report/monthly-data.ts';
import { monthlyReportPdf } from '../report/monthly-pdf.ts';
import { monthlyReportSheets } from '../report/monthly-xlsx.ts';
import { institutionParam, QC_TAGS, READ_QC } from './common.ts';
import { labInstitution, need } from '../../http/caller.ts';
import { chinaDate, periodOf } from '../../http/period.ts';
import { queryOf } from '../../http/schema.ts';
import { streamWorkbook } from '../../http/xlsx.ts';

type LjQuery = { institution?: string; testCode: string; instrumentId: string; from?: string; to?: string };
type MonthlyQuery = { institution?: string; month?: string; format?: 'json' | 'pdf' | 'xlsx'; instrumentId?: string; testCode?: string };

/** Levey-Jennings chart data and the monthly QC report (JSON, PDF, Excel). */
export function qcChartRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get(
    '/qc/levey-jennings',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'leveyJennings',
        summary: 'Levey-Jennings 质控图数据：一张图多个水平（z 分数轴，各水平各靶值段的 ±1/2/3SD 线），含每点判断与规则、期间统计和失控事件',
        querystring: {
          type: 'object',
          required: ['testCode', 'instrumentId'],
          properties: {
            institution: institutionParam,
            testCode: { type: 'string', maxLength: 64 },
            instrumentId: { type: 'string', maxLength: 64 },
            from: { type: 'string', maxLength: 10, description: '起始日期（默认 30 天前）' },
            to: { type: 'string', maxLength: 10, description: '截止日期（含；默认今天）' },
          },
        },
      },
    },
    async (req) => {
      const q = queryOf<LjQuery>(req);
      const p = need(req, ...READ_QC);
      const institution = labInstitution(p, q.institution);
      await requireTest(ctx, institution, q.testCode, 'testCode');
      await requireInstrument(ctx, institution, q.instrumentId, 'instrumentId');
      const period = periodOf(q, { defaultDays: 30, maxDays: 400 });
      const data = await leveyJenningsData(ctx, institution, q.testCode, q.instrumentId, period);
      await auditRead(ctx, p, 'search', `qc levey-jennings ${institution} ${q.testCode} @ ${q.instrumentId} ${period.from}..${period.to}`, req.ip);
      return data;
    },
  );

  app.get(
    '/qc/reports/monthly',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'monthlyQcReport',
        summary: '室内质控月报：各项目 × 仪器 × 水平的靶值、本月均值/SD/CV、n、偏倚、警告与失控次数及规则，失控事件与纠正措施（format=json|pdf|xlsx）',
        description: 'PDF 为 A4 横向（含签字栏），Excel 两个工作表（月度质控统计、失控事件）。打印与导出记入审计。',
        querystring: {
          type: 'object',
          properties: {
            institution: institutionParam,
            month: { type: 'string', maxLength: 7, description: '月份 YYYY-MM（默认本月）' },
            format: { type: 'string', enum: ['json', 'pdf', 'xlsx'], default: 'json' },
            instrumentId: { type: 'string', maxLength: 64 },
            testCode: { type: 'string', maxLength: 64 },
          },
        },
        produces: ['application/json', 'application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const q = queryOf<MonthlyQuery>(req);
      const p = need(req, ...READ_QC);
      const institution = labInstitution(p, q.institution);
      const month = q.month ?? chinaDate().slice(0, 7);
      const report = await monthlyReport(ctx, institution, month, { instrumentId: q.instrumentId, testCode: q.testCode });
      const format = q.format ?? 'json';
      const label = `qc monthly report ${institution} ${month}: ${report.rows.length} rows, ${report.events.length} events`;
      if (format === 'json') {
        await auditRead(ctx, p, 'search', label, req.ip);
        return report;
      }
      const labName = await institutionName(ctx, institution);
      const catalogue = await catalogueOf(ctx, institution);
      const decimalsOf = (code: string) => catalogue.tests.get(code)?.decimals ?? 2;
      if (format === 'pdf') {
        const pdf = await monthlyReportPdf(report, labName, decimalsOf);
        await auditRead(ctx, p, 'print', `${label} (PDF)`, req.ip);
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="qc-monthly-${month}.pdf"; filename*=UTF-8''${encodeURIComponent(`室内质控月报-${month}.pdf`)}`)
          .header('cache-control', 'no-store')
          .send(pdf);
      }
      try {
        await streamWorkbook(reply, { ascii: `qc-monthly-${month}.xlsx`, chinese: `室内质控月报-${month}.xlsx` }, monthlyReportSheets(report, labName, decimalsOf));
      } catch (err) {
        req.log.warn({ err }, 'QC monthly Excel aborted');
        await auditRead(ctx, p, 'export', `${label} (Excel) aborted: ${(err as Error).message}`, req.ip);
        return reply;
      }
      await auditRead(ctx, p, 'export', `${label} (Excel)`, req.ip);
      return reply;
    },
  );
}
