import type { FastifyInstance } from 'fastify';
import { badRequest, type ModuleContext } from '@medunion/kernel';
import { listLinkEvents } from '../index-store/link-events.ts';
import { linkRecord, mergeGoldens, unlinkRecord, unmerge } from '../links.ts';
import { actorOf, audited, need, principalOf } from './guard.ts';
import type { LinkHistory } from '../contracts/links.ts';

const TAGS = ['mpi'];
const ID = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9.-]+$' };
const REASON = { type: 'string', minLength: 1, maxLength: 500 };
const body = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, additionalProperties: false, properties });

/** Merge, unmerge, link and unlink (each audited and kept in the link history), and the history itself. */
export function linkRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.post<{ Body: { source: string; target: string; reason: string } }>(
    '/merge',
    { schema: { tags: TAGS, summary: 'Merge golden record source into target (合并)', body: body(['source', 'target', 'reason'], { source: ID, target: ID, reason: REASON }) } },
    async (req) => {
      const { source, target, reason } = req.body;
      return audited(ctx, req, { action: 'mpi.merge', resourceType: 'Patient', resourceId: target, patientId: target, detail: `merge ${source} into ${target}: ${reason}` }, () =>
        mergeGoldens(ctx, source, target, actorOf(need(req, 'mpi.merge')), reason),
      );
    },
  );

  app.post<{ Body: { operationId: string; reason: string } }>(
    '/unmerge',
    { schema: { tags: TAGS, summary: 'Undo a merge by its operation id (撤销合并)', body: body(['operationId', 'reason'], { operationId: { type: 'string', minLength: 1, maxLength: 64 }, reason: REASON }) } },
    async (req) => {
      const { operationId, reason } = req.body;
      return audited(ctx, req, { action: 'mpi.unmerge', resourceType: 'Patient', detail: `unmerge ${operationId}: ${reason}` }, () => unmerge(ctx, operationId, actorOf(need(req, 'mpi.merge')), reason));
    },
  );

  app.post<{ Body: { patient: string; reason: string } }>(
    '/unlink',
    { schema: { tags: TAGS, summary: 'Split a source record off into a new golden record (拆分)', body: body(['patient', 'reason'], { patient: ID, reason: REASON }) } },
    async (req) => {
      const { patient, reason } = req.body;
      return audited(ctx, req, { action: 'mpi.unlink', resourceType: 'Patient', resourceId: patient, detail: `unlink ${patient}: ${reason}` }, () => unlinkRecord(ctx, patient, actorOf(need(req, 'mpi.merge')), reason));
    },
  );

  app.post<{ Body: { patient: string; golden: string; reason: string } }>(
    '/link',
    { schema: { tags: TAGS, summary: 'Move a source record into a golden record (关联)', body: body(['patient', 'golden', 'reason'], { patient: ID, golden: ID, reason: REASON }) } },
    async (req) => {
      const { patient, golden, reason } = req.body;
      return audited(ctx, req, { action: 'mpi.link', resourceType: 'Patient', resourceId: patient, patientId: golden, detail: `link ${patient} to ${golden}: ${reason}` }, () =>
        linkRecord(ctx, patient, golden, actorOf(need(req, 'mpi.merge')), reason),
      );
    },
  );

  app.get<{ Querystring: { patient?: string; golden?: string; operationId?: string } }>(
    '/history',
    {
      schema: {
        tags: TAGS,
        summary: 'Link history (关联历史) of a source record, a golden record or one operation, oldest first',
        querystring: { type: 'object', additionalProperties: false, properties: { patient: ID, golden: ID, operationId: { type: 'string', maxLength: 64 } } },
      },
    },
    async (req): Promise<LinkHistory> => {
      need(req, 'mpi.read');
      const { patient, golden, operationId } = req.query;
      if (!patient && !golden && !operationId) throw badRequest('Give patient, golden or operationId', 'patient');
      const events = await listLinkEvents(ctx.db, { recordId: patient, goldenId: golden, operationId });
      await ctx.audit.record({ action: 'read', principal: principalOf(req), resourceType: 'Patient', resourceId: patient ?? golden, detail: 'mpi link history', sourceIp: req.ip });
      return { events };
    },
  );
}
