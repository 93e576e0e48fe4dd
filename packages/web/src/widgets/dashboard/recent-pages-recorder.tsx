import { useEffect } from 'react';
import { useUserSetting } from '../settings/user-settings.context.tsx';
import { isRecentPages, recordVisit, RECENT_PAGES_SETTING, type RecentPage } from './recent-pages.ts';

const NONE: RecentPage[] = [];

/** Mounted once in the shell: records each page the user opens for the home page's "recent pages" widget. */
export function RecentPagesRecorder({ path, title }: { path: string; title: string }) {
  const [pages, setPages, loaded] = useUserSetting<RecentPage[]>(RECENT_PAGES_SETTING, NONE, isRecentPages);
  useEffect(() => {
    // Wait for the stored list, or the first visit after sign-in would overwrite it.
    if (!loaded) return;
    const next = recordVisit(pages, { path, title }, new Date());
    if (next !== pages) setPages([...next]);
  }, [path, title, loaded, pages, setPages]);
  return null;
}
