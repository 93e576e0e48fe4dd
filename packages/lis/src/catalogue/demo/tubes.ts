import type { CatalogueTubeInput } from '../../contracts/catalogue.ts';

/**
 * Tubes and containers of a county laboratory. Additives and fill ratios as WS/T 661—2020 (静脉血液标本采集指南)
 * describes them; cap colours are the common vacuum-tube coding (ISO 6710 recommends it; Chinese manufacturers follow
 * it). Specimen types are codes of the regional specimen-type code system (terminology module).
 */
export const DEMO_TUBES: CatalogueTubeInput[] = [
  { code: 'EDTA', name: '紫头管（EDTA-K2 抗凝）', specimenType: '01', capColour: 'purple', additive: 'EDTA-K2', volumeMl: 2, minVolumeMl: 1, collectionNote: '采血后立即颠倒混匀 8 次，防止凝块' },
  { code: 'CIT', name: '蓝头管（枸橼酸钠 1:9）', specimenType: '03', capColour: 'blue', additive: '109 mmol/L 枸橼酸钠（3.2%），血液:抗凝剂 = 9:1', volumeMl: 2.7, minVolumeMl: 2.7, collectionNote: '采血量须达到刻度线；颠倒混匀 3–4 次；采集后 1 小时内送检' },
  { code: 'SST', name: '黄头管（促凝剂 + 分离胶）', specimenType: '02', capColour: 'yellow', additive: '促凝剂、分离胶', volumeMl: 5, minVolumeMl: 3, collectionNote: '空腹 8–12 小时采血；避免溶血；颠倒 5 次，凝固后离心' },
  { code: 'PLAIN', name: '红头管（促凝管，免疫）', specimenType: '02', capColour: 'red', additive: '促凝剂', volumeMl: 5, minVolumeMl: 3, collectionNote: '避免溶血、脂血' },
  { code: 'NAF', name: '灰头管（氟化钠/草酸钾）', specimenType: '03', capColour: 'grey', additive: '氟化钠、草酸钾', volumeMl: 2, minVolumeMl: 2, collectionNote: '空腹采血；氟化钠抑制糖酵解' },
  { code: 'HEP', name: '绿头管（肝素锂，急诊生化）', specimenType: '03', capColour: 'green', additive: '肝素锂', volumeMl: 4, minVolumeMl: 2, collectionNote: '急诊生化用，可立即离心' },
  { code: 'URINE', name: '一次性尿杯/尿管', specimenType: '07', capColour: 'none', volumeMl: 12, minVolumeMl: 10, collectionNote: '留取清洁中段晨尿 10 mL 以上，2 小时内送检' },
  { code: 'STOOL', name: '粪便标本盒', specimenType: '09', capColour: 'none', collectionNote: '取新鲜粪便有黏液脓血部分约蚕豆大小，1 小时内送检' },
  { code: 'SWAB', name: '病毒采样管（咽拭子）', specimenType: '16', capColour: 'white', additive: '病毒保存液', volumeMl: 3, collectionNote: '混采（10 合 1）时每管最多 10 人，拭子头折断于同一管内' },
];
