import type { LisPart } from '../part.ts';
import { seedDemoCatalogues } from './demo/seed.ts';
import { invalidateOnDefinitionChange } from './lookup.ts';
import { catalogueRoutes } from './routes.ts';
import { catalogueTerminology } from './terminology.ts';

/**
 * Area 1 — catalogue (see the LIS README, "Catalogue"): tests, panels and tubes as FHIR definitions, their API,
 * the cached lookup other areas use (`lookup.ts`), and the demo county catalogue. No tables of its own.
 */
export const cataloguePart: LisPart = {
  name: 'catalogue',
  terminology: catalogueTerminology,
  routes: (app, ctx) => catalogueRoutes(app, ctx),
  on: {
    'ObservationDefinition:*': invalidateOnDefinitionChange,
    'ActivityDefinition:*': invalidateOnDefinitionChange,
    'SpecimenDefinition:*': invalidateOnDefinitionChange,
  },
  demo: seedDemoCatalogues,
};
