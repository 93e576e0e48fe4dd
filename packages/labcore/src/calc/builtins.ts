import { bilingual } from '../text.ts';
import type { FormulaDefinition } from './formulas.ts';

/**
 * Calculated tests most Chinese laboratories report, in the units of WS/T 404 (g/L, µmol/L, mmol/L). Test codes are
 * the canonical ones below; a laboratory with other codes maps its results to these before computing.
 *   TP 总蛋白, ALB 白蛋白, TBIL 总胆红素, DBIL 直接胆红素, TC 总胆固醇, TG 甘油三酯, HDL-C, NA, CL, HCO3, CREA 肌酐.
 */
export const BUILTIN_FORMULAS: readonly FormulaDefinition[] = [
  {
    code: 'GLB',
    name: bilingual('球蛋白', 'globulin'),
    expression: 'TP - ALB',
    unit: 'g/L',
    decimals: 1,
    source: 'globulin = total protein − albumin',
  },
  {
    code: 'A/G',
    name: bilingual('白球比', 'albumin/globulin ratio'),
    expression: 'ALB / (TP - ALB)',
    decimals: 2,
    source: 'A/G = albumin / (total protein − albumin)',
  },
  {
    code: 'IBIL',
    name: bilingual('间接胆红素', 'indirect bilirubin'),
    expression: 'TBIL - DBIL',
    unit: 'µmol/L',
    decimals: 1,
    source: 'indirect (unconjugated) bilirubin = total − direct bilirubin',
  },
  {
    code: 'LDL-C',
    name: bilingual('低密度脂蛋白胆固醇（Friedewald 公式）', 'LDL cholesterol (Friedewald)'),
    expression: 'TC - [HDL-C] - TG / 2.2',
    unit: 'mmol/L',
    decimals: 2,
    reportableWhen: 'TG <= 4.52',
    notReportableReason: bilingual('TG > 4.52 mmol/L（400 mg/dL），Friedewald 公式不适用，请直接测定 LDL-C', 'TG > 4.52 mmol/L (400 mg/dL): the Friedewald formula does not apply; measure LDL-C directly'),
    source: 'Friedewald WT, Levy RI, Fredrickson DS. Clin Chem 1972;18:499–502 (TG/5 in mg/dL = TG/2.2 in mmol/L)',
  },
  {
    code: 'NON-HDL-C',
    name: bilingual('非高密度脂蛋白胆固醇', 'non-HDL cholesterol'),
    expression: 'TC - [HDL-C]',
    unit: 'mmol/L',
    decimals: 2,
    source: 'non-HDL-C = total cholesterol − HDL-C',
  },
  {
    code: 'AG',
    name: bilingual('阴离子间隙', 'anion gap'),
    expression: 'NA - (CL + HCO3)',
    unit: 'mmol/L',
    decimals: 1,
    source: 'anion gap = Na⁺ − (Cl⁻ + HCO₃⁻)',
  },
  {
    code: 'EGFR',
    name: bilingual('估算肾小球滤过率（CKD-EPI 2021）', 'estimated GFR (CKD-EPI 2021)'),
    expression:
      '142 * min(CREA / 88.4 / if(sex == 2, 0.7, 0.9), 1) ^ if(sex == 2, -0.241, -0.302)' +
      ' * max(CREA / 88.4 / if(sex == 2, 0.7, 0.9), 1) ^ -1.2 * 0.9938 ^ age * if(sex == 2, 1.012, 1)',
    unit: 'mL/min/1.73m²',
    decimals: 0,
    reportableWhen: 'age >= 18',
    notReportableReason: bilingual('CKD-EPI 2021 仅适用于 18 岁及以上成人', 'CKD-EPI 2021 applies to adults aged 18 and over'),
    source: 'Inker LA et al. N Engl J Med 2021;385:1737–49 (race-free CKD-EPI creatinine equation); creatinine µmol/L ÷ 88.4 = mg/dL',
  },
];
