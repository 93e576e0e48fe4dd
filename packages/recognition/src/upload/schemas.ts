import type { Schema } from '../routes/check-body.ts';

// Request bodies of the upload interface (seed 002 §二 1–11). Field names are the integration guide's; the
// descriptions carry the Chinese names integrators know from the provincial specifications.
const code = (description: string, max = 40): Schema => ({ type: 'string', maxLength: max, pattern: '^[A-Za-z0-9._\\-/]+$', description });
const text = (description: string, max = 200): Schema => ({ type: 'string', maxLength: max, description });
const dateTime = (description: string): Schema => ({ type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}', description });
const institutionCode = code('机构代码（可选；须为令牌所属机构）');

export const patientSchema: Schema = {
  type: 'object',
  required: ['mrn', 'name', 'gender', 'birthDate'],
  properties: {
    institutionCode,
    mrn: code('病历号（院内患者唯一号）'),
    name: text('姓名', 100),
    gender: { type: 'string', enum: ['0', '1', '2', '9'], description: '性别 GB/T 2261.1：0 未知，1 男，2 女，9 未说明' },
    birthDate: { type: 'string', format: 'date', description: '出生日期' },
    idCard: { type: 'string', pattern: '^[0-9]{17}[0-9X]$', description: '居民身份证号' },
    phone: text('联系电话', 40),
    address: text('现住址', 300),
  },
  examples: [{ mrn: 'MZ20260001', name: '张三丰', gender: '1', birthDate: '1956-03-12', idCard: '110101195603120033', phone: '13905710001' }],
};

export const departmentsSchema: Schema = {
  type: 'object',
  required: ['departments'],
  properties: {
    institutionCode,
    departments: {
      type: 'array',
      minItems: 1,
      maxItems: 2000,
      items: {
        type: 'object',
        required: ['code', 'name'],
        properties: { code: code('科室代码'), name: text('科室名称', 100), active: { type: 'boolean', description: 'false = 停用' } },
      },
    },
  },
  examples: [{ departments: [{ code: 'JYK', name: '检验科' }, { code: 'FSK', name: '放射科' }] }],
};

export const staffSchema: Schema = {
  type: 'object',
  required: ['staff'],
  properties: {
    institutionCode,
    staff: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        required: ['code', 'name'],
        properties: {
          code: code('工号'),
          name: text('姓名', 100),
          gender: { type: 'string', enum: ['0', '1', '2', '9'], description: '性别 GB/T 2261.1' },
          deptCode: code('所属科室代码（须已上传）'),
          title: text('职称', 50),
          active: { type: 'boolean' },
        },
      },
    },
  },
  examples: [{ staff: [{ code: 'E1001', name: '孙伟', gender: '1', deptCode: 'JYK', title: '主管技师' }] }],
};

const reportCommon = {
  institutionCode,
  reportNo: code('报告单号（机构内唯一）', 64),
  orderNo: code('申请单号', 64),
  patientMrn: code('病历号（须已上传患者）'),
  itemCode: code('院内项目代码（检验组合/检查项目）'),
  itemName: text('院内项目名称'),
  deptCode: code('申请科室代码'),
  orderingDoctorCode: code('申请医生工号'),
  reporterCode: code('报告医生/技师工号'),
  reviewerCode: code('审核者工号'),
  reportedAt: dateTime('报告时间'),
} satisfies Record<string, Schema>;

export const labReportSchema: Schema = {
  type: 'object',
  required: ['reportNo', 'patientMrn', 'itemCode', 'itemName', 'specimenType', 'collectedAt', 'reportedAt', 'results'],
  properties: {
    ...reportCommon,
    specimenType: code('标本类型代码（区域标本类型字典）', 10),
    specimenNo: code('标本条码', 64),
    collectedAt: dateTime('采样时间'),
    receivedAt: dateTime('接收时间'),
    instrument: text('检测仪器', 100),
    reagentMaker: text('试剂厂家', 100),
    results: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        required: ['itemCode', 'itemName', 'value'],
        properties: {
          itemCode: code('院内明细项目代码'),
          itemName: text('明细项目名称'),
          value: text('结果值（数值或文字）', 200),
          unit: text('单位', 40),
          referenceLow: { type: 'number', description: '参考范围下限' },
          referenceHigh: { type: 'number', description: '参考范围上限' },
          referenceText: text('参考范围文字', 100),
          flag: { type: 'string', enum: ['N', 'H', 'L', 'HH', 'LL', 'A'], description: '结果标志：N 正常，H 偏高，L 偏低，HH/LL 危急值，A 异常' },
          method: text('检测方法', 100),
          instrument: text('检测仪器（明细级）', 100),
        },
      },
    },
  },
  examples: [
    {
      reportNo: 'JY20260301001',
      patientMrn: 'MZ20260001',
      itemCode: 'XCG',
      itemName: '血常规',
      specimenType: '01',
      collectedAt: '2026-03-01T08:30:00+08:00',
      reportedAt: '2026-03-01T10:05:00+08:00',
      reviewerCode: 'E1001',
      instrument: 'Sysmex XN-1000',
      results: [{ itemCode: 'WBC', itemName: '白细胞计数', value: '11.2', unit: '×10^9/L', referenceLow: 3.5, referenceHigh: 9.5, flag: 'H' }],
    },
  ],
};

export const MODALITIES = ['CR', 'DX', 'CT', 'MR', 'US', 'XA', 'MG', 'NM', 'PT', 'RF', 'ES'] as const;

export const examReportSchema: Schema = {
  type: 'object',
  required: ['reportNo', 'patientMrn', 'itemCode', 'itemName', 'modality', 'examAt', 'reportedAt', 'conclusion'],
  properties: {
    ...reportCommon,
    modality: { type: 'string', enum: MODALITIES, description: '检查类型（DICOM Modality）' },
    bodyPart: text('检查部位', 100),
    studyUid: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64, description: '检查实例 UID（Study Instance UID）' },
    accessionNo: code('检查号', 64),
    imageUrl: { type: 'string', pattern: '^https?://', maxLength: 500, description: '影像调阅地址' },
    examAt: dateTime('检查时间'),
    findings: text('检查所见', 8000),
    conclusion: text('检查结论（诊断意见）', 4000),
    critical: { type: 'boolean', description: '是否危急值' },
  },
  examples: [
    {
      reportNo: 'FS20260301001',
      patientMrn: 'MZ20260001',
      itemCode: 'CT001',
      itemName: '胸部CT平扫',
      modality: 'CT',
      bodyPart: '胸部',
      studyUid: '1.2.840.113619.2.55.3.1',
      imageUrl: 'https://pacs.example.org/viewer?study=1.2.840.113619.2.55.3.1',
      examAt: '2026-03-01T09:00:00+08:00',
      reportedAt: '2026-03-01T11:00:00+08:00',
      findings: '双肺纹理清晰，未见明显实质性病变。',
      conclusion: '胸部CT平扫未见明显异常。',
    },
  ],
};

export const pdfSchema: Schema = {
  type: 'object',
  required: ['content'],
  properties: {
    institutionCode,
    fileName: text('文件名', 200),
    content: { type: 'string', maxLength: 28_000_000, description: 'PDF 文件内容（Base64）' },
  },
  examples: [{ fileName: 'JY20260301001.pdf', content: 'JVBERi0xLjQK…' }],
};

export const revokeSchema: Schema = {
  type: 'object',
  required: ['reason'],
  properties: { institutionCode, reason: text('撤销原因', 500) },
  examples: [{ reason: '标本溶血，报告作废' }],
};

export const tokenSchema: Schema = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', enum: ['password', 'client_credentials'], description: '默认 password（用户名密码）；client_credentials 为接口客户端' },
    username: text('用户名', 128),
    password: text('密码', 256),
    client_id: text('客户端 ID', 128),
    client_secret: text('客户端密钥', 256),
  },
  examples: [{ username: 'lead.upload', password: '••••••' }, { grant_type: 'client_credentials', client_id: 'c-…', client_secret: '••••••' }],
};

/** Answer of a data upload: the stored resources and whether anything changed. */
export const uploadResult = {
  type: 'object',
  properties: {
    outcome: { type: 'string', enum: ['created', 'updated', 'unchanged'] },
    ids: { type: 'object', additionalProperties: true, description: 'Resource ids by role (patient, report, observations…)' },
  },
} as const;
