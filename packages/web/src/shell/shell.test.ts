import { describe, expect, it } from 'vitest';
import { actionOf } from '../api/audit.api.ts';
import type { ModuleMenu } from '../api/modules.api.ts';
import { translate } from '../i18n/translate.ts';
import { holds } from '../session/permissions.ts';
import { refreshDelay } from '../session/tokens.ts';
import { buildMenu, menuTrail } from './menu.ts';
import { closeOtherTabs, closeTab, openTab, type OpenTab } from './tabs.ts';

const modules: ModuleMenu[] = [
  { module: 'notice', title: { 'zh-CN': '公告', en: 'Notice' }, entries: [{ path: '/notice', title: { 'zh-CN': '公告通知', en: 'Notices' }, icon: 'NotificationOutlined' }] },
  {
    module: 'lis',
    title: { 'zh-CN': '检验', en: 'Laboratory' },
    entries: [
      { path: '/lis/requests', title: { 'zh-CN': '检验申请' } },
      { path: '/lis/results', title: { 'zh-CN': '检验结果', en: 'Results' } },
    ],
  },
];

describe('menu', () => {
  const tEn = (key: Parameters<typeof translate>[1]) => translate('en', key);

  it('shows module entries, one-entry modules flat, and admin pages only with their permission', () => {
    const without = buildMenu(modules, ['fhir.read'], 'en', tEn);
    expect(without.map((n) => n.key)).toEqual(['/notice', 'module:lis']);
    expect(without[1].children!.map((n) => n.label)).toEqual(['检验申请', 'Results']);

    const withAudit = buildMenu(modules, ['audit.read'], 'en', tEn);
    expect(withAudit.at(-1)).toMatchObject({ key: 'group:admin', label: 'Administration', children: [{ key: '/admin/audit', label: 'Audit log' }] });
  });

  it('honours the kernel wildcards * and prefix.*', () => {
    expect(buildMenu([], ['*'], 'en', tEn).map((n) => n.key)).toEqual(['group:organization', 'group:admin']);
    expect(buildMenu([], ['audit.*'], 'en', tEn).map((n) => n.key)).toEqual(['group:admin']);
    expect(holds(['fhir.*'], 'fhir.read')).toBe(true);
    expect(holds(['fhir.*'], 'audit.read')).toBe(false);
    expect(holds(['audit.read'], 'audit.verify')).toBe(false);
  });

  it('puts the organization pages in their own group, shown to holders of the FHIR write permission', () => {
    const menu = buildMenu([], ['fhir.update', 'admin.user.manage'], 'zh-CN', (k) => translate('zh-CN', k));
    expect(menu.map((n) => [n.key, n.label])).toEqual([
      ['group:organization', '机构与人员'],
      ['group:admin', '系统管理'],
    ]);
    expect(menu[0].children!.map((n) => n.key)).toEqual(['/admin/institutions', '/admin/departments', '/admin/wards', '/admin/staff']);
    expect(menu[1].children!.map((n) => n.key)).toEqual(['/admin/users']);
  });

  it('finds the breadcrumb trail of a path', () => {
    const menu = buildMenu(modules, ['audit.read'], 'zh-CN', (k) => translate('zh-CN', k));
    expect(menuTrail(menu, '/admin/audit').map((n) => n.label)).toEqual(['系统管理', '审计日志']);
    expect(menuTrail(menu, '/nowhere')).toEqual([]);
  });
});

describe('tabs', () => {
  const home: OpenTab = { key: '/', label: 'Home', closable: false };
  const a: OpenTab = { key: '/a', label: 'A', closable: true };
  const b: OpenTab = { key: '/b', label: 'B', closable: true };

  it('opens once and relabels', () => {
    const tabs = openTab(openTab([home], a), a);
    expect(tabs).toEqual([home, a]);
    expect(openTab(tabs, { ...a, label: 'Ä' })[1].label).toBe('Ä');
  });

  it('closes to the right neighbour, never the fixed tab', () => {
    expect(closeTab([home, a, b], '/a', '/a')).toEqual({ tabs: [home, b], activeKey: '/b' });
    expect(closeTab([home, a, b], '/b', '/b')).toEqual({ tabs: [home, a], activeKey: '/a' });
    expect(closeTab([home, a, b], '/b', '/a')).toEqual({ tabs: [home, a], activeKey: '/a' });
    expect(closeTab([home, a], '/', '/').tabs).toEqual([home, a]);
    expect(closeOtherTabs([home, a, b], '/b')).toEqual([home, b]);
  });
});

describe('token refresh timing', () => {
  it('refreshes a minute early, or at 80 % of a short lifetime', () => {
    expect(refreshDelay(3_600_000, 0)).toBe(3_540_000);
    expect(refreshDelay(30_000, 0)).toBe(24_000);
    expect(refreshDelay(0, 1_000)).toBe(0);
  });
});

describe('audit view', () => {
  it('names login events by action, not by DICOM code', () => {
    expect(actionOf({ id: '1', recorded: '', subtype: [{ code: '110122' }] })).toBe('login');
    expect(actionOf({ id: '2', recorded: '', subtype: [{ code: 'read' }] })).toBe('read');
  });
});
