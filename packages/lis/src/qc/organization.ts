import type { Organization } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';

/** The laboratory's institution name for report headings (its Organization), the id when it cannot be read. */
export async function institutionName(ctx: ModuleContext, institution: string): Promise<string> {
  try {
    const org = (await ctx.store.read(ctx.systemContext, 'Organization', institution)) as Organization;
    return org.name ?? institution;
  } catch {
    return institution;
  }
}
