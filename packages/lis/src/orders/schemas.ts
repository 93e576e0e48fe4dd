import { CODE_PATTERN } from '../catalogue/codes.ts';
import { LAB_SECTIONS } from '../catalogue/terminology.ts';
import { type Schema } from '../http/schema.ts';

// JSON Schemas of /api/lis/orders: documented in OpenAPI and checked by `bodyOf` (every bad field named).

const code: Schema = { type: 'string', pattern: CODE_PATTERN };
const text = (max: number, description?: string): Schema => ({ type: 'string', maxLength: max, ...(description ? { description } : {}) });
export const REQUISITION_PATTERN = '^[A-Za-z0-9\\-_.]{1,32}$';

export const orderSchema: Schema = {
  type: 'object',
  required: ['patient'],
  additionalProperties: false,
  properties: {
    patient: {
      type: 'object',
      additionalProperties: false,
      description: '患者：id，或本机构病历号 mrn，或身份证号 idCard / the patient by id, MRN or ID card',
      properties: { id: text(64), mrn: text(32), idCard: { type: 'string', pattern: '^\\d{17}[\\dXx]$' } },
    },
    requisition: { type: 'string', pattern: REQUISITION_PATTERN, description: '申请单号，缺省时自动生成 / requisition number, generated when absent' },
    panels: { type: 'array', maxItems: 50, items: code, description: '检验组合代码 / panel codes' },
    template: { ...code, description: '医嘱模板代码 / order template code' },
    patientType: { type: 'string', enum: ['1', '2', '3', '4'], description: '1 门诊, 2 急诊, 3 住院, 4 体检' },
    department: text(64, '开单科室（科室 id 或代码）/ ordering department'),
    ward: text(32),
    bed: text(16),
    requester: text(64, '开单医生 Practitioner id，缺省为当前用户 / ordering doctor'),
    priority: { type: 'string', enum: ['routine', 'stat'] },
    diagnosis: text(200, '临床诊断 / clinical diagnosis'),
    diagnosisCode: text(16, 'ICD-10'),
    note: text(500),
    confirmDuplicates: { type: 'boolean', description: '确认重复开单 / confirm duplicate orders' },
    accession: { type: 'boolean', description: '同时分管并生成条码 / also accession into tubes' },
  },
};

export const cancelSchema: Schema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: text(200, '撤销原因 / reason'), panels: { type: 'array', maxItems: 50, items: code, description: '只撤销这些组合；缺省为整张申请单 / only these panels' } },
};

export const templateSchema: Schema = {
  type: 'object',
  required: ['code', 'name', 'section', 'panels'],
  additionalProperties: false,
  properties: {
    code,
    name: text(64),
    section: { type: 'string', enum: LAB_SECTIONS.map((s) => s.code) },
    panels: { type: 'array', minItems: 1, maxItems: 50, items: code },
    active: { type: 'boolean' },
  },
};

export const importQuery: Schema = {
  type: 'object',
  properties: {
    confirmDuplicates: { type: 'boolean', description: '确认重复开单 / confirm duplicate orders' },
    accession: { type: 'boolean', description: '同时分管并生成条码 / also accession' },
    institution: text(64),
  },
};

export const templateQuery: Schema = {
  type: 'object',
  properties: { section: text(32), q: text(64), active: { type: 'string', enum: ['true', 'false', 'all'] }, institution: text(64) },
};

const orderLine = { type: 'object', properties: { id: { type: 'string' }, panel: { type: 'string' }, panelName: { type: 'string' }, status: { type: 'string' }, priority: { type: 'string' } } } as const;
export const accessionedSpecimen = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    barcode: { type: 'string' },
    patientId: { type: 'string' },
    tube: { type: 'object', additionalProperties: true },
    panels: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
    priority: { type: 'string' },
  },
} as const;
export const orderResult = {
  type: 'object',
  properties: {
    requisition: { type: 'string' },
    patient: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    outcome: { type: 'string', enum: ['created', 'existing'] },
    orders: { type: 'array', items: orderLine },
    duplicates: { type: 'array', items: { type: 'object', additionalProperties: true } },
    specimens: { type: 'array', items: accessionedSpecimen },
  },
} as const;
export const importResult = { type: 'object', properties: { rows: { type: 'integer' }, requisitions: { type: 'array', items: orderResult } } } as const;
export const orderLines = { type: 'array', items: orderLine } as const;
export const templateResponse = { type: 'object', additionalProperties: true } as const;
export const requisitionParam = { type: 'object', required: ['requisition'], properties: { requisition: { type: 'string', pattern: REQUISITION_PATTERN } } } as const;
