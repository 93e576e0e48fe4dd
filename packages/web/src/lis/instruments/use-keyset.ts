import { useCallback, useEffect, useRef, useState } from 'react';

export interface KeysetPage<T> {
  items: T[];
  /** Cursor of the next (older) page; absent on the last one. */
  next?: string;
}

export interface KeysetList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  /** More (older) entries exist. */
  hasMore: boolean;
  loadMore(): void;
  /** Changes the loaded entries in place (e.g. drop the ones just handled) without reading again. */
  edit(change: (items: T[]) => T[]): void;
  /** Starts again from the newest entries. */
  reload(): void;
}

/**
 * A newest-first list read page by page with the server's cursor (`before` = the previous page's `next`): stable
 * while new entries arrive, unlike offsets. `load` is read from a ref; `deps` say when the list starts over.
 */
export function useKeysetList<T>(load: (before: string | undefined) => Promise<KeysetPage<T>>, deps: readonly unknown[], enabled = true): KeysetList<T> {
  const [state, setState] = useState<{ items: T[]; next?: string; loading: boolean; error: unknown }>({ items: [], loading: enabled, error: undefined });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  // Answers of an earlier round (filters changed meanwhile) are dropped.
  const generation = useRef(0);

  const fetchPage = useCallback((before: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    latest.current(before).then(
      (page) => mine === generation.current && setState((s) => ({ items: append ? [...s.items, ...page.items] : page.items, next: page.next, loading: false, error: undefined })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
    );
  }, []);

  useEffect(() => {
    if (enabled) fetchPage(undefined, false);
    // The caller lists what the loader depends on.
  }, [...deps, round, enabled, fetchPage]);

  const edit = useCallback((change: (items: T[]) => T[]) => setState((s) => ({ ...s, items: change(s.items) })), []);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const loadMore = () => {
    if (state.next && !state.loading) fetchPage(state.next, true);
  };
  return { items: state.items, loading: state.loading, error: state.error, hasMore: !!state.next, loadMore, edit, reload };
}
