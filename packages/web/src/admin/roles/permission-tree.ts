import type { Locale } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import type { PermissionInfo } from '../roles.api.ts';

/** A node of the role editor's permission tree: groups are keyed `group:<prefix>`, leaves by the permission id. */
export interface PermissionNode {
  key: string;
  /** Localised title of a leaf (its id when the declaration has none); the segment or module name of a group. */
  title: string;
  /** The permission id of a leaf. */
  permission?: string;
  children?: PermissionNode[];
}

const GROUP = 'group:';

/**
 * Groups permissions by module (first segment, or `module` when the server names it), then by the further dotted
 * segments; a group holding a single entry is folded into it so `admin.user.manage` does not sit alone under
 * `admin › user`. Declaration order is kept. `moduleTitle` names the top-level groups.
 */
export function permissionTree(permissions: readonly PermissionInfo[], locale: Locale, moduleTitle: (module: string) => string): PermissionNode[] {
  // Groups and leaves share one ordered list per level so declaration order survives.
  interface Draft {
    key: string;
    segment: string;
    entries: Draft[];
    leaf?: PermissionInfo;
  }
  const root: Draft = { key: '', segment: '', entries: [] };
  for (const p of permissions) {
    const segments = p.id.split('.');
    const path = p.module && segments[0] !== p.module ? [p.module, ...segments] : segments;
    let level = root;
    for (const [i, segment] of path.slice(0, -1).entries()) {
      const key = GROUP + path.slice(0, i + 1).join('.');
      let group = level.entries.find((e) => e.key === key);
      if (!group) {
        group = { key, segment, entries: [] };
        level.entries.push(group);
      }
      level = group;
    }
    level.entries.push({ key: p.id, segment: path.at(-1)!, entries: [], leaf: p });
  }
  const title = (leaf: PermissionInfo) => leaf.title?.[locale] ?? leaf.title?.['zh-CN'] ?? leaf.id;
  const finish = (d: Draft, top: boolean): PermissionNode => {
    if (d.leaf) return { key: d.key, title: title(d.leaf), permission: d.leaf.id };
    const children = d.entries.map((c) => finish(c, false));
    if (!top && children.length === 1) return children[0];
    return { key: d.key, title: top ? moduleTitle(d.segment) : d.segment, children };
  };
  return root.entries.map((d) => finish(d, true));
}

/** The leaves of a tree, in order. */
export function leafPermissions(nodes: readonly PermissionNode[]): string[] {
  return nodes.flatMap((n) => (n.permission ? [n.permission] : leafPermissions(n.children ?? [])));
}

/** The declared permissions a role's grants cover, wildcards (`*`, `lis.*`) expanded: the tree's checked leaves. */
export function checkedPermissions(granted: readonly string[], declared: readonly string[]): string[] {
  return declared.filter((p) => holds(granted, p));
}

/**
 * The permissions to save from the checked leaves. A wildcard the role already had stays while every declared
 * permission it covers is still checked (it also grants what modules add later, so it is not silently narrowed);
 * otherwise the checked leaves are listed one by one. No new wildcards are invented.
 */
export function permissionsToSave(checked: readonly string[], original: readonly string[], declared: readonly string[]): string[] {
  const isChecked = new Set(checked);
  const keptWildcards = original.filter((g) => (g === '*' || g.endsWith('.*')) && declared.filter((p) => holds([g], p)).every((p) => isChecked.has(p)));
  const explicit = declared.filter((p) => isChecked.has(p) && !holds(keptWildcards, p));
  return [...keptWildcards, ...explicit];
}

/** The tree reduced to leaves whose title or id contains the text (and their groups); all of it for empty text. */
export function filterPermissionTree(nodes: readonly PermissionNode[], text: string): PermissionNode[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [...nodes];
  return nodes.flatMap((n): PermissionNode[] => {
    if (n.permission) return n.title.toLowerCase().includes(needle) || n.permission.toLowerCase().includes(needle) ? [n] : [];
    const children = filterPermissionTree(n.children ?? [], text);
    return children.length ? [{ ...n, children }] : [];
  });
}

/**
 * Checked permissions after a check in a filtered tree: the tree reports only what it shows, so the checks of
 * hidden leaves are kept as they were and those of visible leaves replaced by what the tree reported.
 */
export function mergeVisibleChecks(previous: readonly string[], visibleLeaves: readonly string[], checkedKeys: readonly string[]): string[] {
  const visible = new Set(visibleLeaves);
  const reported = new Set(checkedKeys);
  return [...previous.filter((p) => !visible.has(p)), ...visibleLeaves.filter((p) => reported.has(p))];
}
