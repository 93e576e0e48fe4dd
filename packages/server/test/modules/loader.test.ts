import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineModule, KERNEL_PERMISSIONS, type MenuEntry, type ModuleDefinition } from '@medunion/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverModules, menuFor } from '../../src/modules/load.ts';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A packages directory with the given packages: name → package.json content and entry files. */
function packagesDir(packages: Record<string, { manifest?: object; files?: Record<string, string> }>): string {
  const root = mkdtempSync(join(tmpdir(), 'medunion-modules-'));
  roots.push(root);
  for (const [name, pkg] of Object.entries(packages)) {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    if (pkg.manifest) writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg.manifest));
    for (const [file, text] of Object.entries(pkg.files ?? {})) writeFileSync(join(dir, file), text);
  }
  // Loose files beside the packages are ignored.
  writeFileSync(join(root, 'README.md'), '# packages\n');
  return root;
}

const moduleSource = (id: string, extra = '') => `export default {
  id: ${JSON.stringify(id)},
  title: { 'zh-CN': '测试', en: 'Test' },
  permissions: [{ id: '${id}.use', title: { 'zh-CN': '使用', en: 'Use' } }],
  migrations: [{ id: '${id}.001-init', up: 'create table ${id.replace(/-/g, '_')}_x (id text)' }],
  ${extra}
};
`;
const asModule = (id: string, entry = './index.mjs') => ({ manifest: { name: `@test/${id}`, type: 'module', medunion: { module: entry } }, files: { [entry.replace('./', '')]: moduleSource(id) } });

describe('discoverModules', () => {
  it('loads the packages that declare a module and skips the others', async () => {
    const dir = packagesDir({
      'b-pharmacy': asModule('pharmacy'),
      'a-lab': asModule('lab', './entry.mjs'),
      'plain-library': { manifest: { name: '@test/plain', type: 'module' }, files: { 'index.mjs': 'export default { id: "not-a-module" };\n' } },
      'no-manifest': { files: { 'index.mjs': 'export default {};\n' } },
    });
    const loaded = await discoverModules(undefined, dir);
    // Directory order (sorted), not declaration order.
    expect(loaded.modules.map((m) => m.id)).toEqual(['lab', 'pharmacy']);
    expect(loaded.migrations.map((m) => m.id)).toEqual(['lab.001-init', 'pharmacy.001-init']);
    expect(loaded.permissions.map((p) => p.id)).toEqual([...KERNEL_PERMISSIONS.map((p) => p.id), 'lab.use', 'pharmacy.use']);

    const only = await discoverModules(['pharmacy'], dir);
    expect(only.modules.map((m) => m.id)).toEqual(['pharmacy']);
    expect(only.migrations.map((m) => m.id)).toEqual(['pharmacy.001-init']);
    expect((await discoverModules(['nothing-by-this-id'], dir)).modules).toEqual([]);
  });

  it('rejects a module package whose entry has no default export', async () => {
    const dir = packagesDir({
      'a-good': asModule('good'),
      'b-broken': { manifest: { name: '@test/broken', type: 'module', medunion: { module: './index.mjs' } }, files: { 'index.mjs': 'export const notice = { id: "broken" };\n' } },
    });
    await expect(discoverModules(undefined, dir)).rejects.toThrow(/Package b-broken declares a module but its entry has no default defineModule\(\.\.\.\) export/);
  });

  it('rejects a default export without an id', async () => {
    const dir = packagesDir({ 'c-anonymous': { manifest: { type: 'module', medunion: { module: './index.mjs' } }, files: { 'index.mjs': 'export default { title: "no id" };\n' } } });
    await expect(discoverModules(undefined, dir)).rejects.toThrow(/c-anonymous declares a module/);
  });

  it('rejects two packages declaring the same module id', async () => {
    const dir = packagesDir({ 'a-first': asModule('twin'), 'b-second': asModule('twin') });
    await expect(discoverModules(undefined, dir)).rejects.toThrow(/Two packages declare module id "twin"/);
  });

  it('finds the notice module in the real workspace', async () => {
    const loaded = await discoverModules();
    expect(loaded.modules.map((m) => m.id)).toContain('notice');
    expect(loaded.permissions.map((p) => p.id)).toEqual(expect.arrayContaining(['notice.read', 'notice.publish']));
  });
});

describe('defineModule', () => {
  const title = { 'zh-CN': '测试', en: 'Test' };

  it('accepts a well-formed declaration and returns it unchanged', () => {
    const definition = {
      id: 'lab-results',
      title,
      permissions: [{ id: 'lab-results.read', title }],
      migrations: [{ id: 'lab-results.001-init', up: 'select 1' }],
    };
    expect(defineModule(definition)).toBe(definition);
  });

  it.each(['Notice', 'n', '1notice', 'notice_board', 'notice.board', '-notice', 'a'.repeat(33), ''])('rejects the module id %j', (id) => {
    expect(() => defineModule({ id, title })).toThrow(/must be lower-case letters, digits or dashes/);
  });

  it('accepts ids of 2 to 32 characters', () => {
    expect(defineModule({ id: 'ab', title }).id).toBe('ab');
    expect(defineModule({ id: `a${'b'.repeat(31)}`, title }).id).toHaveLength(32);
  });

  it('rejects migrations without the module prefix', () => {
    expect(() => defineModule({ id: 'notice', title, migrations: [{ id: '001-init', up: 'select 1' }] })).toThrow(/Migration "001-init" of module notice must be prefixed "notice\."/);
    // A longer id sharing the prefix is another module's.
    expect(() => defineModule({ id: 'notice', title, migrations: [{ id: 'noticeboard.001', up: 'select 1' }] })).toThrow(/must be prefixed/);
    expect(() => defineModule({ id: 'notice', title, migrations: [{ id: 'notice', up: 'select 1' }] })).toThrow(/must be prefixed/);
  });

  it('rejects permissions without the module prefix', () => {
    expect(() => defineModule({ id: 'notice', title, permissions: [{ id: 'read', title }] })).toThrow(/Permission "read" of module notice must be prefixed "notice\."/);
    expect(() => defineModule({ id: 'notice', title, permissions: [{ id: 'fhir.read', title }] })).toThrow(/must be prefixed/);
    expect(() => defineModule({ id: 'notice', title, permissions: [{ id: 'notices.read', title }] })).toThrow(/must be prefixed/);
  });
});

describe('menuFor', () => {
  const title = { 'zh-CN': '菜单', en: 'Menu' };
  const entry = (path: string, permission?: string, children?: MenuEntry[]): MenuEntry => ({ path, title, ...(permission ? { permission } : {}), ...(children ? { children } : {}) });
  const modules: ModuleDefinition[] = [
    { id: 'open', title, menu: [entry('/open')] },
    { id: 'notice', title, menu: [entry('/notice', 'notice.read')] },
    {
      id: 'lab',
      title,
      menu: [
        entry('/lab', 'lab.read', [entry('/lab/results', 'lab.read'), entry('/lab/admin', 'lab.admin')]),
        entry('/lab/tools', undefined, [entry('/lab/tools/qc', 'lab.admin')]),
      ],
    },
    { id: 'silent', title },
  ];
  const menu = (granted: string[]) => menuFor(modules, (p) => granted.includes(p));

  it('shows everything to a caller holding every permission', () => {
    const all = menu(['notice.read', 'lab.read', 'lab.admin']);
    expect(all.map((m) => m.module)).toEqual(['open', 'notice', 'lab']);
    expect(all.find((m) => m.module === 'lab')?.entries).toEqual(modules[2].menu);
  });

  it('filters entries and children by permission and drops empty groups and modules', () => {
    const reader = menu(['lab.read']);
    expect(reader.map((m) => m.module)).toEqual(['open', 'lab']);
    const lab = reader.find((m) => m.module === 'lab')!;
    // /lab keeps its readable child; /lab/tools lost its only child and disappears.
    expect(lab.entries).toEqual([entry('/lab', 'lab.read', [entry('/lab/results', 'lab.read')])]);
    expect(lab.title).toEqual(title);
  });

  it('hides a group the caller may not see even when a child would be allowed', () => {
    const adminOnly = menu(['lab.admin']);
    expect(adminOnly.find((m) => m.module === 'lab')?.entries).toEqual([entry('/lab/tools', undefined, [entry('/lab/tools/qc', 'lab.admin')])]);
  });

  it('keeps entries without a permission for everyone and leaves the declarations untouched', () => {
    expect(menu([])).toEqual([{ module: 'open', title, entries: [entry('/open')] }]);
    expect(modules[2].menu?.[0].children).toHaveLength(2);
  });
});
