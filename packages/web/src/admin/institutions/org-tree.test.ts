import * as pinyinPro from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import type { Organization } from '@medplum/fhirtypes';
import { pinyinReader } from '../../widgets/picker/pinyin-reader.ts';
import { ORG_CODE_SYSTEM } from '../common/organizations.ts';
import { buildOrgTree, filterOrgTree, indexOrganizations, orgMatches, parentKeys, type OrgTreeNode } from './org-tree.ts';

const org = (id: string, name: string, parent?: string, code?: string, alias?: string): Organization => ({
  resourceType: 'Organization',
  id,
  name,
  ...(alias ? { alias: [alias] } : {}),
  ...(code ? { identifier: [{ system: ORG_CODE_SYSTEM, value: code }] } : {}),
  ...(parent ? { partOf: { reference: `Organization/${parent}` } } : {}),
});

const region = [
  org('thc-hexi', '青山县河西镇卫生院', 'lead-hospital', 'QS101', '河西卫生院'),
  org('county-hc', '青山县卫生健康局', undefined, 'QS000'),
  org('lead-hospital', '青山县人民医院', 'county-hc', 'QS001', '县医院'),
  org('thc-dongling', '青山县东岭镇卫生院', 'lead-hospital', 'QS102'),
  org('private', '青山县康复诊所', 'somewhere-else'),
];
const shape = (nodes: OrgTreeNode[]): unknown[] => nodes.map((n) => (n.children.length ? { [n.key]: shape(n.children) } : n.key));
const index = indexOrganizations(region, pinyinReader(pinyinPro));

describe('region tree', () => {
  it('nests by partOf, sorted by institution code; unknown parents make roots', () => {
    expect(shape(buildOrgTree(region))).toEqual([{ 'county-hc': [{ 'lead-hospital': ['thc-hexi', 'thc-dongling'] }] }, 'private']);
    expect(parentKeys(buildOrgTree(region))).toEqual(['county-hc', 'lead-hospital']);
  });

  it('breaks partOf cycles instead of losing organizations', () => {
    const cyclic = [org('a', 'A', 'b'), org('b', 'B', 'a'), org('c', 'C', 'c')];
    const tree = buildOrgTree(cyclic);
    const all = (nodes: OrgTreeNode[]): string[] => nodes.flatMap((n) => [n.key, ...all(n.children)]);
    expect(all(tree).sort()).toEqual(['a', 'b', 'c']);
  });

  it('matches name, alias, code and pinyin initials or full pinyin', () => {
    const hexi = region[0];
    expect(orgMatches(hexi, '河西', index)).toBe(true);
    expect(orgMatches(hexi, 'qs10', index)).toBe(true);
    // Alias 河西卫生院 by initials, the full name by full pinyin from the middle.
    expect(orgMatches(hexi, 'hxwsy', index)).toBe(true);
    expect(orgMatches(hexi, 'hexi', index)).toBe(true);
    expect(orgMatches(hexi, 'dongling', index)).toBe(false);
    // Before the index is built (pinyin-pro still loading) only text and codes match.
    expect(orgMatches(hexi, 'hxwsy')).toBe(false);
    expect(orgMatches(hexi, 'QS101')).toBe(true);
    expect(orgMatches(hexi, '  ')).toBe(true);
  });

  it('filters to the matches and their ancestors, expanding the path to them', () => {
    const { nodes, expandedKeys } = filterOrgTree(buildOrgTree(region), (o) => orgMatches(o, 'dl', index));
    expect(shape(nodes)).toEqual([{ 'county-hc': [{ 'lead-hospital': ['thc-dongling'] }] }]);
    expect(expandedKeys.sort()).toEqual(['county-hc', 'lead-hospital']);
    expect(filterOrgTree(buildOrgTree(region), () => false).nodes).toEqual([]);
  });
});
