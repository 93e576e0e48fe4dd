import type { CatalogueTestInput } from '../../contracts/catalogue.ts';
import { qualitative, quantitative, range } from './build.ts';

// 免疫 (immunology and serology) and 分子 (molecular) tests.

/**
 * 甲状腺功能五项 (electrochemiluminescence). Thyroid hormone intervals are method-specific and no Chinese standard
 * gives them: these are the adult intervals of a widely used ECLIA system's package inserts, to be replaced by the
 * laboratory's own analyser's (README).
 */
export const THYROID_TESTS: CatalogueTestInput[] = [
  quantitative('TSH', '促甲状腺激素', 'TSH', 'Thyroid-stimulating hormone', 'mIU/L', 3, { loinc: '3016-3', referenceRanges: [range(0.27, 4.2)], method: '电化学发光法', reportOrder: 810 }),
  quantitative('FT3', '游离三碘甲状腺原氨酸', 'FT3', 'Free triiodothyronine', 'pmol/L', 2, { referenceRanges: [range(3.1, 6.8)], method: '电化学发光法', reportOrder: 820 }),
  quantitative('FT4', '游离甲状腺素', 'FT4', 'Free thyroxine', 'pmol/L', 2, { loinc: '14920-3', referenceRanges: [range(12, 22)], method: '电化学发光法', reportOrder: 830 }),
  quantitative('T3', '总三碘甲状腺原氨酸', 'T3', 'Total triiodothyronine', 'nmol/L', 2, { referenceRanges: [range(1.3, 3.1)], method: '电化学发光法', reportOrder: 840 }),
  quantitative('T4', '总甲状腺素', 'T4', 'Total thyroxine', 'nmol/L', 1, { referenceRanges: [range(66, 181)], method: '电化学发光法', reportOrder: 850 }),
];

/**
 * 乙肝五项 (HBV serology, qualitative). A positive anti-HBs is expected after vaccination, so both results are normal;
 * a positive HBsAg is reported and followed up, not phoned as a critical value.
 */
export const HBV_TESTS: CatalogueTestInput[] = [
  qualitative('HBSAG', '乙型肝炎表面抗原', 'HBsAg', 'Hepatitis B surface antigen', { loinc: '5196-1', method: '化学发光法', reportOrder: 910 }),
  qualitative('HBSAB', '乙型肝炎表面抗体', 'Anti-HBs', 'Hepatitis B surface antibody', { loinc: '22322-2', expected: ['阴性', '阳性'], method: '化学发光法', reportOrder: 920 }),
  qualitative('HBEAG', '乙型肝炎e抗原', 'HBeAg', 'Hepatitis B e antigen', { loinc: '13954-3', method: '化学发光法', reportOrder: 930 }),
  qualitative('HBEAB', '乙型肝炎e抗体', 'Anti-HBe', 'Hepatitis B e antibody', { method: '化学发光法', reportOrder: 940 }),
  qualitative('HBCAB', '乙型肝炎核心抗体', 'Anti-HBc', 'Hepatitis B core antibody', { loinc: '16933-4', method: '化学发光法', reportOrder: 950 }),
];

/** 感染四项 (术前/输血前): HBsAg (shared with 乙肝五项), anti-HCV, HIV antigen/antibody, anti-TP. A reactive HIV screen goes to confirmation. */
export const INFECTION_TESTS: CatalogueTestInput[] = [
  qualitative('HCV-AB', '丙型肝炎病毒抗体', 'Anti-HCV', 'Hepatitis C virus antibody', { loinc: '16128-1', method: '化学发光法', reportOrder: 960 }),
  qualitative('HIV-AGAB', '人类免疫缺陷病毒抗原抗体', 'HIV Ag/Ab', 'HIV-1/2 antibody and p24 antigen', { loinc: '56888-1', method: '化学发光法（初筛）', commonResults: ['阴性', '待复查'], reportOrder: 970 }),
  qualitative('TP-AB', '梅毒螺旋体特异抗体', 'Anti-TP', 'Treponema pallidum antibody', { method: '化学发光法', reportOrder: 980 }),
];

/** C-反应蛋白: <10 mg/L, the conventional (non high-sensitivity) CRP interval of 《全国临床检验操作规程》(第 4 版). */
export const CRP_TESTS: CatalogueTestInput[] = [
  quantitative('CRP', 'C-反应蛋白', 'CRP', 'C-reactive protein', 'mg/L', 1, { loinc: '1988-5', referenceRanges: [{ high: 10, highExclusive: true, text: '<10' }], method: '免疫比浊法', reportOrder: 1010 }),
];

/** 新型冠状病毒核酸 (real-time RT-PCR), single or pooled (10 合 1) throat swabs. */
export const MOLECULAR_TESTS: CatalogueTestInput[] = [
  qualitative('SARS2-RNA', '新型冠状病毒核酸', 'SARS-CoV-2 RNA', 'SARS-CoV-2 RNA', { method: '实时荧光 RT-PCR', commonResults: ['阴性', '阳性', '可疑'], reportOrder: 1110 }),
];
