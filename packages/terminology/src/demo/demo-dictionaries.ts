/**
 * Demonstration institution dictionaries: what two HIS/LIS vendors of the demo region (青山县) would export. The
 * county hospital's LIS numbers its items `LIS…` (组合 001–0xx, 明细 1xx under them); the township centre's
 * older HIS uses `JY…`. `target` is the code in the regional recognition catalogue the item corresponds to;
 * `null` leaves the item unmapped (no counterpart in the catalogue), so the 未映射报告 has something to show.
 */
export interface DemoDictionaryItem {
  code: string;
  name: string;
  parent?: string;
  target: string | null;
}

export interface DemoDictionary {
  institution: string;
  kind: 'lab-items' | 'exam-items';
  title: string;
  /** The standard the items are mapped to (a recognition catalogue). */
  standard: string;
  items: DemoDictionaryItem[];
}

/** The recognition module's catalogues (its `src/urls.ts`); named here, not imported, as modules share no code. */
export const RECOGNITION_LAB_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/lab-items';
export const RECOGNITION_EXAM_CATALOGUE = 'https://medunion.org/fhir/CodeSystem/recognition/exam-items';

const item = (code: string, name: string, target: string | null, parent?: string): DemoDictionaryItem => ({ code, name, target, ...(parent ? { parent } : {}) });

export const DEMO_DICTIONARIES: DemoDictionary[] = [
  {
    institution: 'lead-hospital',
    kind: 'lab-items',
    title: '青山县人民医院检验项目字典（LIS）',
    standard: RECOGNITION_LAB_CATALOGUE,
    items: [
      item('LIS001', '血常规五分类', 'CBC'),
      item('LIS101', '白细胞计数(WBC)', 'WBC', 'LIS001'),
      item('LIS102', '红细胞计数(RBC)', 'RBC', 'LIS001'),
      item('LIS103', '血红蛋白(HGB)', 'HGB', 'LIS001'),
      item('LIS104', '血小板计数(PLT)', 'PLT', 'LIS001'),
      item('LIS002', '尿常规+尿沉渣', 'UA'),
      item('LIS003', '肝功能八项', 'LFT'),
      item('LIS111', '谷丙转氨酶(ALT)', 'ALT', 'LIS003'),
      item('LIS112', '谷草转氨酶(AST)', 'AST', 'LIS003'),
      item('LIS113', '总胆红素(TBIL)', 'TBIL', 'LIS003'),
      item('LIS114', '白蛋白(ALB)', 'ALB', 'LIS003'),
      item('LIS004', '肾功能三项', 'RFT'),
      item('LIS005', '血脂四项', 'LIPID'),
      item('LIS006', '空腹血糖', 'GLU'),
      item('LIS007', '甲功五项', 'TFT'),
      item('LIS008', '凝血四项', 'COAG'),
      item('LIS021', 'C反应蛋白(CRP)', null),
      item('LIS022', '乙肝两对半定量', null),
      item('LIS023', '心肌酶谱', null),
    ],
  },
  {
    institution: 'lead-hospital',
    kind: 'exam-items',
    title: '青山县人民医院检查项目字典（RIS）',
    standard: RECOGNITION_EXAM_CATALOGUE,
    items: [
      item('RIS-CT01', '胸部CT平扫', 'CT-CHEST'),
      item('RIS-CT02', '头颅CT平扫', 'CT-HEAD'),
      item('RIS-DR01', '胸部正位片(DR)', 'DR-CHEST'),
      item('RIS-US01', '腹部彩超(肝胆胰脾)', 'US-ABD'),
      item('RIS-MR01', '头颅MRI平扫', 'MR-HEAD'),
      item('RIS-CT09', '冠状动脉CTA', null),
    ],
  },
  {
    institution: 'thc-hexi',
    kind: 'lab-items',
    title: '河西镇卫生院检验项目字典',
    standard: RECOGNITION_LAB_CATALOGUE,
    items: [
      item('JY01', '血常规(三分类)', 'CBC'),
      item('JY0101', '白细胞', 'WBC', 'JY01'),
      item('JY0102', '红细胞', 'RBC', 'JY01'),
      item('JY0103', '血红蛋白', 'HGB', 'JY01'),
      item('JY0104', '血小板', 'PLT', 'JY01'),
      item('JY02', '尿常规', 'UA'),
      item('JY03', '肝功能', 'LFT'),
      item('JY0301', '谷丙转氨酶', 'ALT', 'JY03'),
      item('JY0302', '谷草转氨酶', 'AST', 'JY03'),
      item('JY04', '肾功能', 'RFT'),
      item('JY05', '血糖', 'GLU'),
      item('JY06', '血脂', 'LIPID'),
      item('JY07', '电解质', 'ELEC'),
      item('JY21', '血沉', null),
      item('JY22', '大便常规+潜血', null),
    ],
  },
];
