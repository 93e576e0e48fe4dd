import type { FastifyInstance } from 'fastify';
import { conflict, notFound, type ModuleContext } from '@medunion/kernel';
import { loadGolden } from '../index-store/goldens.ts';
import { recordsOfGolden } from '../index-store/records.ts';
import { loadMatchingConfig } from '../matching/parameters.ts';
import { FIELD_LEVELS, matchWeight } from '../matching/config.ts';
import { identifiersOfGolden, parseIdentifierToken, readGoldenFor, resolveIdentifier } from '../resolve.ts';
import { callerContext, need, principalOf } from './guard.ts';
import type { MatchingConfigView, PersonDetails } from '../contracts/index.ts';

const TAGS = ['mpi'];

/** Identifier resolution, golden record details and the effective matching configuration. */
export function resolveRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { identifier: string; institution?: string } }>(
    '/resolve',
    {
      schema: {
        tags: TAGS,
        summary: 'The golden record of any identifier (身份证号, 病历号, 门诊号…): system|value',
        querystring: {
          type: 'object',
          required: ['identifier'],
          additionalProperties: false,
          properties: {
            identifier: { type: 'string', minLength: 3, maxLength: 300 },
            institution: { type: 'string', maxLength: 64, description: 'For outpatient/inpatient numbers (unique per institution); default: the caller’s' },
          },
        },
      },
    },
    async (req) => {
      need(req, 'mpi.read');
      const { system, value } = parseIdentifierToken(req.query.identifier, 'identifier');
      const resolution = await resolveIdentifier(ctx.db, system, value, req.query.institution ?? principalOf(req).institution);
      await ctx.audit.record({ action: 'search', principal: principalOf(req), resourceType: 'Patient', patientId: resolution.goldenIds[0], query: `mpi/resolve?identifier=${system}|${value}`, sourceIp: req.ip });
      if (resolution.goldenIds.length === 0) throw notFound(`No patient with identifier ${system}|${value}`.slice(0, 300));
      if (resolution.goldenIds.length > 1) {
        throw conflict(`Identifier ${system}|${value} belongs to ${resolution.goldenIds.length} golden records (${resolution.goldenIds.join(', ')}): review or merge them`.slice(0, 500));
      }
      return details(resolution.goldenIds[0], req, resolution.recordIds);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/golden/:id',
    { schema: { tags: TAGS, summary: 'A golden record with its source records and identifiers', params: { type: 'object', properties: { id: { type: 'string', pattern: '^[A-Za-z0-9.-]{1,64}$' } } } } },
    async (req) => {
      need(req, 'mpi.read');
      if (!(await loadGolden(ctx.db, req.params.id))) throw notFound(`Golden record ${req.params.id} not found`);
      return details(req.params.id, req, []);
    },
  );

  app.get('/config', { schema: { tags: TAGS, summary: 'Effective matching configuration: thresholds, m/u and weights per level, problems' } }, async (req): Promise<MatchingConfigView> => {
    need(req, 'mpi.read');
    const config = await loadMatchingConfig(ctx.parameters);
    const weights = Object.fromEntries(
      (Object.keys(FIELD_LEVELS) as (keyof typeof FIELD_LEVELS)[]).map((field) => [
        field,
        Object.fromEntries(Object.entries(config.weights[field]).map(([level, p]) => [level, { ...p, weight: Math.round(matchWeight(p) * 100) / 100 }])),
      ]),
    );
    return { autoLinkThreshold: config.autoLinkThreshold, reviewThreshold: config.reviewThreshold, weights, problems: config.problems };
  });

  async function details(goldenId: string, req: Parameters<typeof callerContext>[0], matchedRecords: string[]): Promise<PersonDetails> {
    const golden = await readGoldenFor(ctx, callerContext(req), goldenId);
    await ctx.audit.record({ action: 'read', principal: principalOf(req), resourceType: 'Patient', resourceId: goldenId, patientId: goldenId, detail: 'mpi golden record', sourceIp: req.ip });
    const row = (await loadGolden(ctx.db, goldenId))!;
    const sources = (await recordsOfGolden(ctx.db, goldenId)).map((r) => ({ patientId: r.recordId, institution: r.institution, linkedAt: r.linkedAt, identifiers: r.demographics.identifier }));
    return { golden, empi: row.empi, status: row.status, replacedBy: row.replacedBy, matched: matchedRecords, sources, identifiers: await identifiersOfGolden(ctx.db, goldenId, row.empi) };
  }
}
