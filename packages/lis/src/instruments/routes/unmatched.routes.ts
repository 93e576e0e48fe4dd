import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { FhirError, type ModuleContext } from '@medunion/kernel';
import type { AssignUnmatchedInput, UnmatchedReason } from '../../contracts/instruments.ts';
import { managerOf } from '../connections/manager.ts';
import { assignUnmatched } from '../ingest/assign.ts';
import { cursor } from '../store/sql-values.ts';
import { listUnmatched, markDismissed, toUnmatched } from '../store/unmatched-queue.ts';
import { UNMATCHED_REASONS, assignBody, assignOutcomeSchema, dismissBody, errors, idParams, institutionQuery, TAGS, unmatchedPageSchema, unmatchedSchema } from './schemas.ts';
import { callerContext, need, requestedLab } from '../../http/caller.ts';
import { actorLabel, audit, badBody } from './request.ts';

interface UnmatchedQuery {
  status?: 'open' | 'assigned' | 'dismissed';
  instrument?: string;
  reason?: UnmatchedReason;
  sample?: string;
  before?: string;
  limit?: number;
  institution?: string;
}

const text = (field: string, zh: string, en: string, code: 'invalid' | 'required' = 'invalid'): OperationOutcomeIssue => ({
  severity: 'error',
  code,
  details: { text: `${zh} / ${en}` },
  expression: [field],
});

/** Checks the assignment body, naming each bad field. */
function assignInput(body: unknown): AssignUnmatchedInput {
  if (body === undefined || body === null) return {} as AssignUnmatchedInput;
  if (typeof body !== 'object' || Array.isArray(body)) throw badBody([text('$', '请求体应为对象', 'the body must be an object')]);
  const b = body as Record<string, unknown>;
  const issues: OperationOutcomeIssue[] = [];
  for (const key of ['specimen', 'testCode', 'note'] as const) {
    if (b[key] !== undefined && (typeof b[key] !== 'string' || (b[key] as string).length > (key === 'note' ? 500 : 64))) issues.push(text(key, `${key} 应为字符串`, `${key} must be a string (at most ${key === 'note' ? 500 : 64} characters)`));
  }
  for (const key of ['saveMapping', 'includeSameSample'] as const) {
    if (b[key] !== undefined && typeof b[key] !== 'boolean') issues.push(text(key, `${key} 应为 true 或 false`, `${key} must be true or false`));
  }
  for (const key of Object.keys(b)) if (!['specimen', 'testCode', 'note', 'saveMapping', 'includeSameSample'].includes(key)) issues.push(text(key, `未知字段 ${key}`, `${key} is not a known field`));
  if (issues.length) throw badBody(issues);
  return b as unknown as AssignUnmatchedInput;
}

/** 未匹配结果队列: results held because their specimen or channel was unknown, and their manual assignment. */
export function unmatchedRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: UnmatchedQuery }>(
    '/unmatched-results',
    {
      schema: {
        tags: TAGS,
        operationId: 'listUnmatchedResults',
        summary: '未匹配结果（未知标本或未对照通道） / Results held for manual assignment',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['open', 'assigned', 'dismissed'], default: 'open' },
            instrument: { type: 'string', maxLength: 64 },
            reason: { type: 'string', enum: UNMATCHED_REASONS },
            sample: { type: 'string', maxLength: 64, description: 'barcode or sample number as the analyzer sent it' },
            before: { type: 'string', pattern: '^[0-9]{1,18}$' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            ...institutionQuery,
          },
        },
        response: { 200: unmatchedPageSchema, ...errors },
      },
    },
    async (req) => {
      need(req, 'lis.read', 'lis.result.enter');
      const institution = requestedLab(req);
      const q = req.query;
      const page = await listUnmatched(ctx.db, { ...q, status: q.status ?? 'open', institution, before: cursor(q.before), limit: q.limit ?? 50 });
      await audit(ctx, req, { action: 'search', resourceType: 'Observation', institution, query: new URLSearchParams(q as Record<string, string>).toString(), detail: 'lis unmatched results' });
      return page;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/unmatched-results/:id/assign',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'assignUnmatchedResult',
        summary: '归属未匹配结果到标本（并可保存通道对照） / Assign a held result to a specimen (and its channel to a test)',
        description:
          'Records the result through the results area as an instrument result of the specimen, on behalf of the caller. `testCode` is needed when the channel is not mapped; `saveMapping` (needs `lis.instrument.manage`) also maps the channel on the instrument; `includeSameSample` assigns the other open results of the same sample and message too.',
        params: idParams,
        querystring: { type: 'object', properties: institutionQuery },
        body: assignBody,
        response: { 200: assignOutcomeSchema, ...errors },
      },
    },
    async (req) => {
      const p = need(req, 'lis.result.enter');
      const input = assignInput(req.body);
      if (input.saveMapping) need(req, 'lis.instrument.manage');
      const institution = requestedLab(req);
      const outcome = await assignUnmatched(ctx, callerContext(req), institution, req.params.id, input, actorLabel(p));
      await audit(ctx, req, {
        action: 'operation',
        resourceType: 'Observation',
        institution,
        detail: `lis unmatched ${outcome.assigned.map((a) => a.id).join(',')} assigned to ${outcome.assigned[0]?.specimen?.barcode ?? '?'}${input.saveMapping ? ' (channel mapping saved)' : ''}`,
      });
      if (input.saveMapping) await managerOf(ctx)?.reconcile().catch(() => undefined);
      return outcome;
    },
  );

  app.post<{ Params: { id: string }; Body: { note: string } }>(
    '/unmatched-results/:id/dismiss',
    {
      attachValidation: true,
      schema: {
        tags: TAGS,
        operationId: 'dismissUnmatchedResult',
        summary: '作废未匹配结果（须说明原因） / Dismiss a held result, with the reason',
        params: idParams,
        querystring: { type: 'object', properties: institutionQuery },
        body: dismissBody,
        response: { 200: unmatchedSchema, ...errors },
      },
    },
    async (req) => {
      const p = need(req, 'lis.result.enter');
      const note = (req.body as { note?: unknown } | undefined)?.note;
      if (typeof note !== 'string' || !note.trim()) throw badBody([text('note', '请说明作废原因', 'note (why the result is dismissed) is required', 'required')]);
      const institution = requestedLab(req);
      const row = await markDismissed(ctx.db, institution, req.params.id, actorLabel(p), note.slice(0, 500));
      if (!row) throw new FhirError(404, `未匹配结果 ${req.params.id} 不存在或已处理 / held result ${req.params.id} not found or already handled`, 'not-found', 'id');
      await audit(ctx, req, { action: 'operation', resourceType: 'Observation', institution, detail: `lis unmatched ${req.params.id} dismissed: ${note.slice(0, 200)}` });
      return toUnmatched(row);
    },
  );
}
