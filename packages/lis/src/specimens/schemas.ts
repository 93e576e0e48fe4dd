import { SPECIMEN_STATUSES } from '../urls.ts';
import { MAX_POOL_SIZE } from './codes.ts';
import { MAX_LABELS } from './labels.ts';
import { MAX_BATCH } from './receive.ts';
import { REJECTION_REASONS } from './terminology.ts';
import { type Schema } from '../http/schema.ts';

// JSON Schemas of /api/lis/specimens: documented in OpenAPI and checked by `bodyOf`/`queryOf` (every bad field named).

export const BARCODE_PARAM_PATTERN = '^[A-Za-z0-9\\-_.]{1,64}$';
const barcode: Schema = { type: 'string', pattern: BARCODE_PARAM_PATTERN, description: '条码号 / barcode' };
const text = (max: number, description?: string): Schema => ({ type: 'string', maxLength: max, ...(description ? { description } : {}) });

export const barcodeParam = { type: 'object', required: ['barcode'], properties: { barcode: { type: 'string', maxLength: 64 } } } as const;

export const accessionSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    requisition: { type: 'string', pattern: '^[A-Za-z0-9\\-_.]{1,32}$', description: '申请单号 / requisition' },
    orders: { type: 'array', minItems: 1, maxItems: 200, items: text(64), description: '或医嘱（ServiceRequest）id / or order ids' },
  },
};

export const labelSchema: Schema = {
  type: 'object',
  required: ['barcodes'],
  additionalProperties: false,
  properties: {
    barcodes: { type: 'array', minItems: 1, maxItems: MAX_LABELS, items: barcode },
    layout: { type: 'string', enum: ['sheet', 'single'], description: 'sheet：A4 每页 24 枚（70×37 mm）；single：单张 50×30 mm' },
  },
};

export const collectSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { collectedAt: { type: 'string', format: 'date-time', description: '采集时间，缺省为当前 / when collected' }, collector: text(64, '采集者 Practitioner id，缺省为当前用户') },
};

export const receiveSchema: Schema = { type: 'object', required: ['barcodes'], additionalProperties: false, properties: { barcodes: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: barcode } } };

export const rejectSchema: Schema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', enum: Object.keys(REJECTION_REASONS), description: Object.entries(REJECTION_REASONS).map(([c, r]) => `${c} ${r.zh}`).join('；') }, note: text(500) },
};

export const concessionSchema: Schema = {
  type: 'object',
  required: ['reason', 'kind'],
  additionalProperties: false,
  properties: {
    reason: text(500, '让步原因 / reason'),
    kind: { type: 'string', enum: ['quality', 'green-channel'], description: 'quality：接受标本问题；green-channel：急诊/绿色通道/院批优先' },
    problem: { type: 'string', enum: Object.keys(REJECTION_REASONS), description: '接受的标本问题（quality 时必填）' },
  },
};

export const sampleNumberSchema: Schema = { type: 'object', required: ['instrument'], additionalProperties: false, properties: { instrument: { type: 'string', pattern: '^[A-Za-z0-9\\-_.]{1,32}$', description: '仪器代码 / instrument code' } } };

export const listQuery: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...SPECIMEN_STATUSES] },
    department: text(64, '开单科室 Organization id'),
    from: { type: 'string', format: 'date', description: '登记日期起（含），缺省今天' },
    to: { type: 'string', format: 'date', description: '登记日期止（含）' },
    institution: text(64),
    _count: { type: 'integer', minimum: 1, maximum: 200 },
    _offset: { type: 'integer', minimum: 0 },
  },
};

export const rejectionsQuery: Schema = {
  type: 'object',
  properties: { department: text(64, '科室 Organization id，缺省为当前用户所在科室'), status: { type: 'string', enum: ['open', 'all'] }, institution: text(64) },
};

export const poolSchema: Schema = {
  type: 'object',
  required: ['members'],
  additionalProperties: false,
  properties: { members: { type: 'array', minItems: 2, maxItems: MAX_POOL_SIZE, items: barcode, description: `单人标本条码，最多 ${MAX_POOL_SIZE} 个` } },
};

export const positiveSchema: Schema = { type: 'object', additionalProperties: false, properties: { note: text(500) } };

const open = { type: 'object', additionalProperties: true } as const;
export const specimenResponse = open;
export const listResponse = { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: open } } } as const;
export const receiveResponse = { type: 'array', items: open } as const;
export const poolResponse = { type: 'object', properties: { pool: open, members: { type: 'array', items: open } } } as const;
