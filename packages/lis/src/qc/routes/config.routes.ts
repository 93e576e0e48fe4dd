import type { FastifyInstance } from 'fastify';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import type { QcLotChanges, QcLotInput, QcMaterialInput, QcSampleId, QcTargetInput } from '../../contracts/qc.ts';
import { createLot, setLevelSamples, updateLot } from '../config/lots.ts';
import { createMaterial, listMaterials, updateMaterial } from '../config/materials.ts';
import { ruleSetOf, setRules } from '../config/rules.ts';
import { listTargets, setTarget } from '../config/targets.ts';
import { requireTest } from '../catalogue.ts';
import { code, documented, idParams, institutionParam, QC_TAGS, READ_QC, text } from './common.ts';
import { labInstitution, need } from '../../http/caller.ts';
import { bodyOf, checkValue, queryOf, type Schema } from '../../http/schema.ts';

const sampleSchema: Schema = {
  type: 'object',
  required: ['sampleId'],
  additionalProperties: false,
  properties: { sampleId: code('仪器上报的质控样本号，如 QC1'), instrumentId: code('仅此仪器（Device id）；不填 = 本实验室任何仪器') },
};

const materialSchema: Schema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: text(100, '质控品名称'), manufacturer: { type: 'string', maxLength: 100, description: '厂家' }, matrix: { type: 'string', maxLength: 60, description: '基质，如 人血清、全血、尿液' }, active: { type: 'boolean' } },
  examples: [{ name: 'Bio-Rad 生化质控 Lyphochek', manufacturer: 'Bio-Rad', matrix: '人血清' }],
};
const materialChanges: Schema = { ...materialSchema, required: [] };

const lotSchema: Schema = {
  type: 'object',
  required: ['materialId', 'lotNo', 'expiresOn', 'levels'],
  additionalProperties: false,
  properties: {
    materialId: code('质控品 id'),
    lotNo: text(60, '批号'),
    expiresOn: { type: 'string', format: 'date', description: '有效期至 YYYY-MM-DD' },
    levels: {
      type: 'array',
      minItems: 1,
      maxItems: 6,
      items: {
        type: 'object',
        required: ['level'],
        additionalProperties: false,
        properties: { level: text(10, '水平，如 1、2、3 或 L、N、H'), name: { type: 'string', maxLength: 40, description: '如 低值、正常值、高值' }, samples: { type: 'array', maxItems: 20, items: sampleSchema } },
      },
    },
  },
  examples: [{ materialId: '…', lotNo: '26531', expiresOn: '2027-06-30', levels: [{ level: '1', name: '水平1', samples: [{ sampleId: 'QC1' }] }, { level: '2', name: '水平2', samples: [{ sampleId: 'QC2' }] }] }],
};
const lotChanges: Schema = { type: 'object', additionalProperties: false, properties: { expiresOn: { type: 'string', format: 'date' }, active: { type: 'boolean' } } };
const samplesSchema: Schema = { type: 'object', required: ['samples'], additionalProperties: false, properties: { samples: { type: 'array', maxItems: 20, items: sampleSchema } } };

const targetSchema: Schema = {
  type: 'object',
  required: ['testCode', 'instrumentId', 'levelId', 'source'],
  additionalProperties: false,
  properties: {
    testCode: code('检验项目代码'),
    instrumentId: code('仪器（Device id）'),
    levelId: code('质控水平 id'),
    source: { type: 'string', enum: ['fixed', 'cumulative'], description: 'fixed = 输入的靶值；cumulative = 由一段时间的质控结果计算（累积靶值）' },
    mean: { type: 'number', description: 'fixed：均值' },
    sd: { type: 'number', exclusiveMinimum: 0, description: 'fixed：标准差' },
    cv: { type: 'number', exclusiveMinimum: 0, maximum: 100, description: 'fixed：变异系数 %（代替 sd）' },
    from: { type: 'string', format: 'date', description: 'cumulative：起始日期' },
    to: { type: 'string', format: 'date', description: 'cumulative：截止日期（含；默认同 from）' },
    minResults: { type: 'integer', minimum: 10, maximum: 1000, description: 'cumulative：最少结果数（默认 20）' },
    validFrom: { type: 'string', format: 'date-time', description: '生效时间（默认现在）' },
    reason: { type: 'string', maxLength: 500, description: '更改原因' },
  },
  examples: [{ testCode: 'GLU', instrumentId: '…', levelId: '…', source: 'fixed', mean: 5.5, sd: 0.15, reason: '新批号说明书靶值' }],
};

const ruleEntry: Schema = { type: 'object', required: ['rule'], additionalProperties: false, properties: { rule: { type: 'string', maxLength: 10 }, severity: { type: 'string', enum: ['warning', 'reject'] }, scopes: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 40 } } } };
const rulesSchema: Schema = {
  type: 'object',
  required: ['rules'],
  additionalProperties: false,
  properties: { rules: { type: 'array', minItems: 1, maxItems: 12 }, warningTriggersInspection: { type: 'boolean', description: '经典流程：无结果超出 2SD 时不用失控规则' } },
  examples: [{ rules: ['1-2s', '1-3s', '2-2s', 'R-4s', { rule: '4-1s', severity: 'warning' }, '10x'] }],
};

/** Each entry of `rules` is a rule id or `{ rule, severity?, scopes? }`: shapes checked here (every bad one named), rule ids and scopes by labcore. */
function checkRuleEntries(rules: unknown[]): void {
  const issues = rules.flatMap((entry, i) => (typeof entry === 'string' ? checkValue(entry, { type: 'string', maxLength: 10 }, `rules[${i}]`) : checkValue(entry, ruleEntry, `rules[${i}]`)));
  if (issues.length) throw new FhirError(400, issues);
}

/** QC configuration: materials, lots, levels and their analyzer sample ids, targets, rule sets (`lis.qc.manage` to change). */
export function qcConfigRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { institution?: string; active?: boolean } }>(
    '/qc/materials',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'listQcMaterials', summary: '质控品、批号、水平与仪器质控样本号', querystring: { type: 'object', properties: { institution: institutionParam, active: { type: 'boolean' } } } } },
    async (req) => {
      const q = queryOf<{ institution?: string; active?: boolean }>(req);
      const institution = labInstitution(need(req, ...READ_QC), q.institution);
      return { materials: await listMaterials(ctx.db, institution, { activeOnly: q.active }) };
    },
  );

  app.post<{ Querystring: { institution?: string } }>(
    '/qc/materials',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'createQcMaterial', summary: '新增质控品', querystring: { type: 'object', properties: { institution: institutionParam } }, body: documented(materialSchema) } },
    async (req, reply) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<QcMaterialInput>(req, materialSchema);
      const material = await createMaterial(ctx, p, labInstitution(p, req.query.institution), body, req.ip);
      return reply.status(201).send(material);
    },
  );

  app.put<{ Params: { id: string }; Querystring: { institution?: string } }>(
    '/qc/materials/:id',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'updateQcMaterial', summary: '修改质控品（停用：active=false）', params: idParams, querystring: { type: 'object', properties: { institution: institutionParam } }, body: documented(materialChanges) } },
    async (req) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<Partial<QcMaterialInput>>(req, materialChanges);
      return updateMaterial(ctx, p, labInstitution(p, req.query.institution), req.params.id, body, req.ip);
    },
  );

  app.post<{ Querystring: { institution?: string } }>(
    '/qc/lots',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'createQcLot', summary: '新增质控品批号及其水平（质控样本号已被其他水平使用时转给新批号，并在 moved 中列出）', querystring: { type: 'object', properties: { institution: institutionParam } }, body: documented(lotSchema) } },
    async (req, reply) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<QcLotInput>(req, lotSchema);
      return reply.status(201).send(await createLot(ctx, p, labInstitution(p, req.query.institution), body, req.ip));
    },
  );

  app.put<{ Params: { id: string }; Querystring: { institution?: string } }>(
    '/qc/lots/:id',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'updateQcLot', summary: '修改批号有效期或停用批号', params: idParams, querystring: { type: 'object', properties: { institution: institutionParam } }, body: documented(lotChanges) } },
    async (req) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<QcLotChanges>(req, lotChanges);
      return updateLot(ctx, p, labInstitution(p, req.query.institution), req.params.id, body, req.ip);
    },
  );

  app.put<{ Params: { id: string }; Querystring: { institution?: string } }>(
    '/qc/levels/:id/samples',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'setQcLevelSamples', summary: '设置质控水平的仪器质控样本号（isQcSample 据此识别质控样本）', params: idParams, querystring: { type: 'object', properties: { institution: institutionParam } }, body: documented(samplesSchema) } },
    async (req) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<{ samples: QcSampleId[] }>(req, samplesSchema);
      return setLevelSamples(ctx, p, labInstitution(p, req.query.institution), req.params.id, body.samples, req.ip);
    },
  );

  app.get<{ Querystring: { institution?: string; testCode?: string; instrumentId?: string; levelId?: string; history?: boolean } }>(
    '/qc/targets',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'listQcTargets',
        summary: '质控靶值（现行；history=true 含历次更改）',
        querystring: { type: 'object', properties: { institution: institutionParam, testCode: { type: 'string', maxLength: 64 }, instrumentId: { type: 'string', maxLength: 64 }, levelId: { type: 'string', maxLength: 64 }, history: { type: 'boolean' } } },
      },
    },
    async (req) => {
      const q = queryOf<{ institution?: string; testCode?: string; instrumentId?: string; levelId?: string; history?: boolean }>(req);
      const institution = labInstitution(need(req, ...READ_QC), q.institution);
      return { targets: await listTargets(ctx.db, institution, q) };
    },
  );

  app.post<{ Querystring: { institution?: string } }>(
    '/qc/targets',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'setQcTarget',
        summary: '设定质控靶值（固定或累积；须 lis.qc.manage 权限——质控靶值更改权限）',
        description: '新靶值自 validFrom 起生效，原靶值同时截止；已判断的质控结果保留当时的靶值。记入审计（原值 → 新值）。',
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(targetSchema),
      },
    },
    async (req, reply) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<QcTargetInput>(req, targetSchema);
      return reply.status(201).send(await setTarget(ctx, p, labInstitution(p, req.query.institution), body, req.ip));
    },
  );

  app.get<{ Params: { testCode: string }; Querystring: { institution?: string } }>(
    '/qc/rules/:testCode',
    { attachValidation: true, schema: { tags: QC_TAGS, operationId: 'getQcRules', summary: '项目的 Westgard 质控规则', params: { type: 'object', properties: { testCode: { type: 'string', maxLength: 64 } } }, querystring: { type: 'object', properties: { institution: institutionParam } } } },
    async (req) => {
      const q = queryOf<{ institution?: string }>(req);
      const institution = labInstitution(need(req, ...READ_QC), q.institution);
      await requireTest(ctx, institution, req.params.testCode, 'testCode');
      return ruleSetOf(ctx.db, institution, req.params.testCode);
    },
  );

  app.put<{ Params: { testCode: string }; Querystring: { institution?: string } }>(
    '/qc/rules/:testCode',
    {
      attachValidation: true,
      schema: {
        tags: QC_TAGS,
        operationId: 'setQcRules',
        summary: '设置项目的 Westgard 质控规则（规则、警告或失控、批内/批间/跨水平）',
        params: { type: 'object', properties: { testCode: { type: 'string', maxLength: 64 } } },
        querystring: { type: 'object', properties: { institution: institutionParam } },
        body: documented(rulesSchema),
      },
    },
    async (req) => {
      const p = need(req, 'lis.qc.manage');
      const body = bodyOf<{ rules: never[]; warningTriggersInspection?: boolean }>(req, rulesSchema);
      checkRuleEntries(body.rules);
      return setRules(ctx, p, labInstitution(p, req.query.institution), req.params.testCode, body, req.ip);
    },
  );
}
