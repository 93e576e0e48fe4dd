import { useEffect, useRef, useState } from 'react';
import { searchPage } from './table.api.ts';
import { clampPage, pageEntries, queryString, type QueryParts } from './table-query.ts';
import type { Resource } from './table.types.ts';

export interface SearchState<T> {
  rows: T[];
  total: number;
  loading: boolean;
  error: string | null;
  /** The page the rows belong to (after clamping past-the-end pages). */
  page: number;
}

/**
 * Loads one page of a FHIR search whenever the search, the page or `reloadToken` changes. Only the latest request's
 * answer is shown (a slow page 3 arriving after page 4 is dropped). A page past the end (rows deleted, filter
 * narrowed) moves to the last page with `onPageClamped`.
 */
export function useResourceSearch<T extends Resource>(
  resourceType: string,
  parts: QueryParts,
  page: number,
  pageSize: number,
  reloadToken: unknown,
  enabled: boolean,
  onPageClamped: (page: number) => void,
): SearchState<T> {
  const [state, setState] = useState<SearchState<T>>({ rows: [], total: 0, loading: false, error: null, page });
  const latest = useRef(0);
  // The request as a string: effects compare it by value, not by the identity of a freshly built array.
  const search = queryString(pageEntries(parts, page, pageSize));
  const clamped = useRef(onPageClamped);
  useEffect(() => {
    clamped.current = onPageClamped;
  });

  useEffect(() => {
    if (!enabled) return;
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    searchPage<T>(resourceType, [...new URLSearchParams(search)])
      .then(({ rows, total }) => {
        if (id !== latest.current) return;
        const fitting = clampPage(page, total, pageSize);
        if (fitting !== page) {
          clamped.current(fitting);
          return;
        }
        setState({ rows, total, loading: false, error: null, page });
      })
      .catch((err: unknown) => {
        if (id !== latest.current) return;
        setState((s) => ({ ...s, rows: [], loading: false, error: err instanceof Error ? err.message : String(err) }));
      });
  }, [search, enabled, reloadToken, page, pageSize, resourceType]);

  return state;
}
