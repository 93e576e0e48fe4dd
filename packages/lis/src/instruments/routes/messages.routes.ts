import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '@medunion/kernel';
import type { InstrumentMessageKind } from '../../contracts/instruments.ts';
import { listMessages } from '../store/message-ledger.ts';
import { cursor } from '../store/sql-values.ts';
import { errors, institutionQuery, messagePageSchema, TAGS } from './schemas.ts';
import { need, requestedLab } from '../../http/caller.ts';
import { audit } from './request.ts';

interface MessageQuery {
  instrument?: string;
  direction?: 'in' | 'out';
  kind?: InstrumentMessageKind;
  outcome?: string;
  connection?: string;
  since?: string;
  until?: string;
  before?: string;
  limit?: number;
  raw?: boolean;
  institution?: string;
}

/** 仪器原始报文: the raw traffic ledger, newest first, keyset-paged. */
export function messageRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  app.get<{ Querystring: MessageQuery }>(
    '/instrument-messages',
    {
      schema: {
        tags: TAGS,
        operationId: 'listInstrumentMessages',
        summary: '仪器原始报文（收发双向、逐字节） / Raw analyzer traffic, every byte, newest first',
        description:
          'Entries: `message` (an ASTM transfer ENQ…EOT or one MLLP frame, with what processing made of it), `link` (the other side’s ACK/NAK during an ASTM transfer), `noise` (bytes outside any message), `connection` (opened/closed). Link diagnostics (bad checksum → NAK, garbage, timeouts) are in `events`. Page with `before` = the previous page’s `next`.',
        querystring: {
          type: 'object',
          properties: {
            instrument: { type: 'string', maxLength: 64, description: 'Device id' },
            direction: { type: 'string', enum: ['in', 'out'] },
            kind: { type: 'string', enum: ['message', 'link', 'noise', 'connection'] },
            outcome: { type: 'string', maxLength: 40, description: 'received, sent, processed, partly-unmatched, unmatched, answered, not-found, rejected, incomplete, failed, noise…' },
            connection: { type: 'string', maxLength: 200 },
            since: { type: 'string', format: 'date-time' },
            until: { type: 'string', format: 'date-time' },
            before: { type: 'string', pattern: '^[0-9]{1,18}$' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            raw: { type: 'boolean', default: true, description: 'include the exact bytes (base64)' },
            ...institutionQuery,
          },
        },
        response: { 200: messagePageSchema, ...errors },
      },
    },
    async (req) => {
      need(req, 'lis.read', 'lis.instrument.manage');
      const institution = requestedLab(req);
      const q = req.query;
      const page = await listMessages(ctx.db, { ...q, institution, before: cursor(q.before), limit: q.limit ?? 50, raw: q.raw ?? true });
      await audit(ctx, req, { action: 'search', resourceType: 'Device', resourceId: q.instrument, institution, query: new URLSearchParams(q as Record<string, string>).toString(), detail: 'lis instrument messages' });
      return page;
    },
  );
}
