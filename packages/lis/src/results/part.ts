import type { LisPart } from '../part.ts';
import { reportMigrations } from '../reports/migrations.ts';
import { handlePush } from '../reports/recognition/push.ts';
import { rememberServer } from '../reports/recognition/loopback.ts';
import { retryPushJob } from '../reports/recognition/retry-job.ts';
import { PUSH_PARAMETERS } from '../reports/recognition/settings.ts';
import { PUSH_TOPIC } from '../reports/recognition/state.ts';
import { reportsRoutes } from '../reports/routes/reports.routes.ts';
import { seedResultsDemo } from './demo.ts';
import { RESULT_PARAMETERS } from './parameters.ts';
import { onPoolPositive, POOL_POSITIVE_TOPIC } from './pool.ts';
import { resultsRoutes } from './routes/results.routes.ts';
import { resultValidators } from './validators.ts';

/**
 * Area 4 — results and reports (see the LIS README, "Results, review and reports"): results, calculated tests,
 * flags, critical values, delta checks, auto-verification, review / un-review / recall with the revision trail;
 * report PDFs, templates, verification, print centre; publication for the EMR and the push to 互认.
 * Migration ids lis.4nn-…, tables lis_report_*, lis_print_log, lis_signature, lis_recognition_push.
 */
export const resultsPart: LisPart = {
  name: 'results',
  migrations: reportMigrations,
  parameters: [...RESULT_PARAMETERS, ...PUSH_PARAMETERS],
  validators: resultValidators,
  routes: async (app, ctx) => {
    rememberServer(ctx, app);
    resultsRoutes(app, ctx);
    // Own scope: its content-type parsers (signature images) stay with its routes.
    await app.register(async (scoped) => reportsRoutes(scoped, ctx));
  },
  on: {
    // Durable hand-offs committed with the transaction that decided them (see each handler).
    [PUSH_TOPIC]: handlePush,
    [POOL_POSITIVE_TOPIC]: onPoolPositive,
  },
  jobs: [retryPushJob],
  demo: seedResultsDemo,
};
