import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { FastifyRequest } from 'fastify';
import { FhirError, type AuditEntry, type ModuleContext, type Principal } from '@medunion/kernel';
import { principalOf } from '../../http/caller.ts';

/** Who handled a held result, as the lab reads it in the queue (the sign-in name; the id when there is none). */
export const actorLabel = (p: Principal): string => p.username ?? `${p.kind}/${p.id}`;

/** Module-table reads and changes are audited like store operations (deny by default, audit everything). */
export function audit(ctx: ModuleContext, req: FastifyRequest, entry: Omit<AuditEntry, 'principal' | 'sourceIp'>): Promise<void> {
  return ctx.audit.record({ ...entry, principal: principalOf(req), sourceIp: req.ip });
}

/** A 400 listing every problem of a request body, each naming its field. */
export function badBody(issues: OperationOutcomeIssue[]): FhirError {
  return new FhirError(400, issues);
}
