import { type Schema } from '../../http/schema.ts';

const open = (description: string, properties: Record<string, object> = {}): object => ({ type: 'object', description, additionalProperties: true, properties });

export const reportResponse = open('ReportSummary with its results', { reportId: { type: 'string' }, reportNo: { type: 'string' }, status: { type: 'string' }, results: { type: 'array', items: open('ResultRow') } });
export const reportListResponse = open('Print-centre page', { total: { type: 'integer' }, reports: { type: 'array', items: open('ReportSummary') } });
export const reviewOutcomesResponse = { type: 'array', items: open('ReviewOutcome', { reportId: { type: 'string' }, outcome: { type: 'string' } }) };
export const recallResponse = open('The recalled report and its reissue', { recalled: open('ReportSummary'), reissue: open('ReportSummary') });
export const verifyResponse = open('VerifyAnswer: report no., institution, patient initials, release time, hash match — nothing more', {
  found: { type: 'boolean' },
  state: { type: 'string' },
  reportNo: { type: 'string' },
  institution: { type: 'string' },
  patientInitials: { type: 'string' },
  reviewedAt: { type: 'string' },
  hashMatch: { type: 'boolean' },
  message: { type: 'string' },
});
export const templateResponse = open('ReportTemplate', { section: { type: 'string' }, version: { type: 'integer' }, options: open('ReportTemplateOptions') });
export const pushStatusResponse = open('RecognitionPushStatus');

export const reportIdParam = { type: 'object', required: ['reportId'], properties: { reportId: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$', description: 'DiagnosticReport id' } } } as const;

export const reasonBody: Schema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: { reason: { type: 'string', minLength: 2, maxLength: 500, description: '原因（记入修改痕迹）' } },
  examples: [{ reason: '标本溶血，需复查钾' }],
};

export const reportIdsBody: Schema = {
  type: 'object',
  required: ['reports'],
  additionalProperties: false,
  properties: { reports: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' }, description: 'DiagnosticReport ids' } },
  examples: [{ reports: ['5b1c…', '8e0a…'] }],
};

export const listQuery: Schema = {
  type: 'object',
  properties: {
    instrument: { type: 'string', maxLength: 64, description: '仪器（Device id）' },
    patientName: { type: 'string', maxLength: 50, description: '患者姓名（部分匹配）' },
    inpatientNo: { type: 'string', maxLength: 64, description: '住院号/病历号' },
    patient: { type: 'string', maxLength: 64, description: 'Patient id' },
    from: { type: 'string', format: 'date', description: '采样日期起（含）' },
    to: { type: 'string', format: 'date', description: '采样日期止（含）' },
    department: { type: 'string', maxLength: 64, description: '开单科室（id 或名称）' },
    doctor: { type: 'string', maxLength: 64, description: '开单医生（id 或姓名）' },
    section: { type: 'string', maxLength: 32, description: '专业组' },
    number: { type: 'string', maxLength: 64, description: '报告单号或条码号' },
    status: { type: 'string', enum: ['released', 'pending', 'recalled', 'all'], description: '缺省 all' },
    printed: { type: 'string', enum: ['true', 'false'] },
    count: { type: 'string', pattern: '^[0-9]{1,3}$' },
    offset: { type: 'string', pattern: '^[0-9]{1,6}$' },
  },
};

export const pdfQuery: Schema = { type: 'object', properties: { pageSize: { type: 'string', enum: ['A4', 'A5', 'B5'], description: '本次预览的纸张（缺省按打印模板）' } } };
export const verifyQuery: Schema = { type: 'object', properties: { d: { type: 'string', pattern: '^[0-9a-fA-F]{8,64}$', description: '二维码中的报告摘要（可选）' } } };
export const verifyParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 16, maxLength: 40, description: '防伪码（可带连字符）' } } } as const;

export const templateBody: Schema = {
  type: 'object',
  required: ['pageSize'],
  additionalProperties: false,
  properties: {
    pageSize: { type: 'string', enum: ['A4', 'A5', 'B5'] },
    orientation: { type: 'string', enum: ['portrait', 'landscape'] },
    doubleColumnAbove: { type: 'integer', minimum: 1, maximum: 200, description: '超过该项目数时双列打印' },
    title: { type: 'string', maxLength: 60, description: '报告标题（如 检验报告单）' },
    subtitle: { type: 'string', maxLength: 100 },
    footerNote: { type: 'string', maxLength: 300, description: '页脚说明' },
    showHistograms: { type: 'boolean' },
    showSignature: { type: 'boolean' },
    showQrCode: { type: 'boolean' },
    fontSize: { type: 'integer', minimum: 7, maximum: 12 },
  },
  examples: [{ pageSize: 'A5', orientation: 'landscape', doubleColumnAbove: 12, title: '检验报告单' }],
};
export const sectionParam = { type: 'object', required: ['section'], properties: { section: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$', description: '专业组代码；default = 全部专业组' } } } as const;
export const practitionerParam = { type: 'object', required: ['practitionerId'], properties: { practitionerId: { type: 'string', pattern: '^[A-Za-z0-9\\-.]{1,64}$' } } } as const;
export const signatureBody: Schema = {
  type: 'object',
  required: ['content'],
  additionalProperties: false,
  properties: { content: { type: 'string', maxLength: 800_000, description: 'PNG/JPEG 图片（Base64）' } },
};
