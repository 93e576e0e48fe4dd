import { catalogueCodeSystem, entries } from './build.ts';
import { EXAM_CATALOGUE } from '../urls.ts';

// Imaging items with their DICOM modality, body part and suggested recognition window.
export const EXAM_ITEMS = entries(`
  DR-CHEST | DR胸部正位片 | Chest radiograph (PA) | modality=DX bodyPart=胸部 validityDays=30
  DR-LSPINE | 腰椎正侧位DR | Lumbar spine radiographs | modality=DX bodyPart=腰椎 validityDays=90
  CT-HEAD | 头颅CT平扫 | Head CT, plain | modality=CT bodyPart=头颅 validityDays=30
  CT-CHEST | 胸部CT平扫 | Chest CT, plain | modality=CT bodyPart=胸部 validityDays=30
  CT-ABD | 上腹部CT平扫 | Upper abdomen CT, plain | modality=CT bodyPart=上腹部 validityDays=30
  MR-HEAD | 头颅MRI平扫 | Head MRI, plain | modality=MR bodyPart=头颅 validityDays=90
  MR-LSPINE | 腰椎MRI平扫 | Lumbar spine MRI, plain | modality=MR bodyPart=腰椎 validityDays=90
  MR-KNEE | 膝关节MRI平扫 | Knee MRI, plain | modality=MR bodyPart=膝关节 validityDays=90
  US-ABD | 腹部彩超（肝胆胰脾） | Abdominal ultrasound (liver, gallbladder, pancreas, spleen) | modality=US bodyPart=腹部 validityDays=30
  US-THY | 甲状腺彩超 | Thyroid ultrasound | modality=US bodyPart=甲状腺 validityDays=90
  US-HEART | 心脏彩超 | Echocardiography | modality=US bodyPart=心脏 validityDays=90
`);

export const examCatalogue = catalogueCodeSystem({
  url: EXAM_CATALOGUE,
  name: 'RecognitionExamItems',
  title: '区域互认检查项目目录',
  description: '医共体检查检验结果互认的影像检查项目，含检查类型（DICOM Modality）、检查部位和建议互认有效期（天）',
  properties: [
    { code: 'modality', type: 'string', description: 'DICOM 检查类型' },
    { code: 'bodyPart', type: 'string', description: '检查部位' },
    { code: 'validityDays', type: 'integer', description: '建议互认有效期（天）' },
  ],
  entries: EXAM_ITEMS,
});
