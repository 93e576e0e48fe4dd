import { defineModule } from '@medunion/kernel';
import { examCatalogue, labCatalogue } from './catalogue/index.ts';
import { recognitionMigrations } from './migrations.ts';
import { PERMISSIONS } from './permissions.ts';
import { ingestObservation } from './qc/ingest.ts';
import { qcMigrations } from './qc/migrations.ts';
import { qcRoutes } from './qc/routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { uploadRoutes } from './routes/upload.routes.ts';
import { queryRoutes } from './routes/query.routes.ts';
import { statsMigrations } from './stats/migrations.ts';
import { statsRoutes } from './stats/routes.ts';
import { decisionMigrations } from './decisions/migrations.ts';
import { onReportRevoked } from './decisions/on-revoke.ts';
import { refusalReasons } from './decisions/reasons.ts';
import { recognitionServices, type RecognitionServices } from './services.ts';
import { seedRecognitionDemo } from './demo/seed-demo.ts';

export type { RecognitionServices } from './services.ts';
export type { RecognizableResult } from './core/recognizable.ts';

/** 检查检验结果互认 (result recognition): see README.md. */
export default defineModule<RecognitionServices>({
  id: 'recognition',
  title: { 'zh-CN': '检查检验结果互认', en: 'Result recognition' },
  permissions: PERMISSIONS,
  terminology: [labCatalogue, examCatalogue, refusalReasons],
  migrations: [...recognitionMigrations, ...qcMigrations, ...decisionMigrations, ...statsMigrations],
  services: recognitionServices,
  routes: (app, ctx) => {
    adminRoutes(app, ctx);
    uploadRoutes(app, ctx);
    qcRoutes(app, ctx);
    queryRoutes(app, ctx);
    statsRoutes(app, ctx);
  },
  // PBRTQC: every uploaded numeric lab result feeds its item × institution × instrument statistics (src/qc/ingest.ts).
  on: {
    'Observation:create': (event, ctx) => ingestObservation(ctx, event),
    // Doctor side: a revoked report's decisions are marked affected and the doctors shown it are notified.
    'DiagnosticReport:entered-in-error': onReportRevoked,
  },
  // Demo region: participation, this year's items, qualifications, 张三丰's reports and two decisions (src/demo);
  // after terminology's demo, whose item mappings the uploads are translated with.
  demo: seedRecognitionDemo,
  demoAfter: ['terminology', 'mpi'],
  // Administration pages (packages/web/src/recognition/admin).
  menu: [
    // Doctor workstation (packages/web/src/recognition/doctor).
    { path: '/recognition/doctor', title: { 'zh-CN': '互认查询', en: 'Recognition' }, icon: 'SafetyCertificateOutlined', permission: 'recognition.query' },
    {
      path: '/recognition/admin',
      title: { 'zh-CN': '互认管理', en: 'Recognition admin' },
      icon: 'SafetyOutlined',
      // No permission of its own: a statistics-only user sees just 互认统计 (empty groups are dropped).
      children: [
        { path: '/recognition/admin/institutions', title: { 'zh-CN': '互认机构', en: 'Institutions' }, permission: 'recognition.admin' },
        { path: '/recognition/admin/years', title: { 'zh-CN': '互认年度与项目', en: 'Years and items' }, permission: 'recognition.admin' },
        { path: '/recognition/admin/qualifications', title: { 'zh-CN': '互认资格', en: 'Qualifications' }, permission: 'recognition.admin' },
        { path: '/recognition/admin/qc', title: { 'zh-CN': '检验质量（PBRTQC）', en: 'Quality (PBRTQC)' }, permission: 'recognition.admin' },
        { path: '/recognition/admin/stats', title: { 'zh-CN': '互认统计', en: 'Statistics' }, permission: 'recognition.stats' },
      ],
    },
  ],
});
