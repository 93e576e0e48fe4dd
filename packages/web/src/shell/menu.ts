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
  /** Menu group: 系统管理 (default) or 机构与人员. */
  group?: 'organization';
}

// Organization pages need the FHIR write permission: they maintain Organization, Location, Practitioner resources.
export const ADMIN_PAGES: readonly AdminPage[] = [
  { path: '/admin/institutions', titleKey: 'admin.menu.institutions', icon: 'ApartmentOutlined', permission: 'fhir.update', group: 'organization' },
  { path: '/admin/departments', titleKey: 'admin.menu.departments', icon: 'ClusterOutlined', permission: 'fhir.update', group: 'organization' },
  { path: '/admin/wards', titleKey: 'admin.menu.wards', icon: 'HomeOutlined', permission: 'fhir.update', group: 'organization' },
  { path: '/admin/staff', titleKey: 'admin.menu.staff', icon: 'IdcardOutlined', permission: 'fhir.update', group: 'organization' },
  { path: '/admin/users', titleKey: 'admin.menu.users', icon: 'UserOutlined', permission: 'admin.user.manage' },
  { path: '/admin/roles', titleKey: 'admin.menu.roles', icon: 'SafetyOutlined', permission: 'admin.role.manage' },
  { path: '/admin/policies', titleKey: 'admin.menu.policies', icon: 'LockOutlined', permission: 'admin.policy.manage' },
  { path: '/admin/clients', titleKey: 'admin.menu.clients', icon: 'ApiOutlined', permission: 'admin.client.manage' },
  { path: '/admin/audit', titleKey: 'menu.audit', icon: 'AuditOutlined', permission: 'audit.read' },
  // The widget gallery documents the shared widgets for module developers: system administrators see it.
  { path: '/admin/widgets', titleKey: 'gallery.menu', icon: 'AppstoreOutlined', permission: 'admin.role.manage' },
  { path: '/admin/resources', titleKey: 'table.browser.title', icon: 'AppstoreOutlined', permission: 'fhir.search' },
  { path: '/admin/parameters', titleKey: 'admin.menu.parameters', icon: 'ControlOutlined', permission: 'admin.parameter.manage' },
];

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
 * The left menu: module entries as the server filtered them, then the administration groups (机构与人员, 系统管理)
 * with the pages the user's permissions allow. A module with one entry shows it directly; several become a submenu.
 */
export function buildMenu(modules: ModuleMenu[], permissions: readonly string[], locale: Locale, t: (key: MessageKey) => string): MenuNode[] {
  const nodes: MenuNode[] = modules.map((m) =>
    m.entries.length === 1 ? entryNode(m.entries[0], locale) : { key: `module:${m.module}`, label: localized(m.title, locale), children: m.entries.map((e) => entryNode(e, locale)) },
  );
  const allowed = ADMIN_PAGES.filter((p) => holds(permissions, p.permission));
  const entries = (pages: AdminPage[]) => pages.map((p) => ({ key: p.path, label: t(p.titleKey), icon: p.icon }));
  const organization = entries(allowed.filter((p) => p.group === 'organization'));
  const admin = entries(allowed.filter((p) => p.group !== 'organization'));
  if (organization.length) nodes.push({ key: 'group:organization', label: t('admin.menu.organization'), icon: 'BankOutlined', children: organization });
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
