import type { FastifyInstance } from 'fastify';
import type { AuditOutcome, Kernel } from '@medunion/kernel';
import { principalOf, requirePermission } from '../http/principal.ts';

/** Audit log search and hash-chain verification. There is deliberately no write route. */
export async function auditRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get(
    '/api/audit/verify',
    { preHandler: requirePermission('audit.verify'), schema: { tags: ['audit'], summary: 'Recompute the audit hash chain; names the first broken entry (审计链校验)' } },
    async (req) => {
      const result = await kernel.audit.verify();
      await kernel.audit.record({ action: 'operation', principal: principalOf(req), detail: `audit verify: ${result.ok ? 'intact' : `broken at ${result.brokenAt}`}`, sourceIp: req.ip });
      return result;
    },
  );

  app.get<{ Querystring: Record<string, string> }>(
    '/api/audit',
    {
      preHandler: requirePermission('audit.read'),
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (审计日志)',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            agentId: { type: 'string' },
            action: { type: 'string' },
            resourceType: { type: 'string' },
            resourceId: { type: 'string' },
            patientId: { type: 'string' },
            institution: { type: 'string' },
            outcome: { type: 'string', enum: ['0', '4', '8', '12'] },
            count: { type: 'integer', minimum: 1, maximum: 1000 },
            offset: { type: 'integer', minimum: 0 },
          },
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      return kernel.audit.search({
        ...q,
        outcome: q.outcome as AuditOutcome | undefined,
        count: q.count ? Number(q.count) : undefined,
        offset: q.offset ? Number(q.offset) : undefined,
        institution: p.regionAdmin ? q.institution : p.institution,
      });
    },
  );
}
