import { createKernel, loadConfig, SYSTEM_PRINCIPAL, type Kernel, type ModuleContext, type Principal } from '@medunion/kernel';
import type { TestDbFactory } from '../../../kernel/test/dbs.ts';
import { codeSystemRules } from '../../src/concepts/code-system-rules.ts';
import { terminologyMigrations } from '../../src/migrations.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * A kernel with the module's tables and write rules and the ModuleContext the server would hand the module —
 * but no HTTP and no event bus, so nothing but the module's own code keeps its index current.
 */
export async function moduleKernel(factory: TestDbFactory): Promise<{ kernel: Kernel; ctx: ModuleContext }> {
  const db = await factory.open();
  const kernel = await createKernel(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/medunion-test-unused' }), terminologyMigrations, db);
  kernel.store.validators.register('terminology', 'CodeSystem', codeSystemRules);
  const ctx: ModuleContext = {
    moduleId: 'terminology',
    config: kernel.config,
    db: kernel.db,
    store: kernel.store,
    audit: kernel.audit,
    auth: kernel.auth,
    log: quiet,
    parameters: kernel.parameters,
    blobs: kernel.blobs,
    systemContext: { principal: { ...SYSTEM_PRINCIPAL, id: 'module:terminology', username: 'module:terminology' }, interface: 'module' },
    service: () => {
      throw new Error('no other modules in this test');
    },
  };
  return { kernel, ctx };
}

/** A staff member of `institution` with read and search permissions (what they see is up to the policies). */
export function staff(institution: string): Principal {
  return { kind: 'user', id: `u-${institution}`, username: `staff.${institution}`, institution, institutions: [institution], roles: ['doctor'], permissions: ['fhir.read', 'fhir.search', 'terminology.read'], regionAdmin: false };
}
