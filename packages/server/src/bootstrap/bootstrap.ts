import { randomBytes } from 'node:crypto';
import type { Kernel } from '@medunion/kernel';
import { BUILT_IN_POLICIES, BUILT_IN_ROLES } from './roles.ts';
import { DEMO_PASSWORD, seedDemoRegion } from './demo-region.ts';
import { seedDemoTerminology } from './demo-terminology.ts';
import { runModuleDemos, type ModuleDemoReport, type ModuleDemoSource } from './module-demos.ts';
import { getState, setState } from './state.ts';

export interface BootstrapReport {
  /** Set only on the very first start, when the admin account was created. */
  adminPassword?: string;
  adminPasswordGenerated?: boolean;
  demoUsers: { username: string; role: string; institution?: string }[];
  demoPassword?: string;
  /** Module demo hooks run at this start (only when `modules` was passed). */
  moduleDemos?: ModuleDemoReport;
}

export interface BootstrapOptions {
  /**
   * Runs the modules' `demo` hooks (when SEED_DEMO is on) after the demo region: `npm start` passes them; the test
   * platform does not by default, since tests reason about the bare demo region.
   */
  modules?: ModuleDemoSource;
}

/** First-start and every-start set-up: built-in roles and policies, the region administrator, the demo region. */
export async function bootstrap(kernel: Kernel, options: BootstrapOptions = {}): Promise<BootstrapReport> {
  for (const role of BUILT_IN_ROLES) await kernel.auth.upsertRole(role);
  for (const policy of BUILT_IN_POLICIES) {
    if (!(await kernel.policies.get(policy.id))) await kernel.policies.upsert(policy);
  }
  const report: BootstrapReport = { demoUsers: [] };
  if (!(await getState(kernel.db, 'admin-created'))) {
    const generated = !kernel.config.adminPassword;
    const password = kernel.config.adminPassword ?? `Mu-${randomBytes(9).toString('base64url')}1`;
    try {
      await kernel.auth.createUser({ username: 'admin', password, displayName: '区域管理员', regionAdmin: true, roles: [{ role: 'region-admin' }] });
    } catch (err) {
      if ((err as { code?: string }).code !== 'username_taken') throw err;
    }
    await setState(kernel.db, 'admin-created', new Date().toISOString());
    report.adminPassword = password;
    report.adminPasswordGenerated = generated;
  }
  // Every start (idempotent by url), so databases seeded before the demo dictionaries existed get them too.
  if (kernel.config.seedDemo) await seedDemoTerminology(kernel);
  if (kernel.config.seedDemo && !(await getState(kernel.db, 'demo-seeded'))) {
    report.demoUsers = await seedDemoRegion(kernel);
    report.demoPassword = DEMO_PASSWORD;
    await setState(kernel.db, 'demo-seeded', new Date().toISOString());
  }
  if (kernel.config.seedDemo && options.modules) report.moduleDemos = await runModuleDemos(kernel, options.modules);
  return report;
}
