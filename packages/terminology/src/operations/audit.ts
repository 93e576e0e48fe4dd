import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';

/**
 * Runs a terminology operation and records it in the audit trail as an `operation` (`$expand?url=…`), with
 * the failure outcome when it throws. The store audits the reads the operation made on its own.
 */
export async function audited<T>(
  ctx: ModuleContext,
  request: RequestContext,
  what: { operation: string; resourceType: string; resourceId?: string; query: [string, string][] },
  run: () => Promise<T>,
): Promise<T> {
  const query = `$${what.operation}?${new URLSearchParams(what.query).toString()}`.slice(0, 2000);
  const base = { action: 'operation', principal: request.principal, sourceIp: request.sourceIp, resourceType: what.resourceType, resourceId: what.resourceId, query } as const;
  try {
    const result = await run();
    await ctx.audit.record(base);
    return result;
  } catch (err) {
    await ctx.audit.record({ ...base, outcome: err instanceof FhirError && err.status < 500 ? '4' : '8', detail: (err as Error).message.slice(0, 500) });
    throw err;
  }
}
