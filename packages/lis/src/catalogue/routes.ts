import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ActivityDefinition, ObservationDefinition, SpecimenDefinition } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { CatalogueImport } from '../contracts/catalogue.ts';
import { panelFromFhir } from './panel-fhir.ts';
import { readCatalogue } from './read.ts';
import { codeParam, entryResponse, importResponse, importSchema, listQuery, listResponse, panelSchema, testSchema, tubeSchema } from './schemas.ts';
import { filterCatalogue, type CatalogueFilter } from './search.ts';
import { testFromFhir } from './test-fhir.ts';
import { tubeFromFhir } from './tube-fhir.ts';
import { writeCatalogue, type Kind } from './write.ts';
import { callerContext, need, requestedLab } from '../http/caller.ts';
import { fieldError } from '../http/errors.ts';
import { bodyOf, queryOf, type Schema } from '../http/schema.ts';

const TAGS = ['lis-catalogue'];
const ERRORS = '400 字段错误（OperationOutcome.issue.expression 指明字段，如 formula、tests[2]）；403 无 lis.catalogue.manage / lis.read 权限；404 代码不存在；409 代码已存在或版本冲突（If-Match）';

interface KindSpec {
  kind: Kind;
  /** Path segment and operationId nouns. */
  segment: string;
  noun: string;
  zh: string;
  schema: Schema;
}

const KINDS: KindSpec[] = [
  { kind: 'tests', segment: 'tests', noun: 'LabTest', zh: '检验项目', schema: testSchema },
  { kind: 'panels', segment: 'panels', noun: 'LabPanel', zh: '检验组合', schema: panelSchema },
  { kind: 'tubes', segment: 'tubes', noun: 'SpecimenTube', zh: '标本容器', schema: tubeSchema },
];

/** Stored resource → API model, per kind. */
function modelOf(kind: Kind, institution: string, resource: unknown) {
  if (kind === 'tests') return testFromFhir(resource as ObservationDefinition, institution);
  if (kind === 'panels') return panelFromFhir(resource as ActivityDefinition, institution);
  return tubeFromFhir(resource as SpecimenDefinition);
}

/**
 * /api/lis/catalogue: list and search (code, name, pinyin), read, create, update, deactivate tests, panels and tubes;
 * import a whole catalogue. Reading needs `lis.read`, changing `lis.catalogue.manage`; every read and write goes
 * through the store as the caller (policies, audit and history apply).
 */
export function catalogueRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const readAs = async (req: FastifyRequest) => {
    need(req, 'lis.read');
    const institution = requestedLab(req);
    return { institution, catalogue: await readCatalogue(ctx, callerContext(req), institution) };
  };

  for (const spec of KINDS) {
    const base = `/catalogue/${spec.segment}`;

    app.get(
      base,
      { attachValidation: true, schema: { tags: TAGS, operationId: `list${spec.noun}s`, summary: `${spec.zh}列表与检索（代码、名称、拼音首字母）`, description: ERRORS, querystring: listQuery, response: { 200: listResponse } } },
      async (req) => {
        const filter = queryOf<CatalogueFilter>(req, listQuery);
        const { catalogue } = await readAs(req);
        const models = [...catalogue[spec.kind].values()].map((s) => ({ ...s.model, section: 'section' in s.model ? s.model.section : undefined }));
        return filterCatalogue(models, filter);
      },
    );

    app.get<{ Params: { code: string } }>(
      `${base}/:code`,
      { attachValidation: true, schema: { tags: TAGS, operationId: `get${spec.noun}`, summary: `${spec.zh}详情`, description: ERRORS, params: codeParam, response: { 200: entryResponse } } },
      async (req, reply) => {
        const { catalogue } = await readAs(req);
        const found = catalogue[spec.kind].get(req.params.code);
        if (!found) throw fieldError(404, 'code', `${spec.zh} ${req.params.code} 不存在`, `No ${spec.kind.slice(0, -1)} ${req.params.code}`, 'not-found');
        reply.header('ETag', `W/"${found.resource.meta?.versionId ?? ''}"`);
        return found.model;
      },
    );

    app.post(
      base,
      { attachValidation: true, schema: { tags: TAGS, operationId: `create${spec.noun}`, summary: `新增${spec.zh}`, description: ERRORS, body: spec.schema, response: { 201: entryResponse } } },
      async (req, reply) => {
        need(req, 'lis.catalogue.manage');
        const entry = bodyOf<{ code: string }>(req, spec.schema);
        const institution = requestedLab(req);
        const result = await writeCatalogue(ctx, callerContext(req), institution, { [spec.kind]: [entry], paths: { [spec.kind]: () => '' } }, 'create');
        reply.status(201);
        return modelOf(spec.kind, institution, result.written[spec.kind][0]);
      },
    );

    app.put<{ Params: { code: string } }>(
      `${base}/:code`,
      {
        attachValidation: true,
        schema: { tags: TAGS, operationId: `update${spec.noun}`, summary: `修改${spec.zh}（整体替换；If-Match 可防止覆盖他人修改）`, description: ERRORS, params: codeParam, body: spec.schema, response: { 200: entryResponse } },
      },
      async (req) => {
        need(req, 'lis.catalogue.manage');
        const entry = bodyOf<{ code: string }>(req, spec.schema);
        if (entry.code !== req.params.code) throw fieldError(400, 'code', `请求体代码 ${entry.code} 与地址中的 ${req.params.code} 不一致`, `Body code ${entry.code} differs from ${req.params.code} in the URL`);
        const institution = requestedLab(req);
        const ifMatch = req.headers['if-match'];
        const result = await writeCatalogue(ctx, callerContext(req), institution, { [spec.kind]: [entry], paths: { [spec.kind]: () => '' }, ...(ifMatch ? { ifMatch } : {}) }, 'update');
        return modelOf(spec.kind, institution, result.written[spec.kind][0]);
      },
    );

    app.post<{ Params: { code: string } }>(
      `${base}/:code/deactivate`,
      { attachValidation: true, schema: { tags: TAGS, operationId: `deactivate${spec.noun}`, summary: `停用${spec.zh}（历史数据保留；仍被在用组合或公式引用时拒绝）`, description: ERRORS, params: codeParam, response: { 200: entryResponse } } },
      async (req) => {
        need(req, 'lis.catalogue.manage');
        const { institution, catalogue } = await readAs(req);
        const found = catalogue[spec.kind].get(req.params.code);
        if (!found) throw fieldError(404, 'code', `${spec.zh} ${req.params.code} 不存在`, `No ${spec.kind.slice(0, -1)} ${req.params.code}`, 'not-found');
        const result = await writeCatalogue(ctx, callerContext(req), institution, { [spec.kind]: [{ ...found.model, active: false }], paths: { [spec.kind]: () => '' } }, 'update');
        return modelOf(spec.kind, institution, result.written[spec.kind][0]);
      },
    );
  }

  app.post(
    '/catalogue/import',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'importLabCatalogue',
        summary: '导入整个检验目录（标本容器、项目、组合；已有代码则更新）：全部成功或全部不写入，错误逐行列出（expression 如 tests[12].formula）',
        description: ERRORS,
        body: importSchema,
        response: { 200: importResponse },
      },
    },
    async (req) => {
      need(req, 'lis.catalogue.manage');
      const body = bodyOf<CatalogueImport>(req, importSchema);
      const result = await writeCatalogue(ctx, callerContext(req), requestedLab(req), body, 'upsert');
      return { created: result.created, updated: result.updated, unchanged: result.unchanged };
    },
  );
}
