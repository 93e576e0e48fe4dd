import { seedDemoTemplates } from '../orders/demo.ts';
import { orderParameters } from '../orders/parameters.ts';
import { orderRoutes } from '../orders/routes.ts';
import { checkLabOrder } from '../orders/validator.ts';
import type { LisPart } from '../part.ts';
import { specimenMigrations } from './migrations.ts';
import { specimenRoutes } from './routes.ts';
import { specimensTerminology } from './terminology.ts';

/**
 * Area 2 — orders and specimens (see the LIS README, "Orders and specimens"): requisitions from every channel,
 * accession into barcoded tubes, labels, the specimen workflow with its status ledger, and pools (混检).
 */
export const specimensPart: LisPart = {
  name: 'specimens',
  terminology: specimensTerminology,
  migrations: specimenMigrations,
  parameters: orderParameters,
  validators: { ServiceRequest: checkLabOrder },
  routes: async (app, ctx) => {
    await orderRoutes(app, ctx);
    specimenRoutes(app, ctx);
  },
  demo: seedDemoTemplates,
};
