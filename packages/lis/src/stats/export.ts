import type { AbnormalRateRow, IncomeRow, LabResultRow, TatGroupRow, TestStatisticsResponse, VolumeRow, WorkloadResponse } from '../contracts/qc.ts';
import { type SheetColumn, type SheetSpec } from '../http/xlsx.ts';

const pct = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : Math.round(v * 10_000) / 100);

export const REPORT_NAMES = {
  workload: '工作量统计',
  abnormal: '异常与阳性率',
  volume: '开单与送检量',
  income: '收入统计',
  test: '项目结果统计',
  results: '检验结果查询',
  tat: 'TAT统计',
} as const;
export type ReportKind = keyof typeof REPORT_NAMES;

const sheet = <R>(name: string, title: string, columns: SheetColumn<R>[], rows: R[]): SheetSpec<unknown> => ({ name, title, columns, rows }) as SheetSpec<unknown>;

export function workloadSheet(w: WorkloadResponse, title: string): SheetSpec<unknown>[] {
  const rows = [...w.rows, { key: '', label: '合计', ...w.total }];
  return [sheet('工作量', title, [{ header: '分组', width: 24, value: (r) => r.label }, { header: '标本数', value: (r) => r.specimens }, { header: '项目数（测定）', width: 16, value: (r) => r.tests }], rows)];
}

export function abnormalSheet(rows: AbnormalRateRow[], title: string): SheetSpec<unknown>[] {
  return [
    sheet('异常与阳性率', title, [
      { header: '项目代码', width: 12, value: (r: AbnormalRateRow) => r.testCode },
      { header: '项目', width: 18, value: (r) => r.testName },
      { header: '结果数', value: (r) => r.results },
      { header: '异常数', value: (r) => r.abnormal },
      { header: '偏高', value: (r) => r.high },
      { header: '偏低', value: (r) => r.low },
      { header: '危急', value: (r) => r.critical },
      { header: '阳性', value: (r) => r.positive },
      { header: '异常率(%)', value: (r) => pct(r.abnormalRate) },
      { header: '阳性率(%)', value: (r) => pct(r.positiveRate) },
    ], rows),
  ];
}

export function volumeSheet(rows: VolumeRow[], title: string): SheetSpec<unknown>[] {
  return [
    sheet('开单与送检', title, [
      { header: '分组', width: 24, value: (r: VolumeRow) => r.label },
      { header: '申请数', value: (r) => r.orders },
      { header: '标本数', value: (r) => r.specimens },
      { header: '项目数', value: (r) => r.tests },
      { header: '金额(元)', value: (r) => r.amount },
    ], rows),
  ];
}

export function incomeSheet(rows: IncomeRow[], title: string): SheetSpec<unknown>[] {
  return [
    sheet('收入', title, [
      { header: '分组', width: 24, value: (r: IncomeRow) => r.label },
      { header: '申请数', value: (r) => r.orders },
      { header: '已检', value: (r) => r.tested },
      { header: '未检', value: (r) => r.untested },
      { header: '已检金额(元)', width: 14, value: (r) => r.amountTested },
      { header: '未检金额(元)', width: 14, value: (r) => r.amountUntested },
      { header: '合计(元)', value: (r) => r.amount },
    ], rows),
  ];
}

export function testSheets(t: TestStatisticsResponse, title: string): SheetSpec<unknown>[] {
  const summary: [string, number | string | null][] = [
    ['项目', `${t.testName}（${t.testCode}）${t.unit ? ` ${t.unit}` : ''}`],
    ['结果数 n', t.count],
    ['均值', t.mean],
    ['标准差 SD', t.sd],
    ['变异系数 CV(%)', t.cv],
    ['最小值', t.min],
    ['最大值', t.max],
    ['中位数', t.median],
    ['P5', t.p5],
    ['P95', t.p95],
  ];
  return [
    sheet('统计量', title, [{ header: '指标', width: 18, value: (r: [string, number | string | null]) => r[0] }, { header: '值', width: 24, value: (r) => r[1] }], summary),
    sheet('分布', `${title} 分布`, [{ header: '下限', value: (r: TestStatisticsResponse['histogram'][number]) => r.low }, { header: '上限', value: (r) => r.high }, { header: '例数', value: (r) => r.count }], t.histogram),
    sheet('每日趋势', `${title} 每日趋势`, [{ header: '日期', width: 12, value: (r: TestStatisticsResponse['trend'][number]) => r.day }, { header: '例数', value: (r) => r.count }, { header: '均值', value: (r) => r.mean }, { header: 'SD', value: (r) => r.sd }], t.trend),
  ];
}

export function resultsSheet(rows: LabResultRow[], title: string): SheetSpec<unknown>[] {
  return [
    sheet('检验结果', title, [
      { header: '姓名', width: 10, value: (r: LabResultRow) => r.patientName ?? '' },
      { header: '条码号', width: 16, value: (r) => r.barcode ?? '' },
      { header: '项目代码', width: 10, value: (r) => r.testCode ?? '' },
      { header: '项目', width: 16, value: (r) => r.testName ?? '' },
      { header: '结果', width: 10, value: (r) => r.value ?? '' },
      { header: '单位', width: 10, value: (r) => r.unit ?? '' },
      { header: '标志', width: 6, value: (r) => r.flag ?? '' },
      { header: '状态', width: 10, value: (r) => r.status },
      { header: '采集时间', width: 20, value: (r) => r.effective ?? '' },
      { header: '仪器', width: 14, value: (r) => r.instrumentId ?? '' },
      { header: '开单医生', width: 12, value: (r) => r.requester ?? '' },
    ], rows),
  ];
}

const STAGE_NAMES: Record<string, string> = {
  'collection-receipt': '采集→签收',
  'receipt-result': '签收→出结果',
  'result-review': '出结果→审核',
  'receipt-report': '签收→报告',
  'order-report': '申请→报告',
};

export function tatSheet(rows: TatGroupRow[], title: string): SheetSpec<unknown>[] {
  const flat = rows.flatMap((g) => g.stages.map((s) => ({ group: g.label, specimens: g.specimens, ...s })));
  return [
    sheet('TAT', title, [
      { header: '分组', width: 20, value: (r: (typeof flat)[number]) => r.group },
      { header: '阶段', width: 14, value: (r) => STAGE_NAMES[r.stage] ?? r.stage },
      { header: '标本数', value: (r) => r.count },
      { header: '均值(分钟)', value: (r) => r.mean },
      { header: '中位数(分钟)', value: (r) => r.median },
      { header: 'P90(分钟)', value: (r) => r.p90 },
      { header: 'P95(分钟)', value: (r) => r.p95 },
      { header: '最长(分钟)', value: (r) => r.max },
      { header: '达标率(%)', value: (r) => pct(r.withinTarget) },
    ], flat),
  ];
}
