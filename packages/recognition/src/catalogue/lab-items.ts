import { catalogueCodeSystem, entries, type CatalogueEntry } from './build.ts';
import { LAB_CATALOGUE } from '../urls.ts';

// Panels (组合, what a doctor orders) with their analytes (what a report lists). `specimen` is a code of the
// terminology module's specimen-type system (01 全血, 02 血清, 07 尿液, 03 血浆); `validityDays` is the suggested
// recognition window a year's item starts from; `unit` is the unit results are expected in.
const panel = (head: string, analytes: string): CatalogueEntry => ({ ...entries(head)[0], children: entries(analytes) });

export const LAB_ITEMS: CatalogueEntry[] = [
  panel('CBC | 血常规 | Complete blood count | specimen=01 validityDays=7', `
    WBC | 白细胞计数 | White blood cell count | unit=×10^9/L
    RBC | 红细胞计数 | Red blood cell count | unit=×10^12/L
    HGB | 血红蛋白 | Haemoglobin | unit=g/L
    HCT | 红细胞压积 | Haematocrit | unit=%
    MCV | 平均红细胞体积 | Mean corpuscular volume | unit=fL
    MCH | 平均红细胞血红蛋白量 | Mean corpuscular haemoglobin | unit=pg
    MCHC | 平均红细胞血红蛋白浓度 | Mean corpuscular haemoglobin concentration | unit=g/L
    PLT | 血小板计数 | Platelet count | unit=×10^9/L
    NEUT-R | 中性粒细胞百分比 | Neutrophils (%) | unit=%
    LYMPH-R | 淋巴细胞百分比 | Lymphocytes (%) | unit=%
  `),
  panel('UA | 尿常规 | Urinalysis | specimen=07 validityDays=7', `
    U-PH | 尿酸碱度 | Urine pH | unit=1
    U-SG | 尿比重 | Urine specific gravity | unit=1
    U-PRO | 尿蛋白 | Urine protein | unit=-
    U-GLU | 尿葡萄糖 | Urine glucose | unit=-
    U-KET | 尿酮体 | Urine ketones | unit=-
    U-BLD | 尿隐血 | Urine occult blood | unit=-
    U-LEU | 尿白细胞酯酶 | Urine leukocyte esterase | unit=-
  `),
  panel('LFT | 肝功能 | Liver function | specimen=02 validityDays=14', `
    ALT | 丙氨酸氨基转移酶 | Alanine aminotransferase | unit=U/L
    AST | 天门冬氨酸氨基转移酶 | Aspartate aminotransferase | unit=U/L
    GGT | γ-谷氨酰转移酶 | Gamma-glutamyl transferase | unit=U/L
    ALP | 碱性磷酸酶 | Alkaline phosphatase | unit=U/L
    TBIL | 总胆红素 | Total bilirubin | unit=μmol/L
    DBIL | 直接胆红素 | Direct bilirubin | unit=μmol/L
    TP | 总蛋白 | Total protein | unit=g/L
    ALB | 白蛋白 | Albumin | unit=g/L
  `),
  panel('RFT | 肾功能 | Renal function | specimen=02 validityDays=14', `
    UREA | 尿素 | Urea | unit=mmol/L
    CREA | 肌酐 | Creatinine | unit=μmol/L
    URIC | 尿酸 | Uric acid | unit=μmol/L
    CYSC | 胱抑素C | Cystatin C | unit=mg/L
  `),
  panel('LIPID | 血脂四项 | Lipid panel | specimen=02 validityDays=30', `
    TC | 总胆固醇 | Total cholesterol | unit=mmol/L
    TG | 甘油三酯 | Triglycerides | unit=mmol/L
    HDL-C | 高密度脂蛋白胆固醇 | HDL cholesterol | unit=mmol/L
    LDL-C | 低密度脂蛋白胆固醇 | LDL cholesterol | unit=mmol/L
  `),
  panel('GLU-PANEL | 血糖 | Blood glucose | specimen=02 validityDays=7', `
    GLU | 空腹血糖 | Fasting glucose | unit=mmol/L
    HBA1C | 糖化血红蛋白 | Glycated haemoglobin | unit=% validityDays=90
  `),
  panel('ELEC | 电解质 | Electrolytes | specimen=02 validityDays=7', `
    K | 钾 | Potassium | unit=mmol/L
    NA | 钠 | Sodium | unit=mmol/L
    CL | 氯 | Chloride | unit=mmol/L
    CA | 钙 | Calcium | unit=mmol/L
  `),
  panel('TFT | 甲状腺功能 | Thyroid function | specimen=02 validityDays=30', `
    TSH | 促甲状腺激素 | Thyroid-stimulating hormone | unit=mIU/L
    FT3 | 游离三碘甲状腺原氨酸 | Free T3 | unit=pmol/L
    FT4 | 游离甲状腺素 | Free T4 | unit=pmol/L
    T3 | 总三碘甲状腺原氨酸 | Total T3 | unit=nmol/L
    T4 | 总甲状腺素 | Total T4 | unit=nmol/L
  `),
  panel('COAG | 凝血功能 | Coagulation | specimen=03 validityDays=3', `
    PT | 凝血酶原时间 | Prothrombin time | unit=s
    INR | 国际标准化比值 | International normalised ratio | unit=1
    APTT | 活化部分凝血活酶时间 | Activated partial thromboplastin time | unit=s
    FIB | 纤维蛋白原 | Fibrinogen | unit=g/L
  `),
];

export const labCatalogue = catalogueCodeSystem({
  url: LAB_CATALOGUE,
  name: 'RecognitionLabItems',
  title: '区域互认检验项目目录',
  description: '医共体检查检验结果互认的检验项目（组合及其明细项目），含标本类型、计量单位和建议互认有效期（天）',
  properties: [
    { code: 'specimen', type: 'string', description: '标本类型（specimen-type 代码）' },
    { code: 'unit', type: 'string', description: '结果计量单位' },
    { code: 'validityDays', type: 'integer', description: '建议互认有效期（天）' },
  ],
  entries: LAB_ITEMS,
});
