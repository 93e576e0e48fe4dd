import { useEffect, useState } from 'react';

export type Loaded<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; error: string };

/** Runs a load when its key changes (and once on mount); a result arriving after unmount or a newer key is dropped. */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (value) => live && setResult({ state: 'done', value }),
      (err: unknown) => live && setResult({ state: 'failed', error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
    // `key` names what `load` fetches; the closure itself changes on every render.
  }, [key]);
  return result;
}
