import { renderPdf, type TDocumentDefinitions } from '@medunion/print';
import type { MonthlyQcReport } from '../../contracts/qc.ts';
import { CAUSE_NAMES, chinaMinute, fixed } from './format.ts';

type Cell = string | { text: string; style?: string; colSpan?: number; alignment?: string };

/** Decimals of a test's figures: its reporting decimals for means, one more for SDs. */
export type DecimalsOf = (testCode: string) => number;

/**
 * The monthly QC report as an A4 landscape PDF (pdfmake through packages/print, CJK font embedded): summary of runs,
 * one row per test × instrument × level, then the out-of-control events with their corrective actions, and lines
 * for the preparer's and the laboratory head's signatures.
 */
export async function monthlyReportPdf(report: MonthlyQcReport, labName: string, decimalsOf: DecimalsOf, generatedAt = new Date()): Promise<Buffer> {
  const head = (cells: string[]): Cell[] => cells.map((text) => ({ text, style: 'th' }));
  const rows: Cell[][] = report.rows.map((r) => {
    const d = decimalsOf(r.testCode);
    const rules = Object.entries(r.rules)
      .map(([rule, n]) => `${rule}×${n}`)
      .join(' ');
    return [
      `${r.testName}\n${r.testCode}`,
      r.instrumentName,
      r.label,
      r.lotNos.join('、'),
      fixed(r.targetMean, d),
      fixed(r.targetSd, d + 1),
      fixed(r.targetCv, 2),
      String(r.count),
      fixed(r.mean, d),
      fixed(r.sd, d + 1),
      fixed(r.cv, 2),
      fixed(r.biasPercent, 2),
      String(r.warnings),
      String(r.rejects),
      rules,
    ];
  });
  const eventRows: Cell[][] = report.events.map((e) => [
    `${e.testName}\n${e.testCode}`,
    e.instrumentName,
    chinaMinute(e.openedAt),
    e.rules.join(', '),
    e.actions.length
      ? e.actions.map((a) => `【${CAUSE_NAMES[a.causeCategory] ?? a.causeCategory}】${a.cause}；措施：${a.action}（${a.performedByName ?? a.performedBy}，${chinaMinute(a.performedAt)}）`).join('\n')
      : '未记录纠正措施',
    e.status === 'closed' ? `${chinaMinute(e.closedAt)}\n${e.closedByName ?? e.closedBy ?? ''}` : '未关闭',
  ]);
  const doc: TDocumentDefinitions = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 36, 28, 40],
    footer: { text: `${labName} 室内质控月报 ${report.month}    第 {page} 页 / 共 {pages} 页`, alignment: 'center', fontSize: 8, margin: [0, 14, 0, 0] },
    content: [
      { text: `${labName} 室内质控月报`, style: 'title' },
      { text: `统计期间：${report.from} 至 ${report.to}    生成时间：${chinaMinute(generatedAt.toISOString())}`, style: 'meta' },
      {
        text: `质控批数 ${report.runs.total}：在控 ${report.runs.accepted}，警告 ${report.runs.warnings}，失控 ${report.runs.rejected}；失控事件 ${report.events.length} 起`,
        style: 'meta',
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [70, 62, 74, 44, 38, 38, 30, 22, 38, 38, 30, 32, 24, 24, '*'],
          body: [head(['项目', '仪器', '质控品/水平', '批号', '靶值', '靶SD', '靶CV%', 'n', '均值', 'SD', 'CV%', '偏倚%', '警告', '失控', '违反规则']), ...(rows.length ? rows : [[{ text: '本月无质控结果', colSpan: 15 }, ...Array(14).fill('')]])],
        },
        layout: 'lightHorizontalLines',
        fontSize: 7.5,
      },
      { text: '失控事件与纠正措施', style: 'h2' },
      {
        table: {
          headerRows: 1,
          widths: [70, 62, 62, 50, '*', 70],
          body: [head(['项目', '仪器', '失控时间', '规则', '原因与纠正措施', '关闭']), ...(eventRows.length ? eventRows : [[{ text: '本月无失控事件', colSpan: 6 }, '', '', '', '', '']])],
        },
        layout: 'lightHorizontalLines',
        fontSize: 7.5,
      },
      { columns: [{ text: '制表人：________________' }, { text: '审核人（科主任）：________________' }, { text: '日期：________________' }], margin: [0, 24, 0, 0], fontSize: 9 },
    ],
    styles: {
      title: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
      meta: { fontSize: 9, alignment: 'center', color: '#444444' },
      h2: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
      th: { bold: true, fillColor: '#eeeeee' },
    },
  };
  return renderPdf(doc);
}
