/** A page the user opened, for the home page's "recent pages" list (stored per user). */
export interface RecentPage {
  path: string;
  title: string;
  /** ISO instant of the latest visit. */
  at: string;
}

export const RECENT_PAGES_SETTING = 'home.recent-pages';
export const RECENT_PAGES_MAX = 10;

export function isRecentPages(value: unknown): value is RecentPage[] {
  return Array.isArray(value) && value.every((p) => typeof p?.path === 'string' && typeof p?.title === 'string' && typeof p?.at === 'string');
}

/**
 * The list after a visit: the page moves to the top (once), the list keeps the newest `max`. The home page itself and
 * paths the menu does not know (their title is the bare path) are not recorded. Returns the same list when nothing
 * changes, so a re-render does not write the setting again.
 */
export function recordVisit(list: readonly RecentPage[], page: { path: string; title: string }, now: Date, max = RECENT_PAGES_MAX): readonly RecentPage[] {
  if (page.path === '/' || !page.title || page.title === page.path) return list;
  if (list[0]?.path === page.path && list[0].title === page.title) return list;
  return [{ ...page, at: now.toISOString() }, ...list.filter((p) => p.path !== page.path)].slice(0, max);
}
