import type { Organization } from '@medplum/fhirtypes';
import { indexConcepts, rankOf, type IndexedConcept, type PinyinReader } from '../../widgets/picker/dictionary-match.ts';
import { idOf, orgCode } from '../common/organizations.ts';

/** A node of the region tree (卫健局 → 医院 → 卫生院). */
export interface OrgTreeNode {
  key: string;
  org: Organization;
  children: OrgTreeNode[];
}

/** Organizations prepared for searching by name, alias, code or pinyin (the pickers' matching), by id. */
export type OrgSearchIndex = Map<string, IndexedConcept[]>;

const byCodeThenName = (a: OrgTreeNode, b: OrgTreeNode) =>
  (orgCode(a.org) ?? '\uffff').localeCompare(orgCode(b.org) ?? '\uffff') || (a.org.name ?? '').localeCompare(b.org.name ?? '', 'zh-CN');

/**
 * The partOf hierarchy of the given organizations. An organization whose parent is not in the set is a root, and
 * a partOf cycle (bad data) is broken where it is found, so every organization appears exactly once.
 */
export function buildOrgTree(orgs: readonly Organization[]): OrgTreeNode[] {
  const nodes = new Map(orgs.filter((o) => o.id).map((o) => [o.id!, { key: o.id!, org: o, children: [] as OrgTreeNode[] }]));
  const parentOf = (id: string) => {
    const parent = idOf(nodes.get(id)!.org.partOf);
    return parent && parent !== id && nodes.has(parent) ? parent : undefined;
  };
  const roots: OrgTreeNode[] = [];
  for (const [id, node] of nodes) {
    let parent = parentOf(id);
    // Walk up: if we come back to this node the chain is a cycle and this node becomes a root.
    for (let up = parent, steps = 0; up && steps <= nodes.size; up = parentOf(up), steps++) {
      if (up === id) {
        parent = undefined;
        break;
      }
    }
    (parent ? nodes.get(parent)!.children : roots).push(node);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort(byCodeThenName);
    for (const n of list) sort(n.children);
    return list;
  };
  return sort(roots);
}

/** Reads names and aliases into pinyin once (pinyin-pro is loaded lazily by the page and passed in as `read`). */
export function indexOrganizations(orgs: readonly Organization[], read: PinyinReader): OrgSearchIndex {
  return new Map(
    orgs
      .filter((o) => o.id)
      .map((o) => [o.id!, indexConcepts([o.name, ...(o.alias ?? [])].filter((n): n is string => !!n).map((display) => ({ code: orgCode(o) ?? '', display })), read)]),
  );
}

/**
 * Whether an organization matches the search text: name, alias or code, or pinyin initials / full pinyin of the
 * name or an alias (河西 ← `hx`, `hexi`), ranked like the dictionary pickers. Before the index is ready only text matches.
 */
export function orgMatches(org: Organization, text: string, index?: OrgSearchIndex): boolean {
  const query = text.trim().toLowerCase();
  if (!query) return true;
  const entries = org.id ? index?.get(org.id) : undefined;
  if (entries) return entries.some((e) => rankOf(e, query) !== undefined);
  return [org.name ?? '', ...(org.alias ?? []), orgCode(org) ?? ''].some((n) => n.toLowerCase().includes(query));
}

/** The tree reduced to the matching nodes and their ancestors, with the keys to expand so every match is visible. */
export function filterOrgTree(nodes: readonly OrgTreeNode[], matches: (org: Organization) => boolean): { nodes: OrgTreeNode[]; expandedKeys: string[] } {
  const expandedKeys: string[] = [];
  const walk = (list: readonly OrgTreeNode[]): OrgTreeNode[] =>
    list.flatMap((n) => {
      const children = walk(n.children);
      if (children.length) expandedKeys.push(n.key);
      return matches(n.org) || children.length ? [{ ...n, children }] : [];
    });
  return { nodes: walk(nodes), expandedKeys };
}

/** Keys of every node that has children (for "expand all"). */
export function parentKeys(nodes: readonly OrgTreeNode[]): string[] {
  return nodes.flatMap((n) => (n.children.length ? [n.key, ...parentKeys(n.children)] : []));
}
