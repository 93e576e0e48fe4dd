import type { MonthlyQcReport, MonthlyQcRow } from '../../contracts/qc.ts';
import { CAUSE_NAMES, chinaMinute } from './format.ts';
import { type SheetColumn, type SheetSpec } from '../../http/xlsx.ts';

type EventRow = MonthlyQcReport['events'][number];

const round = (v: number | null, digits: number): number | null => (v === null ? null : Number(v.toFixed(digits)));

/** The monthly QC report as two sheets: statistics per test × instrument × level, and events with their actions. */
export function monthlyReportSheets(report: MonthlyQcReport, labName: string, decimalsOf: (testCode: string) => number): SheetSpec<unknown>[] {
  const stats: SheetColumn<MonthlyQcRow>[] = [
    { header: '项目代码', width: 10, value: (r) => r.testCode },
    { header: '项目', width: 16, value: (r) => r.testName },
    { header: '仪器', width: 16, value: (r) => r.instrumentName },
    { header: '质控品/水平', width: 24, value: (r) => r.label },
    { header: '批号', width: 12, value: (r) => r.lotNos.join('、') },
    { header: '靶值', value: (r) => round(r.targetMean, decimalsOf(r.testCode)) },
    { header: '靶SD', value: (r) => round(r.targetSd, decimalsOf(r.testCode) + 1) },
    { header: '靶CV%', value: (r) => round(r.targetCv, 2) },
    { header: 'n', width: 6, value: (r) => r.count },
    { header: '均值', value: (r) => round(r.mean, decimalsOf(r.testCode)) },
    { header: 'SD', value: (r) => round(r.sd, decimalsOf(r.testCode) + 1) },
    { header: 'CV%', value: (r) => round(r.cv, 2) },
    { header: '偏倚%', value: (r) => round(r.biasPercent, 2) },
    { header: '警告', width: 8, value: (r) => r.warnings },
    { header: '失控', width: 8, value: (r) => r.rejects },
    { header: '违反规则', width: 24, value: (r) => Object.entries(r.rules).map(([rule, n]) => `${rule}×${n}`).join(' ') },
  ];
  const events: SheetColumn<EventRow>[] = [
    { header: '项目', width: 16, value: (e) => `${e.testName}（${e.testCode}）` },
    { header: '仪器', width: 16, value: (e) => e.instrumentName },
    { header: '失控时间', width: 18, value: (e) => chinaMinute(e.openedAt) },
    { header: '规则', width: 14, value: (e) => e.rules.join(', ') },
    { header: '原因类别', width: 12, value: (e) => e.actions.map((a) => CAUSE_NAMES[a.causeCategory] ?? a.causeCategory).join('；') },
    { header: '原因', width: 30, value: (e) => e.actions.map((a) => a.cause).join('；') },
    { header: '纠正措施', width: 36, value: (e) => e.actions.map((a) => a.action).join('；') },
    { header: '处理人', width: 12, value: (e) => e.actions.map((a) => a.performedByName ?? a.performedBy).join('；') },
    { header: '状态', width: 8, value: (e) => (e.status === 'closed' ? '已关闭' : '未关闭') },
    { header: '关闭时间', width: 18, value: (e) => chinaMinute(e.closedAt) },
    { header: '关闭人', width: 12, value: (e) => e.closedByName ?? e.closedBy ?? '' },
  ];
  return [
    { name: '月度质控统计', title: `${labName} 室内质控月报 ${report.from} 至 ${report.to}`, columns: stats, rows: report.rows } as SheetSpec<unknown>,
    { name: '失控事件', title: `${labName} 失控事件与纠正措施 ${report.month}`, columns: events, rows: report.events } as SheetSpec<unknown>,
  ];
}
