import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import { decideReview, getReviewItem, listReviewItems, type ReviewDecision } from '../review.ts';
import { actorOf, audited, need, principalOf } from './guard.ts';

const TAGS = ['mpi'];

/** The review queue of uncertain matches: list, one item, decide. */
export function reviewRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: { status?: 'open' | 'closed'; patient?: string; _count?: number; _offset?: number } }>(
    '/review',
    {
      schema: {
        tags: TAGS,
        summary: 'Review queue (待审核疑似重复): scored pairs with per-field explanations, oldest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'closed'] },
            patient: { type: 'string', maxLength: 64, description: 'Only pairs involving this source Patient id' },
            _count: { type: 'integer', minimum: 0, maximum: 500, default: 50 },
            _offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
      },
    },
    async (req) => {
      need(req, 'mpi.read');
      const { status, patient, _count = 50, _offset = 0 } = req.query;
      const page = await listReviewItems(ctx.db, { status, recordId: patient, count: _count, offset: _offset });
      await ctx.audit.record({ action: 'search', principal: principalOf(req), resourceType: 'Patient', query: `mpi/review?status=${status ?? ''}&patient=${patient ?? ''}`, sourceIp: req.ip });
      return page;
    },
  );

  app.get<{ Params: { id: number } }>(
    '/review/:id',
    { schema: { tags: TAGS, summary: 'One review item with both sides', params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } } } },
    async (req) => {
      need(req, 'mpi.read');
      const item = await getReviewItem(ctx.db, req.params.id);
      await ctx.audit.record({ action: 'read', principal: principalOf(req), resourceType: 'Patient', resourceId: item.record.patientId, patientId: item.record.goldenId ?? undefined, detail: `mpi review item ${item.id}`, sourceIp: req.ip });
      return item;
    },
  );

  app.post<{ Params: { id: number }; Body: { decision: ReviewDecision; note?: string } }>(
    '/review/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Settle a review item: link (same person) or not-duplicate',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: { decision: { type: 'string', enum: ['link', 'not-duplicate'] }, note: { type: 'string', maxLength: 500 } },
        },
      },
    },
    async (req) => {
      const { decision, note } = req.body;
      return audited(ctx, req, { action: 'mpi.review', resourceType: 'Patient', detail: `review item ${req.params.id}: ${decision}` }, () =>
        decideReview(ctx, req.params.id, decision, actorOf(need(req, 'mpi.review')), note?.trim() || null),
      );
    },
  );
}
