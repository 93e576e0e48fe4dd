import { type Schema } from '../../http/schema.ts';

/** Response shapes (contracts/results.ts) for OpenAPI; open objects, so nothing the contract adds is dropped. */
const open = (description: string, properties: Record<string, object> = {}): object => ({ type: 'object', description, additionalProperties: true, properties });
const list = (description: string, item: object): object => ({ type: 'array', description, items: item });

export const resultRowResponse = open('ResultRow: one result with flag, range, delta and auto-verification reasons', {
  observationId: { type: 'string' },
  testCode: { type: 'string' },
  testName: { type: 'string' },
  value: { type: 'string' },
  unit: { type: 'string' },
  flag: { type: ['string', 'null'] },
  symbol: { type: 'string' },
  referenceRange: { type: 'string' },
  status: { type: 'string' },
  critical: { type: 'boolean' },
});
export const reportSummaryResponse = open('ReportSummary', {
  reportId: { type: 'string' },
  reportNo: { type: 'string' },
  status: { type: 'string' },
  patientName: { type: 'string' },
  printedCount: { type: 'integer' },
});
export const specimenResultsResponse = open('SpecimenResults: results of a specimen, missing tests, reports', {
  specimenId: { type: 'string' },
  barcode: { type: 'string' },
  missing: { type: 'array', items: { type: 'string' } },
  results: list('results in report order', resultRowResponse),
  reports: list('reports of the specimen', reportSummaryResponse),
});
export const enterResultsResponse = open('EnterResultsResponse', { observations: list('results written', resultRowResponse), reports: list('reports touched', reportSummaryResponse) });
export const criticalValueResponse = open('CriticalValueItem: an open or acknowledged critical value');
export const historyResponse = list('ResultHistoryEntry[]: every version, newest first', open('ResultHistoryEntry'));
export const trendResponse = list('TrendSeries[]: per test, oldest first', open('TrendSeries', { testCode: { type: 'string' }, points: list('points', open('TrendPoint')) }));
export const patientResultsResponse = open('PatientResults: released reports with results, and trends', {
  patientId: { type: 'string' },
  reports: list('released reports, newest first', open('ReportSummary with results')),
  trends: trendResponse,
});

export const barcodeParam = { type: 'object', required: ['barcode'], properties: { barcode: { type: 'string', minLength: 1, maxLength: 64, description: '条码号或样本号' } } } as const;
export const idParam = (name: string, description: string) => ({ type: 'object', required: [name], properties: { [name]: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$', description } } }) as const;

export const enterResultsBody: Schema = {
  type: 'object',
  required: ['results'],
  additionalProperties: false,
  properties: {
    results: {
      type: 'array',
      minItems: 1,
      maxItems: 300,
      items: {
        type: 'object',
        required: ['testCode', 'value'],
        additionalProperties: false,
        properties: {
          testCode: { type: 'string', maxLength: 32, description: '检验项目代码' },
          value: { type: 'string', maxLength: 200, description: '结果：数值（5.6）、界值（<0.10）或文字（阴性、2+）' },
          unit: { type: 'string', maxLength: 40, description: '单位（缺省为项目单位）' },
        },
      },
    },
  },
  examples: [{ results: [{ testCode: 'WBC', value: '6.5' }, { testCode: 'U-PRO', value: '阴性' }] }],
};

export const acknowledgeBody: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: { note: { type: 'string', maxLength: 500, description: '接收人复述与处理（如：已通知主管医生，复述无误）' } },
  examples: [{ note: '已复述确认，已通知值班医生' }],
};

export const criticalQuery: Schema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['open', 'acknowledged', 'all'], description: '缺省 open（未确认）' },
    patient: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' },
    count: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
};

export const patientQuery: Schema = {
  type: 'object',
  properties: {
    from: { type: 'string', format: 'date', description: '起始日期（含）' },
    to: { type: 'string', format: 'date', description: '截止日期（含）' },
    count: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
};

export const trendQuery: Schema = {
  type: 'object',
  properties: {
    tests: { type: 'string', maxLength: 1000, pattern: '^[^|]*$', description: '项目代码，逗号分隔（缺省为全部）' },
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
  },
};
