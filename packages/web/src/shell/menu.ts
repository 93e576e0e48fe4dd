import type { ModuleMenu, ModuleMenuEntry } from '../api/modules.api.ts';
import type { MessageKey } from '../i18n/zh-CN.ts';
import type { Locale } from '../i18n/translate.ts';
import { holds } from '../session/permissions.ts';

/** A node of the left menu, independent of antd so it can be built and tested without React. */
export interface MenuNode {
  key: string;
  label: string;
  icon?: string;
  children?: MenuNode[];
}

/** Kernel administration pages of the shell itself; each needs a permission the user must hold (the API checks it again). */
export interface AdminPage {
  path: string;
  titleKey: MessageKey;
  icon: string;
  permission: string;
}

export const ADMIN_PAGES: readonly AdminPage[] = [{ path: '/admin/audit', titleKey: 'menu.audit', icon: 'AuditOutlined', permission: 'audit.read' }];

/** Module titles are `{ 'zh-CN', en }`; fall back to zh-CN, then to any text, so a half-translated module still shows. */
export function localized(text: Record<string, string>, locale: Locale): string {
  return text[locale] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

function entryNode(entry: ModuleMenuEntry, locale: Locale): MenuNode {
  const node: MenuNode = { key: entry.path, label: localized(entry.title, locale), icon: entry.icon };
  if (entry.children?.length) node.children = entry.children.map((c) => entryNode(c, locale));
  return node;
}

/**
 * The left menu: module entries as the server filtered them, then the administration group with the pages
 * the user's permissions allow. A module with one entry shows it directly; several become a submenu.
 */
export function buildMenu(modules: ModuleMenu[], permissions: readonly string[], locale: Locale, t: (key: MessageKey) => string): MenuNode[] {
  const nodes: MenuNode[] = modules.map((m) =>
    m.entries.length === 1 ? entryNode(m.entries[0], locale) : { key: `module:${m.module}`, label: localized(m.title, locale), children: m.entries.map((e) => entryNode(e, locale)) },
  );
  const admin = ADMIN_PAGES.filter((p) => holds(permissions, p.permission)).map((p) => ({ key: p.path, label: t(p.titleKey), icon: p.icon }));
  if (admin.length) nodes.push({ key: 'group:admin', label: t('menu.admin'), icon: 'SettingOutlined', children: admin });
  return nodes;
}

/** The chain of nodes from the top of the menu down to the leaf whose key is `path` (for breadcrumbs), or [] if absent. */
export function menuTrail(nodes: readonly MenuNode[], path: string): MenuNode[] {
  for (const node of nodes) {
    if (node.key === path) return [node];
    if (node.children) {
      const below = menuTrail(node.children, path);
      if (below.length) return [node, ...below];
    }
  }
  return [];
}
