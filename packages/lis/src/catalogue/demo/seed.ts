import type { ModuleContext } from '@medunion/kernel';
import { writeCatalogue } from '../write.ts';
import { countyLabCatalogue, townshipLabCatalogue } from './county-lab.ts';

/** Institutions of the demo region (packages/server/src/bootstrap/demo-region.ts) that get a laboratory catalogue. */
export const DEMO_LABS = { lead: 'lead-hospital', township: 'thc-hexi' } as const;

/**
 * Seeds the demo catalogues through the catalogue's own import (as the module): the county catalogue for the lead
 * hospital, the basic panels for the 河西 township centre. Idempotent: an unchanged entry writes no new version.
 */
export async function seedDemoCatalogues(ctx: ModuleContext): Promise<void> {
  await writeCatalogue(ctx, ctx.systemContext, DEMO_LABS.lead, countyLabCatalogue(), 'upsert');
  await writeCatalogue(ctx, ctx.systemContext, DEMO_LABS.township, townshipLabCatalogue(), 'upsert');
}
