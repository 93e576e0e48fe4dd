import type { Schema } from '../routes/check-body.ts';
import { DECISION_KINDS } from '../decisions/ledger.ts';
import { REFUSAL_REASON_CODES } from '../decisions/reasons.ts';

/** Request and response schemas of the doctor-side interface (OpenAPI: tag recognition-query). */

const patientFields = {
  mrn: { type: 'string', maxLength: 64, description: '本院病历号（调用方机构的病历号）' },
  idCard: { type: 'string', maxLength: 18, pattern: '^[0-9]{17}[0-9Xx]$', description: '居民身份证号' },
  patient: { type: 'string', maxLength: 72, description: '平台 Patient id（主索引或来源记录）' },
  encounter: { type: 'string', maxLength: 72, description: '本机构就诊 Encounter id：本院无该患者登记记录时，凭本院就诊证明患者在诊' },
} as const satisfies Record<string, Schema>;

export const patientQuery: Schema = { type: 'object', properties: patientFields };

const codes = { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 40 } } as const satisfies Schema;

export const queryBody: Schema = {
  type: 'object',
  properties: {
    ...patientFields,
    items: { ...codes, description: '区域互认项目代码（组合或明细），如 CBC、WBC、CT-CHEST' },
    institution: { type: 'string', maxLength: 64, description: '出具机构：Organization id 或机构代码' },
    from: { type: 'string', format: 'date', description: '检验/检查日期起（含）' },
    to: { type: 'string', format: 'date', description: '检验/检查日期止（含）' },
  },
  examples: [{ mrn: 'M0001', items: ['CBC'], from: '2026-03-01', to: '2026-03-31' }],
};

export const checkOrderBody: Schema = {
  type: 'object',
  required: ['items'],
  properties: {
    ...patientFields,
    orderNo: { type: 'string', maxLength: 64, description: '医嘱/处方号' },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', maxLength: 40, description: '区域互认项目代码' },
          localCode: { type: 'string', maxLength: 64, description: '院内项目代码（按本机构字典对照翻译）' },
          kind: { type: 'string', enum: ['lab', 'exam'], description: 'localCode 的类别，默认 lab' },
          name: { type: 'string', maxLength: 200 },
        },
      },
    },
  },
  examples: [{ mrn: 'M0001', orderNo: 'CF20260301001', items: [{ code: 'CBC' }, { localCode: 'CT001', kind: 'exam', name: '胸部CT平扫' }] }],
};

export const decisionBody: Schema = {
  type: 'object',
  required: ['clientKey', 'kind', 'reportId'],
  properties: {
    ...patientFields,
    clientKey: { type: 'string', maxLength: 100, pattern: '^[A-Za-z0-9._:\\-/]+$', description: '调用方生成的唯一键：同一键重复提交返回原记录（幂等）' },
    kind: { type: 'string', enum: DECISION_KINDS, description: 'recognize 互认（引用）/ refuse 不互认 / reminder 提醒 / view 查看 / quote 引用 / revoke-refusal 撤销不互认' },
    reportId: { type: 'string', maxLength: 64, description: '报告 id（互认列表中的 reportId）' },
    itemCode: { type: 'string', maxLength: 40, description: '报告中的区域项目代码' },
    reasonCode: { type: 'string', enum: REFUSAL_REASON_CODES, description: '不互认原因（CodeSystem recognition/refusal-reason）' },
    reasonText: { type: 'string', maxLength: 500, description: '原因说明：原因为 other（其他）时必填' },
    orderNo: { type: 'string', maxLength: 64, description: '医嘱/处方号' },
    department: { type: 'string', maxLength: 64, description: '开单科室代码' },
    revokes: { type: 'integer', minimum: 1, description: 'revoke-refusal：被撤销的不互认记录 id' },
  },
  examples: [
    { mrn: 'M0001', clientKey: 'HIS-CF20260301001-1', kind: 'recognize', reportId: '7f1c…', itemCode: 'CBC', orderNo: 'CF20260301001' },
    { mrn: 'M0001', clientKey: 'HIS-CF20260301001-2', kind: 'refuse', reportId: '9a2d…', itemCode: 'CT-CHEST', reasonCode: 'condition-changed' },
  ],
};

const str = { type: 'string' } as const;
const offered = {
  type: 'object',
  properties: {
    itemCode: str, itemName: str, kind: str, reportId: str, reportNo: str, observationId: str, institution: str, institutionName: str,
    patientId: str, effective: str, issued: str, validUntil: str, value: str, unit: str, flag: str, referenceRange: str, conclusion: str,
  },
} as const;

export const listResponse = {
  type: 'object',
  properties: {
    patientId: str,
    count: { type: 'integer', description: '可互认结果数（图标数字）' },
    reportCount: { type: 'integer' },
    url: { type: 'string', description: '嵌入式互认页面地址（供医生站弹出）' },
    results: { type: 'array', items: offered },
  },
} as const;

const duplicate = {
  type: 'object',
  properties: { index: { type: 'integer' }, itemCode: str, itemName: str, result: offered, results: { type: 'array', items: offered }, decisionRequired: { type: 'boolean' } },
} as const;

export const checkResponse = {
  type: 'object',
  properties: {
    decisionRequired: { type: 'boolean', description: 'true：存在重复开单，必须逐项作出互认/不互认决定' },
    duplicates: { type: 'array', items: duplicate },
    clear: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, itemCode: str, itemName: str } } },
  },
} as const;

export const decisionSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, clientKey: str, kind: str, reportId: str, itemCode: str, patientId: str, reasonCode: str, reasonText: str, institution: str,
    department: str, practitioner: str, userId: str, userName: str, orderNo: str, encounter: str, revokes: { type: 'integer' }, revokedAt: str, affectedAt: str, recordedAt: str,
  },
} as const;

export const reportResponse = {
  type: 'object',
  properties: {
    report: { type: 'object', additionalProperties: true },
    results: { type: 'array', items: { type: 'object', additionalProperties: true } },
    pdf: { type: 'object', properties: { url: str, contentType: str, size: { type: 'integer' }, download: str } },
    resources: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'FHIR 资源原文（DiagnosticReport、Observation、ImagingStudy、DocumentReference），供本地留存' },
  },
} as const;

export const trendResponse = {
  type: 'object',
  properties: {
    itemCode: str,
    points: { type: 'array', items: { type: 'object', properties: { effective: str, value: { type: 'number' }, text: str, unit: str, flag: str, institution: str, institutionName: str, reportId: str, reportNo: str } } },
  },
} as const;
