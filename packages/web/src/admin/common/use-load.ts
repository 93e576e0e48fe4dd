import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  loading: boolean;
  error: unknown;
  reload(): void;
}

/**
 * Runs `load` now and whenever `deps` change or `reload()` is called; answers of superseded calls are dropped, so a
 * slow first request cannot overwrite a later one. `enabled: false` skips loading (no permission, nothing chosen).
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; loading: boolean; error: unknown }>({ data: undefined, loading: enabled, error: undefined });
  const [tick, setTick] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    latest.current().then(
      (data) => live && setState({ data, loading: false, error: undefined }),
      (error: unknown) => live && setState((s) => ({ data: s.data, loading: false, error })),
    );
    return () => {
      live = false;
    };
    // The caller lists what the loader depends on; the loader itself is read from a ref.
  }, [...deps, tick, enabled]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
