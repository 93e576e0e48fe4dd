import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import type { Instrument, InstrumentInput } from '../../contracts/instruments.ts';
import { loadCatalogue } from '../../catalogue/lookup.ts';
import { managerOf } from '../connections/manager.ts';
import { validateInstrumentInput } from '../model/validate.ts';
import { createInstrument, deactivateInstrument, listInstruments, readInstrument, updateInstrument } from '../store/instruments.ts';
import { bumpGeneration, readStatus } from '../store/leases.ts';
import { errors, idParams, institutionQuery, instrumentBody, instrumentSchema, statusSchema, TAGS } from './schemas.ts';
import { need, requestedLab } from '../../http/caller.ts';
import { audit, badBody } from './request.ts';

const READ = ['lis.read', 'lis.instrument.manage'];
const MANAGE = 'lis.instrument.manage';

/** `W/"3"` or `3` → `3` (the store's If-Match takes the version). */
function ifMatchOf(req: FastifyRequest): string | undefined {
  const header = req.headers['if-match'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.replace(/^W\//, '').replaceAll('"', '') || undefined;
}

/**
 * The institution's test codes, to refuse a channel mapped to a test that does not exist. If the catalogue cannot be
 * read the mapping is accepted as given (it is checked again when results arrive).
 */
async function knownTests(ctx: ModuleContext, institution: string): Promise<Set<string> | undefined> {
  try {
    const { tests } = await loadCatalogue(ctx, institution);
    return tests.size ? new Set(tests.keys()) : undefined;
  } catch (err) {
    ctx.log.warn({ err, institution }, 'catalogue not available to check channel mappings');
    return undefined;
  }
}

async function checkedBody(ctx: ModuleContext, req: FastifyRequest, institution: string): Promise<InstrumentInput> {
  const issues = validateInstrumentInput(req.body, await knownTests(ctx, institution));
  if (issues.length) throw badBody(issues);
  return req.body as InstrumentInput;
}

/**
 * After a committed change: tell every process (generation) and reconfigure this process's connection at once, so
 * the response comes back with the new port already listening when this process owns the instrument.
 */
async function applyLive(ctx: ModuleContext): Promise<void> {
  await bumpGeneration(ctx.db);
  await managerOf(ctx)?.reconcile().catch((err: unknown) => ctx.log.error({ err }, 'instrument reconfiguration failed'));
}

export function instrumentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { active?: boolean; protocol?: string; institution?: string } }>(
    '/instruments',
    {
      schema: {
        tags: TAGS,
        operationId: 'listInstruments',
        summary: '仪器列表 / List the institution’s analyzers',
        querystring: { type: 'object', properties: { active: { type: 'boolean' }, protocol: { type: 'string', enum: ['astm', 'hl7'] }, ...institutionQuery } },
        response: { 200: { type: 'object', properties: { instruments: { type: 'array', items: instrumentSchema } } }, ...errors },
      },
    },
    async (req) => {
      need(req, ...READ);
      const institution = requestedLab(req);
      return { instruments: await listInstruments(ctx, institution, req.query) };
    },
  );

  app.post(
    '/instruments',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'createInstrument',
        summary: '新增仪器（连接与通道对照），立即生效 / Configure an analyzer; its connection opens at once',
        description:
          'Stored as a FHIR Device (identifier, EXT.connection, EXT.channel). Every problem of the configuration is reported at once, each issue naming its field (`connection.port`, `channels[2].channel`).',
        querystring: { type: 'object', properties: institutionQuery },
        body: instrumentBody,
        response: { 201: instrumentSchema, ...errors },
      },
    },
    async (req, reply) => {
      need(req, MANAGE);
      const institution = requestedLab(req);
      const created = await createInstrument(ctx, institution, await checkedBody(ctx, req, institution));
      await audit(ctx, req, { action: 'create', resourceType: 'Device', resourceId: created.id, institution, detail: `lis instrument ${created.code} created` });
      await applyLive(ctx);
      return reply.status(201).send(created);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/instruments/:id',
    { schema: { tags: TAGS, operationId: 'getInstrument', summary: '仪器配置 / One analyzer’s configuration', params: idParams, querystring: { type: 'object', properties: institutionQuery }, response: { 200: instrumentSchema, ...errors } } },
    async (req) => {
      need(req, ...READ);
      return readInstrument(ctx, requestedLab(req), req.params.id);
    },
  );

  app.put<{ Params: { id: string } }>(
    '/instruments/:id',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'updateInstrument',
        summary: '修改仪器配置，连接在线重配置（无需重启） / Change an analyzer; its connection is reconfigured live',
        description: 'Replaces the configuration. A changed connection (port, mode, encoding…) is closed and reopened; a changed channel map applies to the next message. Send `If-Match: W/"<version>"` to refuse overwriting a concurrent edit (412).',
        params: idParams,
        querystring: { type: 'object', properties: institutionQuery },
        body: instrumentBody,
        response: { 200: instrumentSchema, ...errors },
      },
    },
    async (req) => {
      need(req, MANAGE);
      const institution = requestedLab(req);
      const updated = await updateInstrument(ctx, institution, req.params.id, await checkedBody(ctx, req, institution), ifMatchOf(req));
      await audit(ctx, req, { action: 'update', resourceType: 'Device', resourceId: updated.id, institution, detail: `lis instrument ${updated.code} updated` });
      await applyLive(ctx);
      return updated;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/instruments/:id',
    {
      schema: {
        tags: TAGS,
        operationId: 'deleteInstrument',
        summary: '停用仪器（关闭连接，保留记录） / Deactivate an analyzer (connection closed, ledgers kept)',
        params: idParams,
        querystring: { type: 'object', properties: institutionQuery },
        response: { 200: instrumentSchema, ...errors },
      },
    },
    async (req) => {
      need(req, MANAGE);
      const institution = requestedLab(req);
      const instrument = await deactivateInstrument(ctx, institution, req.params.id);
      await audit(ctx, req, { action: 'update', resourceType: 'Device', resourceId: instrument.id, institution, detail: `lis instrument ${instrument.code} deactivated` });
      await applyLive(ctx);
      return instrument;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/instruments/:id/status',
    {
      schema: {
        tags: TAGS,
        operationId: 'instrumentStatus',
        summary: '仪器连接状态 / Live connection status',
        description: 'As reported by the platform process that holds the connection (any process can answer).',
        params: idParams,
        querystring: { type: 'object', properties: institutionQuery },
        response: { 200: statusSchema, ...errors },
      },
    },
    async (req) => {
      need(req, ...READ);
      const instrument: Instrument = await readInstrument(ctx, requestedLab(req), req.params.id);
      return readStatus(ctx.db, instrument.id, instrument.active);
    },
  );
}
