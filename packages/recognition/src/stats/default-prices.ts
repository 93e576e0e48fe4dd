/**
 * Default unit prices (元) of the regional catalogue's items, used for "money saved" when a year sets no price of
 * its own. **Illustrative** figures in the range of county-level public hospital charges (panels as ordered, analytes
 * when ordered alone, imaging per examination); a region replaces them with its price bureau's list through
 * `PUT /admin/years/{year}/prices`.
 */
export const DEFAULT_PRICES: Readonly<Record<string, number>> = {
  // Lab panels
  CBC: 20, UA: 10, LFT: 60, RFT: 35, LIPID: 40, 'GLU-PANEL': 60, ELEC: 28, TFT: 120, COAG: 45,
  // 血常规 analytes
  WBC: 3, RBC: 3, HGB: 3, HCT: 2, MCV: 2, MCH: 2, MCHC: 2, PLT: 3, 'NEUT-R': 2, 'LYMPH-R': 2,
  // 尿常规 analytes
  'U-PH': 2, 'U-SG': 2, 'U-PRO': 2, 'U-GLU': 2, 'U-KET': 2, 'U-BLD': 2, 'U-LEU': 2,
  // 肝功能, 肾功能, 血脂, 血糖
  ALT: 6, AST: 6, GGT: 6, ALP: 6, TBIL: 5, DBIL: 5, TP: 4, ALB: 4,
  UREA: 5, CREA: 6, URIC: 5, CYSC: 20,
  TC: 6, TG: 6, 'HDL-C': 10, 'LDL-C': 10,
  GLU: 5, HBA1C: 55,
  // 电解质, 甲状腺功能, 凝血功能
  K: 6, NA: 6, CL: 6, CA: 6,
  TSH: 30, FT3: 25, FT4: 25, T3: 20, T4: 20,
  PT: 10, INR: 5, APTT: 10, FIB: 12,
  // Imaging
  'DR-CHEST': 60, 'DR-LSPINE': 100, 'CT-HEAD': 150, 'CT-CHEST': 200, 'CT-ABD': 220,
  'MR-HEAD': 450, 'MR-LSPINE': 480, 'MR-KNEE': 480, 'US-ABD': 120, 'US-THY': 80, 'US-HEART': 180,
};
