import type { LisPart } from '../part.ts';
import { statsMigrations } from '../stats/migrations.ts';
import { projectionHandler } from '../stats/project.ts';
import { statsRoutes } from '../stats/routes.ts';
import { tatMigrations } from '../tat/migrations.ts';
import { raiseOverdueAlerts } from '../tat/overdue.ts';
import { TAT_PARAMETERS } from '../tat/parameters.ts';
import { tatRoutes } from '../tat/routes.ts';
import { seedQcDemo } from './demo/seed-qc-demo.ts';
import { qcMigrations } from './migrations.ts';
import { QC_PARAMETERS } from './parameters.ts';
import { pbrtqcRoutes } from './pbrtqc/routes.ts';
import { qcChartRoutes } from './routes/charts.routes.ts';
import { qcConfigRoutes } from './routes/config.routes.ts';
import { qcResultRoutes } from './routes/results.routes.ts';

/**
 * Area 5 — QC, statistics and TAT (see the LIS README, "QC, statistics and TAT"). Migration ids lis.5nn-…, tables
 * lis_qc_*, lis_pbrtqc_*, lis_stat_*, lis_tat_*. Reacts to the LIS resources' committed changes to keep the
 * statistics projection (and PBRTQC) current.
 */
export const qcPart: LisPart = {
  name: 'qc',
  migrations: [...qcMigrations, ...statsMigrations, ...tatMigrations],
  parameters: [...QC_PARAMETERS, ...TAT_PARAMETERS],
  routes: (app, ctx) => {
    qcConfigRoutes(app, ctx);
    qcResultRoutes(app, ctx);
    qcChartRoutes(app, ctx);
    pbrtqcRoutes(app, ctx);
    statsRoutes(app, ctx);
    tatRoutes(app, ctx);
  },
  on: {
    'ServiceRequest:*': projectionHandler,
    'Specimen:*': projectionHandler,
    'Observation:*': projectionHandler,
    'DiagnosticReport:*': projectionHandler,
  },
  // Overdue specimens (超时提醒): raised and resolved once a minute across the cluster.
  jobs: [{ id: 'tat-overdue', everySeconds: 60, run: async (ctx) => void (await raiseOverdueAlerts(ctx)) }],
  // After the catalogue and instruments demos (parts.ts order): controls, targets and 30 days of QC on their analyzers.
  demo: seedQcDemo,
};
