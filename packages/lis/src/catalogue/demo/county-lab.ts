import type { CatalogueImport, CataloguePanelInput, CatalogueTestInput } from '../../contracts/catalogue.ts';
import { CARDIAC_TESTS, ELECTROLYTE_TESTS, GLUCOSE_TESTS, KIDNEY_TESTS, LIPID_TESTS, LIVER_TESTS } from './chemistry.ts';
import { CBC_TESTS, COAG_TESTS, STOOL_TESTS, URINE_TESTS } from './clinical.ts';
import { CRP_TESTS, HBV_TESTS, INFECTION_TESTS, MOLECULAR_TESTS, THYROID_TESTS } from './immunology.ts';
import { DEMO_TUBES } from './tubes.ts';

const codes = (tests: CatalogueTestInput[]) => tests.map((t) => t.code);

/**
 * The orderable panels of a county hospital laboratory. Prices are illustrative yuan (provinces set their own
 * service prices); TAT targets (minutes from receipt to report) follow common practice for routine work.
 */
export const DEMO_PANELS: CataloguePanelInput[] = [
  { code: 'CBC', name: '血常规（五分类）', englishName: 'Complete blood count (5-part)', section: 'clinical', tube: 'EDTA', tests: codes(CBC_TESTS), price: 20, tatTargetMinutes: 30 },
  { code: 'UA', name: '尿常规', englishName: 'Urinalysis', section: 'clinical', tube: 'URINE', tests: codes(URINE_TESTS), price: 10, tatTargetMinutes: 30 },
  { code: 'STOOL', name: '大便常规+隐血', englishName: 'Stool routine and occult blood', section: 'clinical', tube: 'STOOL', tests: codes(STOOL_TESTS), price: 12, tatTargetMinutes: 30 },
  { code: 'COAG', name: '凝血四项', englishName: 'Coagulation panel', section: 'clinical', tube: 'CIT', tests: codes(COAG_TESTS), price: 60, tatTargetMinutes: 60 },
  { code: 'LFT', name: '肝功能', englishName: 'Liver function tests', section: 'biochemistry', tube: 'SST', tests: codes(LIVER_TESTS), price: 65, tatTargetMinutes: 240 },
  { code: 'RFT', name: '肾功能', englishName: 'Renal function tests', section: 'biochemistry', tube: 'SST', tests: codes(KIDNEY_TESTS), price: 30, tatTargetMinutes: 240 },
  { code: 'LIPID', name: '血脂四项', englishName: 'Lipid panel', section: 'biochemistry', tube: 'SST', tests: codes(LIPID_TESTS), price: 32, tatTargetMinutes: 240 },
  { code: 'FBG', name: '空腹血糖', englishName: 'Fasting plasma glucose', section: 'biochemistry', tube: 'NAF', tests: ['GLU'], price: 5, tatTargetMinutes: 120 },
  { code: 'ELEC', name: '电解质', englishName: 'Electrolytes', section: 'biochemistry', tube: 'SST', tests: codes(ELECTROLYTE_TESTS), price: 24, tatTargetMinutes: 120 },
  { code: 'CARD', name: '心肌酶谱', englishName: 'Cardiac enzymes', section: 'biochemistry', tube: 'SST', tests: ['AST', ...codes(CARDIAC_TESTS)], price: 55, tatTargetMinutes: 120 },
  { code: 'HBA1C', name: '糖化血红蛋白', englishName: 'Haemoglobin A1c', section: 'biochemistry', tube: 'EDTA', tests: ['HBA1C'], price: 50, tatTargetMinutes: 240 },
  { code: 'TFT', name: '甲状腺功能五项', englishName: 'Thyroid function', section: 'immunology', tube: 'PLAIN', tests: codes(THYROID_TESTS), price: 120, tatTargetMinutes: 1440 },
  { code: 'HBV5', name: '乙肝五项', englishName: 'Hepatitis B serology', section: 'immunology', tube: 'PLAIN', tests: codes(HBV_TESTS), price: 50, tatTargetMinutes: 1440 },
  { code: 'INF4', name: '感染四项（术前）', englishName: 'Pre-operative infection screen', section: 'immunology', tube: 'PLAIN', tests: ['HBSAG', ...codes(INFECTION_TESTS)], price: 120, tatTargetMinutes: 1440 },
  { code: 'CRP', name: 'C-反应蛋白', englishName: 'C-reactive protein', section: 'immunology', tube: 'PLAIN', tests: ['CRP'], price: 25, tatTargetMinutes: 60 },
  { code: 'COV-POOL', name: '新冠病毒核酸检测（10合1混采）', englishName: 'SARS-CoV-2 RNA, pooled 10:1', section: 'molecular', tube: 'SWAB', tests: ['SARS2-RNA'], price: 3.5, tatTargetMinutes: 720 },
];

/** Every test of the county catalogue, in report-order blocks. */
export const DEMO_TESTS: CatalogueTestInput[] = [
  ...CBC_TESTS,
  ...URINE_TESTS,
  ...STOOL_TESTS,
  ...COAG_TESTS,
  ...LIVER_TESTS,
  ...KIDNEY_TESTS,
  ...LIPID_TESTS,
  ...GLUCOSE_TESTS,
  ...ELECTROLYTE_TESTS,
  ...CARDIAC_TESTS,
  ...THYROID_TESTS,
  ...HBV_TESTS,
  ...INFECTION_TESTS,
  ...CRP_TESTS,
  ...MOLECULAR_TESTS,
];

/** The lead hospital's whole catalogue. */
export function countyLabCatalogue(): CatalogueImport {
  return { tubes: DEMO_TUBES, tests: DEMO_TESTS, panels: DEMO_PANELS };
}

/** What a township health centre's laboratory runs: the basic panels, with only the tests and tubes they need. */
export const TOWNSHIP_PANELS = ['CBC', 'UA', 'STOOL', 'LFT', 'RFT', 'LIPID', 'FBG', 'ELEC', 'CRP', 'HBV5'];

export function townshipLabCatalogue(): CatalogueImport {
  const panels = DEMO_PANELS.filter((p) => TOWNSHIP_PANELS.includes(p.code));
  const testCodes = new Set(panels.flatMap((p) => p.tests));
  const tubeCodes = new Set(panels.map((p) => p.tube));
  return { tubes: DEMO_TUBES.filter((t) => tubeCodes.has(t.code)), tests: DEMO_TESTS.filter((t) => testCodes.has(t.code)), panels };
}
