import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KERNEL_PERMISSIONS, type MenuEntry, type Migration, type ModuleDefinition, type PermissionDeclaration } from '@medunion/kernel';

export interface LoadedModules {
  modules: ModuleDefinition[];
  migrations: Migration[];
  /** Kernel permissions followed by every module's. */
  permissions: PermissionDeclaration[];
}

const PACKAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Finds modules: every workspace package whose package.json has `"medunion": { "module": "<entry>" }`.
 * `only` (env MEDUNION_MODULES, comma-separated ids) restricts the set; ids prefixed with `-` are left out instead
 * (`-mpi` loads every module but the patient index).
 */
export async function discoverModules(only?: string[], packagesDir = PACKAGES_DIR): Promise<LoadedModules> {
  const modules: ModuleDefinition[] = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { medunion?: { module?: string } };
    const entry = manifest.medunion?.module;
    if (!entry) continue;
    const imported = (await import(pathToFileURL(join(packagesDir, dir, entry)).href)) as { default?: ModuleDefinition };
    const mod = imported.default;
    if (!mod?.id) throw new Error(`Package ${dir} declares a module but its entry has no default defineModule(...) export`);
    if (only?.length && !selected(only, mod.id)) continue;
    if (modules.some((m) => m.id === mod.id)) throw new Error(`Two packages declare module id "${mod.id}"`);
    modules.push(mod);
  }
  return {
    modules,
    migrations: modules.flatMap((m) => m.migrations ?? []),
    permissions: [...KERNEL_PERMISSIONS, ...modules.flatMap((m) => m.permissions ?? [])],
  };
}

function selected(only: string[], id: string): boolean {
  const included = only.filter((o) => !o.startsWith('-'));
  if (only.includes(`-${id}`)) return false;
  return included.length === 0 || included.includes(id);
}

/** Menu entries of all modules, filtered to what the given permission check allows. */
export function menuFor(modules: ModuleDefinition[], allowed: (permission: string) => boolean): { module: string; title: ModuleDefinition['title']; entries: MenuEntry[] }[] {
  const filter = (entries: MenuEntry[]): MenuEntry[] =>
    entries
      .filter((e) => !e.permission || allowed(e.permission))
      .map((e) => (e.children ? { ...e, children: filter(e.children) } : e))
      .filter((e) => !e.children || e.children.length > 0);
  return modules
    .map((m) => ({ module: m.id, title: m.title, entries: filter(m.menu ?? []) }))
    .filter((m) => m.entries.length > 0);
}
