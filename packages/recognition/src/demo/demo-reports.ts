import type { ExamReportUpload } from '../upload/exam-report.ts';
import type { LabReportUpload } from '../upload/lab-report.ts';

/** Participating demo institutions with their grade (医院级别). */
export const DEMO_LEVELS: Record<string, string> = { 'lead-hospital': '二级甲等', 'thc-hexi': '一级', 'thc-dongling': '一级' };

/** Panels township health centres are qualified for (basic lab work); the county hospital is qualified for everything. */
export const TOWNSHIP_PANELS = ['CBC', 'UA', 'GLU-PANEL', 'RFT'];

/** `2026-05-12T08:30:00+08:00`: report times as a Chinese HIS sends them. */
export function chinaTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3600_000);

/**
 * The county hospital's reports for the two-institution person (张三丰), dated a few days before `now` so they are
 * inside their recognition windows (血常规 7 days, 肝功能 14, 胸部CT 30) when the demo is looked at.
 */
export function demoLabReports(patientMrn: string, now: Date): LabReportUpload[] {
  return [
    {
      reportNo: 'JY20260001',
      orderNo: 'SQ20260001',
      patientMrn,
      itemCode: 'LIS001',
      itemName: '血常规五分类',
      specimenType: '01',
      specimenNo: 'BB20260001',
      collectedAt: chinaTime(hoursBefore(now, 50)),
      reportedAt: chinaTime(hoursBefore(now, 48)),
      instrument: 'Sysmex XN-1000',
      results: [
        { itemCode: 'LIS101', itemName: '白细胞计数(WBC)', value: '6.8', unit: '10^9/L', referenceLow: 3.5, referenceHigh: 9.5, flag: 'N' },
        { itemCode: 'LIS102', itemName: '红细胞计数(RBC)', value: '4.62', unit: '10^12/L', referenceLow: 4.3, referenceHigh: 5.8, flag: 'N' },
        { itemCode: 'LIS103', itemName: '血红蛋白(HGB)', value: '128', unit: 'g/L', referenceLow: 130, referenceHigh: 175, flag: 'L' },
        { itemCode: 'LIS104', itemName: '血小板计数(PLT)', value: '215', unit: '10^9/L', referenceLow: 125, referenceHigh: 350, flag: 'N' },
      ],
    },
    {
      reportNo: 'JY20260002',
      orderNo: 'SQ20260002',
      patientMrn,
      itemCode: 'LIS003',
      itemName: '肝功能八项',
      specimenType: '02',
      specimenNo: 'BB20260002',
      collectedAt: chinaTime(hoursBefore(now, 74)),
      reportedAt: chinaTime(hoursBefore(now, 70)),
      instrument: 'Beckman AU5800',
      results: [
        { itemCode: 'LIS111', itemName: '谷丙转氨酶(ALT)', value: '52', unit: 'U/L', referenceLow: 9, referenceHigh: 50, flag: 'H' },
        { itemCode: 'LIS112', itemName: '谷草转氨酶(AST)', value: '38', unit: 'U/L', referenceLow: 15, referenceHigh: 40, flag: 'N' },
        { itemCode: 'LIS113', itemName: '总胆红素(TBIL)', value: '14.2', unit: 'μmol/L', referenceLow: 0, referenceHigh: 26, flag: 'N' },
        { itemCode: 'LIS114', itemName: '白蛋白(ALB)', value: '41.5', unit: 'g/L', referenceLow: 40, referenceHigh: 55, flag: 'N' },
      ],
    },
  ];
}

export function demoExamReport(patientMrn: string, now: Date): ExamReportUpload {
  return {
    reportNo: 'CT20260001',
    orderNo: 'SQ20260003',
    patientMrn,
    itemCode: 'RIS-CT01',
    itemName: '胸部CT平扫',
    modality: 'CT',
    bodyPart: '胸部',
    examAt: chinaTime(hoursBefore(now, 122)),
    reportedAt: chinaTime(hoursBefore(now, 120)),
    findings: '双肺纹理清晰，右肺下叶见小结节影，直径约4mm，边界清。纵隔内未见肿大淋巴结。心影大小正常。',
    conclusion: '右肺下叶小结节（约4mm），建议12个月后复查。',
  };
}
