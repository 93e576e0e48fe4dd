import type { Kernel, ModuleContext, ModuleDefinition } from '@medunion/kernel';
import { getState, setState } from './state.ts';

/** The loaded modules and their contexts, as the platform's runtime holds them. */
export interface ModuleDemoSource {
  modules: ModuleDefinition[];
  contexts: Map<string, ModuleContext>;
}

export interface ModuleDemoReport {
  seeded: string[];
  failed: { module: string; error: string }[];
}

export const demoStateKey = (moduleId: string): string => `demo-seeded:${moduleId}`;

/**
 * Module order with every module after the loaded ones its `demoAfter` names (modules not loaded are ignored);
 * otherwise load order. A cycle is a programming error, reported at once.
 */
export function demoOrder(modules: ModuleDefinition[]): ModuleDefinition[] {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const ordered: ModuleDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (mod: ModuleDefinition, path: string[]) => {
    if (state.get(mod.id) === 'done') return;
    if (state.get(mod.id) === 'visiting') throw new Error(`Module demos depend on each other in a cycle: ${[...path, mod.id].join(' → ')}`);
    state.set(mod.id, 'visiting');
    for (const before of mod.demoAfter ?? []) {
      const dep = byId.get(before);
      if (dep) visit(dep, [...path, mod.id]);
    }
    state.set(mod.id, 'done');
    ordered.push(mod);
  };
  for (const mod of modules) visit(mod, []);
  return ordered;
}

/**
 * Runs each module's `demo` hook once per database (platform state `demo-seeded:<module>`), in `demoAfter` order.
 * A failing hook is logged and skipped rather than thrown: demonstration content must never keep the platform
 * from starting, and with its state key unset the hook is tried again on the next start.
 */
export async function runModuleDemos(kernel: Kernel, source: ModuleDemoSource): Promise<ModuleDemoReport> {
  const report: ModuleDemoReport = { seeded: [], failed: [] };
  for (const mod of demoOrder(source.modules)) {
    if (!mod.demo || (await getState(kernel.db, demoStateKey(mod.id)))) continue;
    const ctx = source.contexts.get(mod.id);
    if (!ctx) continue;
    const failedBefore = (mod.demoAfter ?? []).filter((id) => report.failed.some((f) => f.module === id));
    if (failedBefore.length) {
      ctx.log.warn({ module: mod.id, after: failedBefore }, 'module demo data skipped: a demo it builds on failed');
      report.failed.push({ module: mod.id, error: `skipped: the demo of ${failedBefore.join(', ')} failed` });
      continue;
    }
    try {
      await mod.demo(ctx);
      await setState(kernel.db, demoStateKey(mod.id), new Date().toISOString());
      report.seeded.push(mod.id);
    } catch (err) {
      ctx.log.error({ err, module: mod.id }, 'module demo data could not be seeded; the platform starts without it and tries again on the next start');
      report.failed.push({ module: mod.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return report;
}
