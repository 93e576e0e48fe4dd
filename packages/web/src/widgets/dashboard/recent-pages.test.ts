import { describe, expect, it } from 'vitest';
import { isRecentPages, recordVisit } from './recent-pages.ts';

const now = new Date('2026-03-01T08:00:00Z');

describe('recent pages', () => {
  it('puts the visited page on top once and keeps the newest ten', () => {
    let list = recordVisit([], { path: '/admin/users', title: '用户管理' }, now);
    list = recordVisit(list, { path: '/admin/audit', title: '审计日志' }, now);
    list = recordVisit(list, { path: '/admin/users', title: '用户管理' }, new Date('2026-03-01T09:00:00Z'));
    expect(list).toEqual([
      { path: '/admin/users', title: '用户管理', at: '2026-03-01T09:00:00.000Z' },
      { path: '/admin/audit', title: '审计日志', at: '2026-03-01T08:00:00.000Z' },
    ]);
    for (let i = 0; i < 20; i++) list = recordVisit(list, { path: `/p${i}`, title: `页${i}` }, now);
    expect(list).toHaveLength(10);
    expect(list[0].path).toBe('/p19');
  });

  it('ignores the home page and paths without a menu title, and returns the same list when already on top', () => {
    const list = recordVisit([], { path: '/admin/users', title: '用户管理' }, now);
    expect(recordVisit(list, { path: '/', title: '首页' }, now)).toBe(list);
    expect(recordVisit(list, { path: '/nowhere', title: '/nowhere' }, now)).toBe(list);
    expect(recordVisit(list, { path: '/admin/users', title: '用户管理' }, new Date())).toBe(list);
    // A language switch retitles the entry.
    expect(recordVisit(list, { path: '/admin/users', title: 'Users' }, now)[0].title).toBe('Users');
  });

  it('accepts only well-formed stored lists', () => {
    expect(isRecentPages([{ path: '/a', title: 'A', at: now.toISOString() }])).toBe(true);
    expect(isRecentPages([{ path: '/a' }])).toBe(false);
    expect(isRecentPages({})).toBe(false);
  });
});
