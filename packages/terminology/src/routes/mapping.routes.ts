import type { FastifyInstance } from 'fastify';
import { badRequest, type ModuleContext } from '@medunion/kernel';
import { CodeSystemResolver } from '../concepts/resolver.ts';
import { saveMappings, MAX_CHANGES, type SaveMappingsRequest } from '../mapping/save-mappings.ts';
import { dictionaryAndStandard } from '../mapping/standards.ts';
import { suggestTargets } from '../mapping/suggest.ts';
import { unmappedItems } from '../mapping/unmapped.ts';
import { callerWith } from './request.ts';
import type { SuggestResult } from '../contracts/mapping.ts';

const MAX_SUGGESTED = 100;

interface SuggestQuery {
  dictionary?: string;
  code?: string;
  target?: string;
  count?: number;
}

interface UnmappedQuery {
  dictionary?: string;
  target?: string;
  filter?: string;
  offset?: number;
  count?: number;
  suggest?: boolean;
}

/** The mapping workbench API: suggestions, saving decisions (new ConceptMap versions), the unmapped work list. */
export async function mappingRoutes(app: FastifyInstance, ctx: ModuleContext): Promise<void> {
  app.get<{ Querystring: SuggestQuery }>(
    '/mapping/suggest',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Ranked standard concepts for one local code, each with its score and the reasons (code, name, pinyin)',
        querystring: {
          type: 'object',
          required: ['dictionary', 'code'],
          properties: { dictionary: { type: 'string' }, code: { type: 'string' }, target: { type: 'string' }, count: { type: 'integer', minimum: 1, maximum: 50, default: 5 } },
        },
      },
    },
    async (req): Promise<SuggestResult> => {
      const request = callerWith(req, 'terminology.read');
      const resolver = new CodeSystemResolver(ctx);
      const { dictionary, standard } = await dictionaryAndStandard(resolver, request, req.query.dictionary, req.query.target);
      const { source, suggestions } = await suggestTargets(ctx.db, dictionary, standard, req.query.code!, req.query.count ?? 5);
      return {
        source: { system: dictionary.url, version: dictionary.version, code: source.code, display: source.display },
        target: { system: standard.url, version: standard.version, title: standard.title },
        suggestions,
      };
    },
  );

  app.post<{ Body: SaveMappingsRequest }>(
    '/mapping',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Save mapping decisions as a new version of the dictionary ConceptMap (all or nothing)',
        body: {
          type: 'object',
          required: ['dictionary', 'mappings'],
          properties: {
            dictionary: { type: 'string' },
            target: { type: 'string' },
            mappings: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_CHANGES,
              items: {
                type: 'object',
                required: ['code'],
                properties: { code: { type: 'string' }, target: { type: ['string', 'null'] }, equivalence: { type: 'string' }, comment: { type: 'string', maxLength: 1000 } },
              },
            },
          },
        },
      },
    },
    async (req) => saveMappings(ctx, new CodeSystemResolver(ctx), callerWith(req, 'terminology.manage'), req.body),
  );

  app.get<{ Querystring: UnmappedQuery }>(
    '/mapping/unmapped',
    {
      schema: {
        tags: ['terminology'],
        summary: 'Codes of a dictionary without a mapping decision (work list), with progress counts',
        querystring: {
          type: 'object',
          required: ['dictionary'],
          properties: {
            dictionary: { type: 'string' },
            target: { type: 'string' },
            filter: { type: 'string', maxLength: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
            count: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            suggest: { type: 'boolean', default: false },
          },
        },
      },
    },
    async (req) => {
      const request = callerWith(req, 'terminology.read');
      // A suggestion is a query of its own: keep a suggested page to what a work list shows at once.
      if (req.query.suggest && (req.query.count ?? 50) > MAX_SUGGESTED) throw badRequest(`With suggest=true, count is at most ${MAX_SUGGESTED}`, 'count');
      return unmappedItems(ctx, new CodeSystemResolver(ctx), request, {
        dictionary: req.query.dictionary,
        target: req.query.target,
        filter: req.query.filter,
        offset: req.query.offset ?? 0,
        count: req.query.count ?? 50,
        suggest: req.query.suggest ?? false,
      });
    },
  );
}
