import type { NamingSystem } from '@medplum/fhirtypes';
import { badRequest, notFound, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { bareOid } from './oid.ts';

/**
 * The registry entry for an identifier or code system, given its URI or OID in any of the written forms
 * (`urn:oid:2.16.156.10011.1.3`, `2.16.156.10011.1.3`, `https://…/sid/mrn/lead-hospital`). Read as the caller.
 */
export async function resolveNamingSystem(ctx: ModuleContext, request: RequestContext, value: string | undefined): Promise<NamingSystem> {
  const v = value?.trim();
  if (!v) throw badRequest('Parameter "value" (a URI or an OID) is required', 'value');
  if (v.length > 500) throw badRequest('"value" is too long to be a URI or an OID', 'value');
  const oid = bareOid(v);
  const forms = oid ? [...new Set([v, oid, `urn:oid:${oid}`])] : [v];
  for (const form of forms) {
    const { resources } = await ctx.store.search(request, 'NamingSystem', [
      ['value:exact', form],
      ['status', 'active'],
    ]);
    if (resources[0]) return resources[0] as NamingSystem;
  }
  throw notFound(`No NamingSystem is registered for "${v}"`);
}
