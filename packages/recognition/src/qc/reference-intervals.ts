/**
 * Adult reference intervals of the catalogue's numeric analytes, the starting point of PBRTQC defaults (the
 * recognition catalogue itself carries units and windows, not intervals). Values follow the Chinese health-industry
 * standards WS/T 405 (blood cell analysis) and WS/T 404 (common clinical chemistry); where an interval differs by
 * sex the union is used, as the patient stream mixes both. A laboratory overrides them with its own population's
 * mean and SD through the QC settings.
 */
export const REFERENCE_INTERVALS: Readonly<Record<string, readonly [low: number, high: number]>> = {
  WBC: [3.5, 9.5],
  RBC: [3.8, 5.8],
  HGB: [115, 175],
  HCT: [35, 50],
  MCV: [82, 100],
  MCH: [27, 34],
  MCHC: [316, 354],
  PLT: [125, 350],
  ALT: [7, 50],
  AST: [13, 40],
  GGT: [7, 60],
  ALP: [35, 125],
  TP: [65, 85],
  ALB: [40, 55],
  UREA: [2.6, 8.0],
  CREA: [41, 97],
  K: [3.5, 5.3],
  NA: [137, 147],
  CL: [99, 110],
  CA: [2.11, 2.52],
  GLU: [3.9, 6.1],
};
