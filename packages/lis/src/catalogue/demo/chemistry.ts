import type { CatalogueTestInput } from '../../contracts/catalogue.ts';
import { atLeast, below, calculated, critical, FEMALE, MALE, NEONATE, quantitative, range, years } from './build.ts';

// 生化 (clinical chemistry) tests, serum unless stated. Adult reference intervals of WS/T 404 (临床常用生化检验项目参考区间)
// where a part covers the analyte; otherwise the source named in the block comment. See README, "Catalogue".

const UMOL = 'µmol/L';

/** 肝功能. ALT, AST, ALP, GGT: WS/T 404.1—2012; TP, ALB: WS/T 404.2—2012; TBIL, DBIL: WS/T 404.4—2018. */
export const LIVER_TESTS: CatalogueTestInput[] = [
  quantitative('ALT', '丙氨酸氨基转移酶', 'ALT', 'Alanine aminotransferase', 'U/L', 0, { loinc: '1742-6', referenceRanges: [range(9, 50, MALE), range(7, 40, FEMALE)], method: '速率法（不含 P5P）', reportOrder: 110 }),
  quantitative('AST', '天门冬氨酸氨基转移酶', 'AST', 'Aspartate aminotransferase', 'U/L', 0, { loinc: '1920-8', referenceRanges: [range(15, 40, MALE), range(13, 35, FEMALE)], method: '速率法（不含 P5P）', reportOrder: 120 }),
  quantitative('ALP', '碱性磷酸酶', 'ALP', 'Alkaline phosphatase', 'U/L', 0, {
    loinc: '6768-6',
    referenceRanges: [range(45, 125, MALE), range(35, 100, { ...FEMALE, ...years(20, 50) }), range(50, 135, { ...FEMALE, ...years(50) })],
    reportOrder: 130,
  }),
  quantitative('GGT', 'γ-谷氨酰基转移酶', 'GGT', 'Gamma-glutamyl transferase', 'U/L', 0, { loinc: '2324-2', referenceRanges: [range(10, 60, MALE), range(7, 45, FEMALE)], reportOrder: 140 }),
  quantitative('TBIL', '总胆红素', 'TBIL', 'Total bilirubin', UMOL, 1, {
    loinc: '1975-2',
    referenceRanges: [range(0, 26.0, MALE), range(0, 21.0, FEMALE)],
    criticalLimits: [critical(undefined, 342, NEONATE)],
    reportOrder: 150,
  }),
  quantitative('DBIL', '直接胆红素', 'DBIL', 'Direct bilirubin', UMOL, 1, { loinc: '1968-7', referenceRanges: [range(0, 8.0)], reportOrder: 160 }),
  calculated('IBIL', '间接胆红素', 'IBIL', 'Indirect bilirubin', { loinc: '1971-1', referenceRanges: [range(0, 19.0)], reportOrder: 170 }),
  quantitative('TP', '总蛋白', 'TP', 'Total protein', 'g/L', 1, { loinc: '2885-2', referenceRanges: [range(65, 85)], reportOrder: 180 }),
  quantitative('ALB', '白蛋白', 'ALB', 'Albumin', 'g/L', 1, { loinc: '1751-7', referenceRanges: [range(40, 55)], reportOrder: 190 }),
  // Globulin and A/G: the intervals 《全国临床检验操作规程》(第 4 版) gives for the calculated values.
  calculated('GLB', '球蛋白', 'GLB', 'Globulin', { loinc: '10834-0', referenceRanges: [range(20, 40)], reportOrder: 200 }),
  calculated('A/G', '白球比', 'A/G', 'Albumin/globulin ratio', { loinc: '1759-0', referenceRanges: [range(1.2, 2.4)], reportOrder: 210 }),
];

/**
 * 肾功能. Urea and creatinine (enzymatic): WS/T 404.5—2015, by sex and age band (20–59, 60–79). Uric acid: 《全国临床检验
 * 操作规程》(第 4 版), uricase–peroxidase method. eGFR: CKD-EPI 2021 (labcore), reported from 18 years; ≥90 is
 * G1 of KDIGO 2012. Critical creatinine: see README.
 */
export const KIDNEY_TESTS: CatalogueTestInput[] = [
  quantitative('UREA', '尿素', 'UREA', 'Urea', 'mmol/L', 2, {
    referenceRanges: [range(3.1, 8.0, { ...MALE, ...years(20, 60) }), range(3.6, 9.5, { ...MALE, ...years(60) }), range(2.6, 7.5, { ...FEMALE, ...years(20, 60) }), range(3.1, 8.8, { ...FEMALE, ...years(60) })],
    reportOrder: 310,
  }),
  quantitative('CREA', '肌酐', 'CREA', 'Creatinine', UMOL, 0, {
    loinc: '14682-9',
    referenceRanges: [range(57, 97, { ...MALE, ...years(20, 60) }), range(57, 111, { ...MALE, ...years(60) }), range(41, 73, { ...FEMALE, ...years(20, 60) }), range(41, 81, { ...FEMALE, ...years(60) })],
    criticalLimits: [critical(undefined, 707)],
    delta: { windowDays: 7, maxPercent: 50 },
    method: '酶法',
    reportOrder: 320,
  }),
  quantitative('UA', '尿酸', 'UA', 'Uric acid', UMOL, 0, { loinc: '14933-6', referenceRanges: [range(208, 428, MALE), range(155, 357, FEMALE)], reportOrder: 330 }),
  calculated('EGFR', '估算肾小球滤过率', 'eGFR', 'Estimated GFR (CKD-EPI 2021)', { referenceRanges: [atLeast(90, years(18))], reportOrder: 340 }),
];

/**
 * 血脂四项 and calculated LDL-C / non-HDL-C. The "appropriate levels" (合适水平) of 中国血脂管理指南 (2023): TC <5.2,
 * TG <1.7, LDL-C <3.4, non-HDL-C <4.1, HDL-C ≥1.0 mmol/L. LDL-C by Friedewald, not reported when TG > 4.52.
 */
export const LIPID_TESTS: CatalogueTestInput[] = [
  quantitative('TC', '总胆固醇', 'TC', 'Total cholesterol', 'mmol/L', 2, { loinc: '14647-2', referenceRanges: [below(5.2)], reportOrder: 410 }),
  quantitative('TG', '甘油三酯', 'TG', 'Triglycerides', 'mmol/L', 2, { loinc: '14927-8', referenceRanges: [below(1.7)], reportOrder: 420 }),
  quantitative('HDL-C', '高密度脂蛋白胆固醇', 'HDL-C', 'HDL cholesterol', 'mmol/L', 2, { loinc: '14646-4', referenceRanges: [atLeast(1.0)], reportOrder: 430 }),
  calculated('LDL-C', '低密度脂蛋白胆固醇', 'LDL-C', 'LDL cholesterol (Friedewald)', { referenceRanges: [below(3.4)], reportOrder: 440 }),
  calculated('NON-HDL-C', '非高密度脂蛋白胆固醇', 'non-HDL-C', 'Non-HDL cholesterol', { referenceRanges: [below(4.1)], reportOrder: 450 }),
];

/**
 * 空腹血糖: 3.9–6.1 mmol/L (normal fasting glucose, 中国 2 型糖尿病防治指南 2020 年版); 糖化血红蛋白: the 4.0–6.0 %
 * interval most Chinese laboratories print (diagnostic cut-off 6.5 % in the same guideline). Critical glucose: README.
 */
export const GLUCOSE_TESTS: CatalogueTestInput[] = [
  quantitative('GLU', '空腹血糖', 'GLU', 'Fasting plasma glucose', 'mmol/L', 2, {
    loinc: '14749-6',
    referenceRanges: [range(3.9, 6.1)],
    criticalLimits: [critical(2.2, 22.2)],
    absoluteLimits: { low: 0, high: 100 },
    method: '己糖激酶法',
    reportOrder: 510,
  }),
  quantitative('HBA1C', '糖化血红蛋白', 'HbA1c', 'Haemoglobin A1c', '%', 1, { loinc: '4548-4', referenceRanges: [range(4.0, 6.0)], method: 'HPLC', reportOrder: 520 }),
];

/**
 * 电解质. K, Na, Cl: WS/T 404.3—2012; total calcium: WS/T 404.6—2015. Total CO2 (HCO3) and the calculated anion gap:
 * 《全国临床检验操作规程》(第 4 版). Critical limits: README.
 */
export const ELECTROLYTE_TESTS: CatalogueTestInput[] = [
  quantitative('K', '钾', 'K', 'Potassium', 'mmol/L', 2, {
    loinc: '2823-3',
    referenceRanges: [range(3.5, 5.3)],
    criticalLimits: [critical(2.8, 6.2)],
    absoluteLimits: { low: 0.5, high: 15 },
    autoverifyLimits: { low: 3.0, high: 6.0 },
    delta: { windowDays: 2, maxAbsolute: 1.0 },
    reportOrder: 610,
  }),
  quantitative('NA', '钠', 'Na', 'Sodium', 'mmol/L', 1, {
    loinc: '2951-2',
    referenceRanges: [range(137, 147)],
    criticalLimits: [critical(120, 160)],
    absoluteLimits: { low: 80, high: 200 },
    delta: { windowDays: 2, maxAbsolute: 8 },
    reportOrder: 620,
  }),
  quantitative('CL', '氯', 'Cl', 'Chloride', 'mmol/L', 1, { loinc: '2075-0', referenceRanges: [range(99, 110)], reportOrder: 630 }),
  quantitative('CA', '钙', 'Ca', 'Calcium (total)', 'mmol/L', 2, { loinc: '2000-8', referenceRanges: [range(2.11, 2.52)], criticalLimits: [critical(1.75, 3.5)], reportOrder: 640 }),
  quantitative('HCO3', '总二氧化碳', 'TCO2', 'Total carbon dioxide', 'mmol/L', 1, { loinc: '2028-9', referenceRanges: [range(22, 29)], reportOrder: 650 }),
  calculated('AG', '阴离子间隙', 'AG', 'Anion gap', { referenceRanges: [range(8, 16)], reportOrder: 660 }),
];

/**
 * 心肌酶谱 (with AST of the liver panel). CK, LDH: WS/T 404.7—2015. CK-MB (activity, immuno-inhibition) and α-HBDH:
 * the intervals 《全国临床检验操作规程》(第 4 版) gives.
 */
export const CARDIAC_TESTS: CatalogueTestInput[] = [
  quantitative('CK', '肌酸激酶', 'CK', 'Creatine kinase', 'U/L', 0, { loinc: '2157-6', referenceRanges: [range(50, 310, MALE), range(40, 200, FEMALE)], reportOrder: 710 }),
  quantitative('CK-MB', '肌酸激酶同工酶', 'CK-MB', 'Creatine kinase MB (activity)', 'U/L', 0, { referenceRanges: [range(0, 24)], method: '免疫抑制法', reportOrder: 720 }),
  quantitative('LDH', '乳酸脱氢酶', 'LDH', 'Lactate dehydrogenase', 'U/L', 0, { loinc: '2532-0', referenceRanges: [range(120, 250)], reportOrder: 730 }),
  quantitative('HBDH', 'α-羟丁酸脱氢酶', 'α-HBDH', 'Alpha-hydroxybutyrate dehydrogenase', 'U/L', 0, { referenceRanges: [range(72, 182)], reportOrder: 740 }),
];
