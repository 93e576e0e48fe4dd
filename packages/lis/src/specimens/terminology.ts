import type { CodeSystem } from '@medplum/fhirtypes';
import { CS, type SpecimenStatus } from '../urls.ts';
import { TASK_CODES } from './codes.ts';

/** The LIS workflow statuses with their Chinese names (CS.specimenStatus). */
export const SPECIMEN_STATUS_NAMES: Record<SpecimenStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记（待采集）', en: 'registered (to collect)' },
  collected: { zh: '已采集', en: 'collected' },
  received: { zh: '已签收', en: 'received' },
  'in-test': { zh: '检验中', en: 'in test' },
  resulted: { zh: '已出结果', en: 'resulted' },
  reviewed: { zh: '已审核', en: 'reviewed' },
  printed: { zh: '已打印', en: 'printed' },
  rejected: { zh: '已拒收', en: 'rejected' },
};

/** 拒收原因 (rejection reasons) a county laboratory uses (WS/T 225—2002 临床化学检验血液标本的收集与处理; CLSI GP33 terms). */
export const REJECTION_REASONS: Record<string, { zh: string; en: string }> = {
  hemolysed: { zh: '溶血', en: 'haemolysed' },
  lipaemic: { zh: '脂血', en: 'lipaemic' },
  clotted: { zh: '凝块', en: 'clotted' },
  insufficient: { zh: '量不足', en: 'insufficient volume' },
  'label-error': { zh: '标签错误或与申请不符', en: 'label missing, wrong or not matching the order' },
  'wrong-container': { zh: '采集管错误', en: 'wrong tube or container' },
  'wrong-ratio': { zh: '抗凝比例不当', en: 'wrong blood-to-anticoagulant ratio' },
  delayed: { zh: '超时送检', en: 'delivered too late' },
  contaminated: { zh: '标本污染', en: 'contaminated' },
  leaked: { zh: '容器破损或渗漏', en: 'container broken or leaking' },
  other: { zh: '其他', en: 'other' },
};

const codeSystem = (url: string, name: string, title: string, description: string, entries: Record<string, { zh: string; en: string }>): CodeSystem => ({
  resourceType: 'CodeSystem',
  url,
  version: '1',
  name,
  title,
  status: 'active',
  content: 'complete',
  publisher: 'Medunion',
  description,
  concept: Object.entries(entries).map(([code, n]) => ({ code, display: n.zh, designation: [{ language: 'en', value: n.en }] })),
});

export const specimensTerminology: CodeSystem[] = [
  codeSystem(CS.specimenStatus, 'LisSpecimenStatus', '标本状态', 'LIS workflow status of a specimen; each change is a row of the lis_specimen_event ledger.', SPECIMEN_STATUS_NAMES),
  codeSystem(CS.rejectionReason, 'LisRejectionReason', '标本拒收原因', 'Why the laboratory rejected a specimen; the ordering ward sees it with a recollection task.', REJECTION_REASONS),
  codeSystem(TASK_CODES, 'LisTask', '检验任务类型', 'Tasks the LIS opens for other departments.', {
    recollect: { zh: '重新采集标本', en: 'collect the specimen again' },
    recall: { zh: '混检阳性召回复检', en: 'recall for retesting (positive pool)' },
  }),
];
