import type { CodeSystem, Organization } from '@medplum/fhirtypes';
import { defineModule, type ModuleContext } from '@medunion/kernel';
import { codeSystemRules } from './concepts/code-system-rules.ts';
import { seedTerminologyDemo } from './demo/seed-demo.ts';
import { indexCodeSystem, removeFromIndex } from './concepts/concept-index.ts';
import { terminologyMigrations } from './migrations.ts';
import { registerInstitution } from './naming/institutions.ts';
import { SEEDED_NAMING_SYSTEMS } from './naming/registry-seed.ts';
import { TERMINOLOGY_OPERATIONS } from './operations/index.ts';
import { importRoute } from './routes/import.route.ts';
import { mappingRoutes } from './routes/mapping.routes.ts';
import { namingRoutes } from './routes/naming.routes.ts';
import { SEEDED_CODE_SYSTEMS } from './seed/index.ts';
import { terminologyServices, type TerminologyServices } from './services.ts';

export type { TerminologyServices } from './services.ts';

/** CodeSystems without a url cannot be asked for by url, so there is nothing to index (and nothing to retry). */
async function indexStored(ctx: ModuleContext, cs: CodeSystem): Promise<void> {
  if (cs.url) await indexCodeSystem(ctx.db, cs);
}

/**
 * Terminology (术语与字典): FHIR terminology operations over a pinyin-aware concept index, the national code
 * sets, the OID / identifier registry, and institution dictionaries with their mapping to regional standards.
 */
export default defineModule<TerminologyServices>({
  id: 'terminology',
  title: { 'zh-CN': '术语与字典', en: 'Terminology' },
  permissions: [
    { id: 'terminology.read', title: { 'zh-CN': '查询术语与字典', en: 'Read terminology and dictionaries' } },
    { id: 'terminology.manage', title: { 'zh-CN': '上传字典、维护字典映射', en: 'Upload dictionaries and maintain mappings' } },
  ],
  // Console pages (packages/web/src/terminology): browsing and the report need read, dictionaries and mapping manage.
  menu: [
    { path: '/terminology/code-systems', title: { 'zh-CN': '术语浏览', en: 'Code systems' }, icon: 'AppstoreOutlined', permission: 'terminology.read' },
    { path: '/terminology/dictionaries', title: { 'zh-CN': '本机构字典', en: 'Local dictionaries' }, icon: 'ClusterOutlined', permission: 'terminology.manage' },
    { path: '/terminology/mapping', title: { 'zh-CN': '字典映射', en: 'Mapping workbench' }, icon: 'ApiOutlined', permission: 'terminology.manage' },
    { path: '/terminology/unmapped', title: { 'zh-CN': '未映射报告', en: 'Unmapped report' }, icon: 'AuditOutlined', permission: 'terminology.read' },
  ],
  terminology: [...SEEDED_CODE_SYSTEMS, ...SEEDED_NAMING_SYSTEMS],
  migrations: terminologyMigrations,
  validators: { CodeSystem: codeSystemRules },
  fhirOperations: TERMINOLOGY_OPERATIONS,
  routes: async (app, ctx) => {
    await importRoute(app, ctx);
    await mappingRoutes(app, ctx);
    await namingRoutes(app, ctx);
  },
  on: {
    // Keep the concept index in step with CodeSystems written through any path (operations re-check anyway).
    'CodeSystem:create': async (event, ctx) => indexStored(ctx, event.payload as CodeSystem),
    'CodeSystem:update': async (event, ctx) => indexStored(ctx, event.payload as CodeSystem),
    'CodeSystem:delete': async (event, ctx) => removeFromIndex(ctx.db, event.resourceId),
    // Every institution gets its OID root and identifier namespaces in the registry.
    'Organization:create': async (event, ctx) => void (await registerInstitution(ctx, event.payload as Organization)),
    'Organization:update': async (event, ctx) => void (await registerInstitution(ctx, event.payload as Organization)),
  },
  services: terminologyServices,
  // Demo region: the institutions' item dictionaries, mapped to the recognition catalogues (src/demo).
  demo: seedTerminologyDemo,
});
