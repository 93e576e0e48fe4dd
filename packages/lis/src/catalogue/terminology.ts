import type { CodeSystem } from '@medplum/fhirtypes';
import type { CapColour } from '../contracts/catalogue.ts';
import { CS } from '../urls.ts';

/** 专业组 (lab sections) a county laboratory is organised in; panels name one. */
export const LAB_SECTIONS: { code: string; zh: string; en: string }[] = [
  { code: 'clinical', zh: '临检', en: 'Clinical laboratory (haematology, urine, stool, coagulation)' },
  { code: 'biochemistry', zh: '生化', en: 'Clinical chemistry' },
  { code: 'immunology', zh: '免疫', en: 'Immunology and serology' },
  { code: 'microbiology', zh: '微生物', en: 'Microbiology' },
  { code: 'molecular', zh: '分子', en: 'Molecular diagnostics (PCR)' },
  { code: 'emergency', zh: '急诊', en: 'Emergency (stat) laboratory' },
];

/**
 * Tube cap colours (试管帽颜色) as Chinese laboratories name them, following the usual vacuum-tube convention
 * (WS/T 661—2020 静脉血液标本采集指南 lists tubes by additive; colours are the manufacturers' common coding, ISO 6710).
 * `hex` is what label sheets print beside the name.
 */
export const CAP_COLOURS: Record<CapColour, { zh: string; en: string; hex: string }> = {
  purple: { zh: '紫色', en: 'purple', hex: '#7B3FA0' },
  lavender: { zh: '淡紫色', en: 'lavender', hex: '#B9A3D6' },
  blue: { zh: '蓝色', en: 'light blue', hex: '#5DA9E9' },
  black: { zh: '黑色', en: 'black', hex: '#222222' },
  yellow: { zh: '黄色', en: 'yellow', hex: '#F2C500' },
  gold: { zh: '金黄色', en: 'gold', hex: '#D4A017' },
  red: { zh: '红色', en: 'red', hex: '#D32F2F' },
  grey: { zh: '灰色', en: 'grey', hex: '#9E9E9E' },
  green: { zh: '绿色', en: 'green', hex: '#2E7D32' },
  white: { zh: '白色', en: 'white', hex: '#FFFFFF' },
  none: { zh: '无盖/容器', en: 'no cap (container)', hex: '#FFFFFF' },
};

const codeSystem = (url: string, name: string, title: string, description: string, concept: CodeSystem['concept']): CodeSystem => ({
  resourceType: 'CodeSystem',
  url,
  version: '1',
  name,
  title,
  status: 'active',
  content: 'complete',
  publisher: 'Medunion',
  description,
  concept,
});

export const labSectionCodeSystem = codeSystem(
  CS.labSection,
  'LisLabSection',
  '检验专业组',
  'Lab sections (专业组) of the LIS: each panel belongs to one; worklists, statistics and TAT are kept per section.',
  LAB_SECTIONS.map((s) => ({ code: s.code, display: s.zh, designation: [{ language: 'en', value: s.en }] })),
);

export const capColourCodeSystem: CodeSystem = {
  ...codeSystem(
  CS.tube,
  'LisTubeCapColour',
  '采血管帽颜色',
  'Cap colours of specimen tubes (SpecimenDefinition.typeTested.container.cap), printed on barcode labels.',
  Object.entries(CAP_COLOURS).map(([code, c]) => ({
    code,
    display: c.zh,
    designation: [{ language: 'en', value: c.en }],
    property: [{ code: 'hex', valueString: c.hex }],
  })),
  ),
  property: [{ code: 'hex', type: 'string', description: 'RGB colour printed on labels' }],
};

export const catalogueTerminology: CodeSystem[] = [labSectionCodeSystem, capColourCodeSystem];

/** Whether a code names a lab section. */
export const isLabSection = (code: string): boolean => LAB_SECTIONS.some((s) => s.code === code);
