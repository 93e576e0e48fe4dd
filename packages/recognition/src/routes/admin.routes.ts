import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { LEVELS, listInstitutions, saveInstitution, type InstitutionInput } from '../admin/institutions.ts';
import { listQualifications, saveQualifications, type QualificationInput } from '../admin/qualifications.ts';
import { createYear, listItems, listYears, saveItems, type YearItemInput } from '../admin/years.ts';
import type { ItemKind } from '../catalogue/index.ts';
import { bodyOf, type Schema } from './check-body.ts';
import { actorOf, needPlatformAdmin, principalOf } from './guard.ts';

const TAGS = ['recognition-admin'];
const yearParam = { type: 'object', properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } } as const;

const institutionBody: Schema = {
  type: 'object',
  required: ['organization', 'level'],
  properties: {
    organization: { type: 'string', maxLength: 64, description: 'Organization id (机构)' },
    code: { type: 'string', maxLength: 40, description: '机构代码; default: the Organization identifier' },
    name: { type: 'string', maxLength: 200, description: '机构名称; default: Organization.name' },
    shortName: { type: 'string', maxLength: 100, description: '机构简称' },
    level: { type: 'string', enum: LEVELS, description: '医院级别' },
    contact: { type: 'string', maxLength: 100, description: '联系人' },
    phone: { type: 'string', maxLength: 40, description: '联系电话' },
    enabled: { type: 'boolean', description: 'false = 停用' },
  },
  examples: [{ organization: 'lead-hospital', shortName: '县医院', level: '二级甲等', contact: '张主任', phone: '0571-88881234' }],
};

const yearBody: Schema = {
  type: 'object',
  required: ['year'],
  properties: { year: { type: 'integer', minimum: 2000 }, name: { type: 'string', maxLength: 100 }, copyFrom: { type: 'integer', minimum: 2000, description: '复制该年度的互认项目' } },
  examples: [{ year: 2027, copyFrom: 2026 }],
};

const itemsBody: Schema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['code'],
        properties: {
          code: { type: 'string', maxLength: 40, description: '区域互认项目目录代码' },
          name: { type: 'string', maxLength: 200 },
          validityDays: { type: 'integer', minimum: 1, description: '互认有效期（天）' },
          specimen: { type: 'string', maxLength: 40, description: '标本类型' },
          bodyPart: { type: 'string', maxLength: 100, description: '检查部位' },
          methodConstraint: { type: 'string', maxLength: 200, description: '方法学要求' },
          active: { type: 'boolean' },
        },
      },
    },
  },
  examples: [{ items: [{ code: 'CBC', validityDays: 7 }, { code: 'CT-CHEST', validityDays: 30 }] }],
};

const qualificationsBody: Schema = {
  type: 'object',
  required: ['entries'],
  properties: {
    entries: {
      type: 'array',
      minItems: 1,
      maxItems: 5000,
      items: {
        type: 'object',
        required: ['item', 'institution', 'allowed'],
        properties: {
          item: { type: 'string', maxLength: 40 },
          institution: { type: 'string', maxLength: 64 },
          allowed: { type: 'boolean' },
          from: { type: 'string', format: 'date' },
          to: { type: 'string', format: 'date' },
        },
      },
    },
  },
  examples: [{ entries: [{ item: 'CBC', institution: 'lead-hospital', allowed: true, from: '2026-01-01', to: '2026-12-31' }] }],
};

/** Platform administration (seed 001 §1.9.3.1–1.9.3.2): participants, years, items, qualifications. Every change audited. */
export function adminRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const audit = (req: FastifyRequest, detail: string) => ctx.audit.record({ action: 'update', principal: principalOf(req), resourceType: 'Basic', detail: `recognition ${detail}`, sourceIp: req.ip });

  app.get<{ Querystring: { q?: string; enabled?: boolean } }>(
    '/admin/institutions',
    {
      schema: {
        tags: TAGS,
        operationId: 'listRecognitionInstitutions',
        summary: '互认机构列表：按名称、代码或拼音首字母查询',
        querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 100 }, enabled: { type: 'boolean' } } },
      },
    },
    async (req) => {
      needPlatformAdmin(req);
      return { institutions: await listInstitutions(ctx.db, req.query) };
    },
  );

  app.put<{ Params: { organization: string }; Body: Omit<InstitutionInput, 'organization'> }>(
    '/admin/institutions/:organization',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'saveRecognitionInstitution', summary: '新增或编辑互认机构（enabled=false 停用）', body: { ...institutionBody, required: ['level'] } } },
    async (req) => {
      const p = needPlatformAdmin(req);
      const body = bodyOf<InstitutionInput>({ validationError: req.validationError, body: { ...(req.body as object), organization: req.params.organization } }, institutionBody);
      const saved = await saveInstitution(ctx, body, actorOf(p));
      await audit(req, `institution ${saved.organizationId} saved (enabled=${saved.enabled})`);
      return saved;
    },
  );

  app.get('/admin/years', { schema: { tags: TAGS, operationId: 'listRecognitionYears', summary: '互认年度列表' } }, async (req) => {
    needPlatformAdmin(req);
    return { years: await listYears(ctx.db) };
  });

  app.post<{ Body: { year: number; name?: string; copyFrom?: number } }>(
    '/admin/years',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'createRecognitionYear', summary: '新增互认年度，可复制上一年度互认项目', body: yearBody } },
    async (req, reply) => {
      const p = needPlatformAdmin(req);
      const body = bodyOf<{ year: number; name?: string; copyFrom?: number }>(req, yearBody);
      const year = await createYear(ctx.db, body, actorOf(p));
      await audit(req, `year ${year.year} created${body.copyFrom ? ` from ${body.copyFrom}` : ''}`);
      return reply.status(201).send(year);
    },
  );

  app.get<{ Params: { year: number }; Querystring: { kind?: ItemKind } }>(
    '/admin/years/:year/items',
    { schema: { tags: TAGS, operationId: 'listRecognitionItems', summary: '年度互认项目', params: yearParam, querystring: { type: 'object', properties: { kind: { type: 'string', enum: ['lab', 'exam'] } } } } },
    async (req) => {
      needPlatformAdmin(req);
      return { items: await listItems(ctx.db, req.params.year, req.query.kind) };
    },
  );

  app.put<{ Params: { year: number }; Body: { items: YearItemInput[] } }>(
    '/admin/years/:year/items',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'saveRecognitionItems', summary: '设置年度互认项目（全部成功或全部不写）', params: yearParam, body: itemsBody } },
    async (req) => {
      needPlatformAdmin(req);
      const body = bodyOf<{ items: YearItemInput[] }>(req, itemsBody);
      const items = await saveItems(ctx.db, req.params.year, body.items);
      await audit(req, `year ${req.params.year} items saved: ${items.map((i) => i.code).join(',')}`.slice(0, 500));
      return { items };
    },
  );

  app.get<{ Params: { year: number }; Querystring: { institution?: string; item?: string } }>(
    '/admin/years/:year/qualifications',
    {
      schema: {
        tags: TAGS,
        operationId: 'listRecognitionQualifications',
        summary: '互认资格（项目 × 机构）',
        params: yearParam,
        querystring: { type: 'object', properties: { institution: { type: 'string', maxLength: 64 }, item: { type: 'string', maxLength: 40 } } },
      },
    },
    async (req) => {
      needPlatformAdmin(req);
      return { qualifications: await listQualifications(ctx.db, req.params.year, req.query) };
    },
  );

  app.put<{ Params: { year: number }; Body: { entries: QualificationInput[] } }>(
    '/admin/years/:year/qualifications',
    { attachValidation: true, schema: { tags: TAGS, operationId: 'saveRecognitionQualifications', summary: '互认资格授权：按项目设置机构是否允许互认（含起止日期）', params: yearParam, body: qualificationsBody } },
    async (req) => {
      const p = needPlatformAdmin(req);
      const body = bodyOf<{ entries: QualificationInput[] }>(req, qualificationsBody);
      const saved = await saveQualifications(ctx.db, req.params.year, body.entries, actorOf(p));
      await audit(req, `year ${req.params.year} qualifications saved: ${body.entries.length}`);
      return { qualifications: saved };
    },
  );
}
