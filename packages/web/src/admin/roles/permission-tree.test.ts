import { describe, expect, it } from 'vitest';
import type { PermissionInfo } from '../roles.api.ts';
import { checkedPermissions, filterPermissionTree, leafPermissions, mergeVisibleChecks, permissionsToSave, permissionTree } from './permission-tree.ts';

const declared: PermissionInfo[] = [
  { id: 'fhir.read', title: { 'zh-CN': '读取资源', en: 'Read resources' } },
  { id: 'fhir.create', title: { 'zh-CN': '新建资源', en: 'Create resources' } },
  { id: 'admin.user.manage', title: { 'zh-CN': '用户管理', en: 'Manage users' } },
  { id: 'admin.role.manage', title: { 'zh-CN': '角色管理', en: 'Manage roles' } },
  { id: 'data.export', title: { 'zh-CN': '导出数据', en: 'Export data' } },
  { id: 'lis.specimen.receive', title: { 'zh-CN': '标本签收', en: 'Receive specimens' } },
  { id: 'lis.specimen.reject' },
  { id: 'lis.result.approve', title: { 'zh-CN': '结果审核', en: 'Approve results' } },
];
const ids = declared.map((p) => p.id);
const moduleTitle = (m: string) => `<${m}>`;

describe('permission tree', () => {
  it('groups by module, then by dotted segments, folding single-entry groups', () => {
    const tree = permissionTree(declared, 'zh-CN', moduleTitle);
    expect(tree.map((n) => [n.key, n.title])).toEqual([
      ['group:fhir', '<fhir>'],
      ['group:admin', '<admin>'],
      ['group:data', '<data>'],
      ['group:lis', '<lis>'],
    ]);
    // admin.user and admin.role hold one permission each: folded into their leaves.
    expect(tree[1].children).toEqual([
      { key: 'admin.user.manage', title: '用户管理', permission: 'admin.user.manage' },
      { key: 'admin.role.manage', title: '角色管理', permission: 'admin.role.manage' },
    ]);
    // A module group is kept even with one permission, so every module shows as a group.
    expect(tree[2].children).toEqual([{ key: 'data.export', title: '导出数据', permission: 'data.export' }]);
    const lis = tree[3].children!;
    expect(lis.map((n) => n.key)).toEqual(['group:lis.specimen', 'lis.result.approve']);
    expect(lis[0].children!.map((n) => n.title)).toEqual(['标本签收', 'lis.specimen.reject']);
    expect(leafPermissions(tree)).toEqual(ids);
  });

  it('localises leaf titles and nests under the declaring module when the server names it', () => {
    const tree = permissionTree([{ id: 'notice.read', title: { 'zh-CN': '读公告', en: 'Read notices' } }, { id: 'x.y', module: 'other' }], 'en', moduleTitle);
    expect(tree[0].children![0].title).toBe('Read notices');
    expect(tree[1]).toMatchObject({ key: 'group:other', children: [{ key: 'x.y', title: 'x.y' }] });
  });
});

describe('role grants', () => {
  it('expands wildcards into the checked leaves', () => {
    expect(checkedPermissions(['*'], ids)).toEqual(ids);
    expect(checkedPermissions(['lis.*', 'data.export'], ids)).toEqual(['data.export', 'lis.specimen.receive', 'lis.specimen.reject', 'lis.result.approve']);
    expect(checkedPermissions(['nope.thing'], ids)).toEqual([]);
  });

  it('keeps a wildcard while all it covers stays checked, else lists the leaves', () => {
    const lis = ['lis.specimen.receive', 'lis.specimen.reject', 'lis.result.approve'];
    expect(permissionsToSave([...lis, 'fhir.read'], ['lis.*'], ids)).toEqual(['lis.*', 'fhir.read']);
    expect(permissionsToSave(['lis.specimen.receive', 'lis.result.approve'], ['lis.*'], ids)).toEqual(['lis.specimen.receive', 'lis.result.approve']);
    expect(permissionsToSave(ids, ['*'], ids)).toEqual(['*']);
    expect(permissionsToSave(ids.slice(1), ['*'], ids)).toEqual(ids.slice(1));
    // Checking everything does not invent a wildcard the role never had.
    expect(permissionsToSave(ids, ['fhir.read'], ids)).toEqual(ids);
  });
});

describe('permission search', () => {
  const tree = permissionTree(declared, 'zh-CN', moduleTitle);

  it('keeps matching leaves by title or id with their groups', () => {
    expect(leafPermissions(filterPermissionTree(tree, '标本'))).toEqual(['lis.specimen.receive']);
    expect(leafPermissions(filterPermissionTree(tree, 'REJECT'))).toEqual(['lis.specimen.reject']);
    expect(filterPermissionTree(tree, 'reject')[0]).toMatchObject({ key: 'group:lis', children: [{ key: 'group:lis.specimen' }] });
    expect(filterPermissionTree(tree, ' ')).toEqual(tree);
    expect(filterPermissionTree(tree, 'nothing')).toEqual([]);
  });

  it('keeps hidden checks when the filtered tree reports its own', () => {
    const visible = ['lis.specimen.receive', 'lis.specimen.reject'];
    // fhir.read is hidden by the filter; the tree now reports only the reject leaf (and its group key).
    expect(mergeVisibleChecks(['fhir.read', 'lis.specimen.receive'], visible, ['group:lis.specimen', 'lis.specimen.reject'])).toEqual(['fhir.read', 'lis.specimen.reject']);
  });
});
