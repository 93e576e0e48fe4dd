import type { CodeSystem } from '@medplum/fhirtypes';
import { SYSTEM } from '../urls.ts';
import { nationalCodeSystem, table } from './build.ts';

/** Specimen types a county laboratory receives (常用检验标本类型); medunion codes, see README. */
export const specimenTypes: CodeSystem = nationalCodeSystem({
  url: SYSTEM.specimenType,
  version: '1',
  name: 'SpecimenType',
  title: '标本类型',
  titleEn: 'Specimen type',
  description: '常用检验标本类型',
  concepts: table(`
    01	全血	Whole blood
    02	血清	Serum
    03	血浆	Plasma
    04	动脉血	Arterial blood
    05	静脉血	Venous blood
    06	末梢血	Capillary blood
    07	尿液	Urine
    08	24小时尿	24-hour urine
    09	粪便	Stool
    10	脑脊液	Cerebrospinal fluid
    11	胸水	Pleural fluid
    12	腹水	Ascitic fluid
    13	心包积液	Pericardial fluid
    14	关节腔积液	Synovial fluid
    15	痰液	Sputum
    16	咽拭子	Throat swab
    17	鼻咽拭子	Nasopharyngeal swab
    18	肺泡灌洗液	Bronchoalveolar lavage fluid
    19	精液	Semen
    20	前列腺液	Prostatic fluid
    21	阴道分泌物	Vaginal discharge
    22	宫颈分泌物	Cervical secretion
    23	尿道分泌物	Urethral discharge
    24	脓液	Pus
    25	伤口分泌物	Wound exudate
    26	骨髓	Bone marrow
    27	组织	Tissue
    28	胆汁	Bile
    29	胃液	Gastric juice
    30	乳汁	Breast milk
    31	羊水	Amniotic fluid
    32	呕吐物	Vomitus
    33	毛发	Hair
    34	指甲	Nail
    99	其他	Other
  `),
});
