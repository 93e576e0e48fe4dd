import { CODE_PATTERN, LOINC_PATTERN, SPECIMEN_TYPE_PATTERN } from './codes.ts';
import { CAP_COLOURS, LAB_SECTIONS } from './terminology.ts';
import { type Schema } from '../http/schema.ts';

// JSON Schemas of /api/lis/catalogue: documented in OpenAPI and checked by `bodyOf` (every bad field named).

const code = { type: 'string', pattern: CODE_PATTERN, description: '代码（字母、数字及 _ - / . # % +，最长 32）/ code' } as const satisfies Schema;
const text = (max: number, description?: string): Schema => ({ type: 'string', maxLength: max, ...(description ? { description } : {}) });
const number: Schema = { type: 'number' };
const ageBound: Schema = {
  type: 'object',
  required: ['value', 'unit'],
  additionalProperties: false,
  properties: { value: { type: 'integer', minimum: 0, maximum: 150 * 365 }, unit: { type: 'string', enum: ['day', 'month', 'year'] } },
};
const population = {
  sex: { type: 'string', enum: ['male', 'female'] },
  ageFrom: { ...ageBound, description: '年龄下限（含）/ from (inclusive)' },
  ageTo: { ...ageBound, description: '年龄上限（不含），如 [0 天, 29 天) 为新生儿 / to (exclusive)' },
  specimen: { type: 'string', pattern: SPECIMEN_TYPE_PATTERN, description: '标本类型代码（区域标本类型代码表）/ specimen type code' },
} as const satisfies Record<string, Schema>;
const bounds: Schema = { type: 'object', additionalProperties: false, properties: { low: number, high: number } };

export const testSchema: Schema = {
  type: 'object',
  required: ['code', 'name'],
  additionalProperties: false,
  properties: {
    code,
    name: text(64, '中文名称 / name'),
    englishName: text(128),
    abbreviation: text(32),
    loinc: { type: 'string', pattern: LOINC_PATTERN },
    kind: { type: 'string', enum: ['quantitative', 'qualitative', 'text'] },
    unit: text(32),
    decimals: { type: 'integer', minimum: 0, maximum: 6 },
    method: text(128),
    referenceRanges: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { ...population, low: number, high: number, lowExclusive: { type: 'boolean' }, highExclusive: { type: 'boolean' }, expected: { type: 'array', maxItems: 20, items: text(32) }, text: text(64) },
      },
    },
    criticalLimits: { type: 'array', maxItems: 20, items: { type: 'object', additionalProperties: false, properties: { ...population, low: number, high: number, texts: { type: 'array', maxItems: 20, items: text(64) } } } },
    absoluteLimits: bounds,
    formula: text(500, 'labcore 公式，引用项目代码（含符号的写成 [HDL-C]）、age、sex / labcore expression'),
    formulaCondition: text(200),
    autoverifyLimits: bounds,
    delta: {
      type: 'object',
      required: ['windowDays'],
      additionalProperties: false,
      properties: {
        windowDays: { type: 'number', minimum: 0 },
        maxAbsolute: { type: 'number', minimum: 0 },
        maxPercent: { type: 'number', minimum: 0 },
        maxRatePerDay: { type: 'number', minimum: 0 },
        direction: { type: 'string', enum: ['both', 'increase', 'decrease'] },
      },
    },
    commonResults: { type: 'array', maxItems: 50, items: text(64) },
    reportOrder: { type: 'integer', minimum: 0 },
    interpretation: text(2000),
    active: { type: 'boolean' },
  },
};

export const panelSchema: Schema = {
  type: 'object',
  required: ['code', 'name', 'section', 'tube', 'tests'],
  additionalProperties: false,
  properties: {
    code,
    name: text(64),
    englishName: text(128),
    section: { type: 'string', enum: LAB_SECTIONS.map((s) => s.code), description: '专业组 / lab section' },
    tube: { ...code, description: '标本容器代码 / tube code' },
    tests: { type: 'array', minItems: 1, maxItems: 200, items: code, description: '项目代码，按报告顺序 / test codes in report order' },
    price: { type: 'number', minimum: 0, description: '价格（元）/ price in yuan' },
    tatTargetMinutes: { type: 'integer', minimum: 1, description: '周转时间目标（分钟，签收至报告）/ TAT target, receipt to report' },
    description: text(2000),
    active: { type: 'boolean' },
  },
};

export const tubeSchema: Schema = {
  type: 'object',
  required: ['code', 'name', 'specimenType', 'capColour'],
  additionalProperties: false,
  properties: {
    code,
    name: text(64),
    specimenType: { type: 'string', pattern: SPECIMEN_TYPE_PATTERN, description: '标本类型代码 / specimen type code' },
    capColour: { type: 'string', enum: Object.keys(CAP_COLOURS), description: '管帽颜色 / cap colour' },
    additive: text(64),
    volumeMl: { type: 'number', minimum: 0 },
    minVolumeMl: { type: 'number', minimum: 0 },
    collectionNote: text(500),
    active: { type: 'boolean' },
  },
};

export const importSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tubes: { type: 'array', maxItems: 500, items: tubeSchema },
    tests: { type: 'array', maxItems: 5000, items: testSchema },
    panels: { type: 'array', maxItems: 2000, items: panelSchema },
  },
};

export const listQuery: Schema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: 64, description: '代码、名称、英文名/缩写，或名称拼音首字母/全拼（前缀）/ code, name, or pinyin' },
    section: { type: 'string', maxLength: 32 },
    active: { type: 'string', enum: ['true', 'false', 'all'], description: '默认只列在用项目 / default: active only' },
    institution: { type: 'string', maxLength: 64, description: '区域用户指定机构 / institution (region-wide callers)' },
    _count: { type: 'integer', minimum: 1, maximum: 500 },
    _offset: { type: 'integer', minimum: 0 },
  },
};

export const codeParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 64 } } } as const;

/** Response shapes (open: they carry the stored entry with its id, version and pinyin). */
export const entryResponse = { type: 'object', additionalProperties: true } as const;
export const listResponse = { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: entryResponse } } } as const;
const counts = { type: 'object', properties: { tubes: { type: 'integer' }, tests: { type: 'integer' }, panels: { type: 'integer' } } } as const;
export const importResponse = { type: 'object', properties: { created: counts, updated: counts, unchanged: counts } } as const;
