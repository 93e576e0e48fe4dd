import type { CatalogueTestInput } from '../../contracts/catalogue.ts';
import { critical, descriptive, FEMALE, inReportOrder, MALE, qualitative, quantitative, range } from './build.ts';

// 临检 (clinical laboratory) tests. Sources are listed per block; see the LIS README, "Catalogue", for the references.

const ABS = '×10^9/L';

/**
 * 血常规 (complete blood count, five-part differential), adults, venous EDTA blood on an automated analyser.
 * Reference intervals: WS/T 405—2012 血细胞分析参考区间 (adults). RDW, MPV, PDW and PCT have no interval in WS/T 405:
 * the analyser manufacturer's intervals apply and are left for the laboratory to enter. Critical limits: the common
 * practice of Chinese laboratories (see README).
 */
export const CBC_TESTS: CatalogueTestInput[] = inReportOrder([
  quantitative('WBC', '白细胞计数', 'WBC', 'White blood cell count', ABS, 2, {
    loinc: '6690-2',
    referenceRanges: [range(3.5, 9.5)],
    criticalLimits: [critical(2.0, 30.0)],
    absoluteLimits: { low: 0, high: 500 },
  }),
  quantitative('NEUT%', '中性粒细胞百分比', 'NEUT%', 'Neutrophils %', '%', 1, { loinc: '770-8', referenceRanges: [range(40, 75)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('LYMPH%', '淋巴细胞百分比', 'LYMPH%', 'Lymphocytes %', '%', 1, { loinc: '736-9', referenceRanges: [range(20, 50)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('MONO%', '单核细胞百分比', 'MONO%', 'Monocytes %', '%', 1, { loinc: '5905-5', referenceRanges: [range(3, 10)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('EO%', '嗜酸性粒细胞百分比', 'EO%', 'Eosinophils %', '%', 1, { loinc: '713-8', referenceRanges: [range(0.4, 8.0)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('BASO%', '嗜碱性粒细胞百分比', 'BASO%', 'Basophils %', '%', 1, { loinc: '706-2', referenceRanges: [range(0, 1)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('NEUT#', '中性粒细胞绝对值', 'NEUT#', 'Neutrophils absolute count', ABS, 2, { loinc: '751-8', referenceRanges: [range(1.8, 6.3)] }),
  quantitative('LYMPH#', '淋巴细胞绝对值', 'LYMPH#', 'Lymphocytes absolute count', ABS, 2, { loinc: '731-0', referenceRanges: [range(1.1, 3.2)] }),
  quantitative('MONO#', '单核细胞绝对值', 'MONO#', 'Monocytes absolute count', ABS, 2, { loinc: '742-7', referenceRanges: [range(0.1, 0.6)] }),
  quantitative('EO#', '嗜酸性粒细胞绝对值', 'EO#', 'Eosinophils absolute count', ABS, 2, { loinc: '711-2', referenceRanges: [range(0.02, 0.52)] }),
  quantitative('BASO#', '嗜碱性粒细胞绝对值', 'BASO#', 'Basophils absolute count', ABS, 2, { loinc: '704-7', referenceRanges: [range(0, 0.06)] }),
  quantitative('RBC', '红细胞计数', 'RBC', 'Red blood cell count', '×10^12/L', 2, { loinc: '789-8', referenceRanges: [range(4.3, 5.8, MALE), range(3.8, 5.1, FEMALE)] }),
  quantitative('HGB', '血红蛋白', 'HGB', 'Haemoglobin', 'g/L', 0, {
    loinc: '718-7',
    referenceRanges: [range(130, 175, MALE), range(115, 150, FEMALE)],
    criticalLimits: [critical(50, 200)],
    absoluteLimits: { low: 0, high: 250 },
    delta: { windowDays: 3, maxAbsolute: 20 },
  }),
  quantitative('HCT', '红细胞压积', 'HCT', 'Haematocrit', '%', 1, { loinc: '4544-3', referenceRanges: [range(40, 50, MALE), range(35, 45, FEMALE)], absoluteLimits: { low: 0, high: 100 } }),
  quantitative('MCV', '平均红细胞体积', 'MCV', 'Mean corpuscular volume', 'fL', 1, { loinc: '787-2', referenceRanges: [range(82, 100)] }),
  quantitative('MCH', '平均红细胞血红蛋白含量', 'MCH', 'Mean corpuscular haemoglobin', 'pg', 1, { loinc: '785-6', referenceRanges: [range(27, 34)] }),
  quantitative('MCHC', '平均红细胞血红蛋白浓度', 'MCHC', 'Mean corpuscular haemoglobin concentration', 'g/L', 0, { loinc: '786-4', referenceRanges: [range(316, 354)] }),
  quantitative('RDW-CV', '红细胞分布宽度-变异系数', 'RDW-CV', 'Red cell distribution width (CV)', '%', 1, { loinc: '788-0', referenceRanges: [range(11.0, 16.0)] }),
  quantitative('RDW-SD', '红细胞分布宽度-标准差', 'RDW-SD', 'Red cell distribution width (SD)', 'fL', 1, { loinc: '21000-5', referenceRanges: [range(35.0, 56.0)] }),
  quantitative('PLT', '血小板计数', 'PLT', 'Platelet count', ABS, 0, {
    loinc: '777-3',
    referenceRanges: [range(125, 350)],
    criticalLimits: [critical(30, 1000)],
    absoluteLimits: { low: 0, high: 5000 },
    delta: { windowDays: 3, maxPercent: 50 },
  }),
  quantitative('MPV', '平均血小板体积', 'MPV', 'Mean platelet volume', 'fL', 1, { loinc: '32623-1', referenceRanges: [range(6.5, 12.0)] }),
  quantitative('PDW', '血小板分布宽度', 'PDW', 'Platelet distribution width', 'fL', 1, { referenceRanges: [range(9.0, 17.0)] }),
  quantitative('PCT', '血小板压积', 'PCT', 'Plateletcrit', '%', 2, { referenceRanges: [range(0.11, 0.28)] }),
]);

const GRADES = ['阴性', '±', '1+', '2+', '3+', '4+'];

/**
 * 尿常规 (urinalysis: dry-chemistry strip and microscopy of the sediment). Expected results and sediment counts as
 * 《全国临床检验操作规程》(第 4 版) gives them.
 */
export const URINE_TESTS: CatalogueTestInput[] = inReportOrder([
  descriptive('U-COL', '尿颜色', 'Urine colour', ['淡黄色', '黄色'], ['淡黄色', '黄色', '深黄色', '红色', '浓茶色', '乳白色']),
  descriptive('U-CLA', '尿透明度', 'Urine clarity', ['清', '透明'], ['清', '微浑', '浑浊']),
  quantitative('U-PH', '尿酸碱度', 'pH', 'Urine pH', '', 1, { loinc: '5803-2', referenceRanges: [range(4.5, 8.0)], absoluteLimits: { low: 4, high: 10 } }),
  quantitative('U-SG', '尿比重', 'SG', 'Urine specific gravity', '', 3, { loinc: '5811-5', referenceRanges: [range(1.003, 1.03)], absoluteLimits: { low: 1.0, high: 1.06 } }),
  qualitative('U-PRO', '尿蛋白', 'PRO', 'Urine protein', { loinc: '20454-5', commonResults: GRADES }),
  qualitative('U-GLU', '尿葡萄糖', 'GLU', 'Urine glucose', { loinc: '25428-4', commonResults: GRADES }),
  qualitative('U-KET', '尿酮体', 'KET', 'Urine ketones', { loinc: '2514-8', commonResults: GRADES }),
  qualitative('U-BIL', '尿胆红素', 'BIL', 'Urine bilirubin', { loinc: '5770-3', commonResults: GRADES }),
  qualitative('U-URO', '尿胆原', 'URO', 'Urine urobilinogen', { expected: ['阴性', '弱阳性', '正常'], commonResults: ['阴性', '弱阳性', '1+', '2+', '3+'] }),
  qualitative('U-BLD', '尿隐血', 'BLD', 'Urine occult blood', { loinc: '5794-3', commonResults: GRADES }),
  qualitative('U-NIT', '尿亚硝酸盐', 'NIT', 'Urine nitrite', { loinc: '5802-4' }),
  qualitative('U-LEU', '尿白细胞酯酶', 'LEU', 'Urine leukocyte esterase', { loinc: '5799-2', commonResults: GRADES }),
  quantitative('U-RBC', '尿沉渣红细胞', 'RBC', 'Urine sediment red cells', '/HP', 0, { referenceRanges: [range(0, 3)], method: '显微镜检查' }),
  quantitative('U-WBC', '尿沉渣白细胞', 'WBC', 'Urine sediment white cells', '/HP', 0, { referenceRanges: [range(0, 5)], method: '显微镜检查' }),
]);

/** 大便常规 + 隐血 (stool routine and occult blood), 《全国临床检验操作规程》(第 4 版). */
export const STOOL_TESTS: CatalogueTestInput[] = inReportOrder([
  descriptive('S-COL', '粪便颜色', 'Stool colour', ['黄色', '黄褐色', '棕黄色'], ['黄色', '黄褐色', '棕黄色', '黑色', '柏油样', '白陶土色', '红色', '绿色']),
  descriptive('S-CON', '粪便性状', 'Stool consistency', ['成形', '软便'], ['成形', '软便', '糊状', '稀水样', '黏液便', '脓血便']),
  descriptive('S-RBC', '粪便红细胞', 'Stool red cells (microscopy)', ['未见'], ['未见', '偶见', '0-2/HP', '3-5/HP', '满视野'], { method: '显微镜检查' }),
  descriptive('S-WBC', '粪便白细胞', 'Stool white cells (microscopy)', ['未见', '偶见'], ['未见', '偶见', '0-2/HP', '3-5/HP', '满视野'], { method: '显微镜检查' }),
  descriptive('S-OVA', '寄生虫卵', 'Parasite ova', ['未见'], ['未见', '检出蛔虫卵', '检出钩虫卵', '检出鞭虫卵'], { method: '显微镜检查' }),
  qualitative('S-OB', '粪便隐血', 'OB', 'Faecal occult blood', { loinc: '2335-8', method: '免疫胶体金法' }),
]);

/**
 * 凝血四项 (PT with INR, APTT, TT, fibrinogen), citrated plasma. PT, APTT and TT intervals depend on the reagent and
 * analyser and are left for the laboratory to establish (WS/T 402); FIB and INR carry the intervals commonly quoted
 * in Chinese textbooks. Critical limits as in README.
 */
export const COAG_TESTS: CatalogueTestInput[] = inReportOrder([
  quantitative('PT', '凝血酶原时间', 'PT', 'Prothrombin time', 's', 1, { loinc: '5902-2', criticalLimits: [critical(undefined, 30)], method: '凝固法' }),
  quantitative('INR', '国际标准化比值', 'INR', 'International normalised ratio', '', 2, { loinc: '6301-6', referenceRanges: [range(0.8, 1.2)], criticalLimits: [critical(undefined, 4.0)] }),
  quantitative('APTT', '活化部分凝血活酶时间', 'APTT', 'Activated partial thromboplastin time', 's', 1, { loinc: '3173-2', criticalLimits: [critical(undefined, 70)], method: '凝固法' }),
  quantitative('TT', '凝血酶时间', 'TT', 'Thrombin time', 's', 1, { loinc: '3243-3', method: '凝固法' }),
  quantitative('FIB', '纤维蛋白原', 'FIB', 'Fibrinogen', 'g/L', 2, { loinc: '3255-7', referenceRanges: [range(2.0, 4.0)], criticalLimits: [critical(1.0, undefined)], method: 'Clauss 法' }),
]);
