import { defineModule } from '@medunion/kernel';
import { seedPatientIndexDemo } from './demo/seed-demo.ts';
import { validatePatient } from './identifiers/patient-validator.ts';
import { mpiMigrations } from './index-store/migrations.ts';
import { MPI_PARAMETERS } from './matching/parameters.ts';
import { ihePixOperation } from './pixm/ihe-pix.ts';
import { GOLDEN_TOPIC, onGoldensChanged } from './golden/golden-writer.ts';
import { onPatientChanges } from './registration.ts';
import { patientIndexServices } from './services.ts';
import { linkRoutes } from './routes/links.routes.ts';
import { resolveRoutes } from './routes/resolve.routes.ts';
import { reviewRoutes } from './routes/review.routes.ts';

export type { IndexedPerson, IndexedSource, PatientIndexServices } from './services.ts';

/** Master patient index (患者主索引): identifier rules, matching, golden records, PIXm. See README.md. */
export default defineModule({
  id: 'mpi',
  title: { 'zh-CN': '患者主索引', en: 'Master patient index' },
  permissions: [
    { id: 'mpi.read', title: { 'zh-CN': '查询主索引', en: 'Look up the patient index' } },
    { id: 'mpi.review', title: { 'zh-CN': '审核疑似重复患者', en: 'Review possible duplicate patients' } },
    { id: 'mpi.merge', title: { 'zh-CN': '合并/拆分患者', en: 'Merge and split patients' } },
  ],
  migrations: mpiMigrations,
  parameters: MPI_PARAMETERS,
  validators: { Patient: validatePatient },
  // Matching and the golden-record rewrite are two subscribers, so one batch's golden Patients are written while the
  // next batch is matched. Big batches: an index transaction has a fixed cost (lock, candidate reads) worth sharing.
  on: {
    'Patient:*': { batch: onPatientChanges, batchSize: 500 },
    [GOLDEN_TOPIC]: { batch: onGoldensChanged, batchSize: 20 },
  },
  fhirOperations: [ihePixOperation],
  // Other modules resolve a person through these (互认: the doctor's patient across institutions), not our tables.
  services: patientIndexServices,
  routes: (app, ctx) => {
    reviewRoutes(app, ctx);
    linkRoutes(app, ctx);
    resolveRoutes(app, ctx);
  },
  // Console pages (packages/web/src/mpi): the review queue and the person view; deciding and merging are checked per action.
  menu: [
    { path: '/mpi/review', title: { 'zh-CN': '待审核匹配', en: 'Match review' }, icon: 'DiffOutlined', permission: 'mpi.read' },
    { path: '/mpi/persons', title: { 'zh-CN': '主索引查询', en: 'Patient index' }, icon: 'TeamOutlined', permission: 'mpi.read' },
  ],
  // Demo region: a person registered at two institutions and a near-duplicate pair for the review queue (src/demo).
  demo: seedPatientIndexDemo,
});
