import type { FilterField, FilterValue, SortState } from './table.types.ts';

export const PAGE_SIZES: readonly number[] = [20, 50, 100, 500];
/** From this page size on the table renders only the rows in view (antd `virtual`), so 500 rows do not freeze the page. */
export const VIRTUAL_FROM = 100;
/** The store's `_count` ceiling. */
export const MAX_PAGE_SIZE = 1000;

/** The page sizes to offer: the standard ones plus the configured default (an institution may choose 30). */
export function pageSizeOptions(preferred: number): number[] {
  return [...new Set([...PAGE_SIZES, preferred])].sort((a, b) => a - b);
}

/** A usable page size from a parameter or setting of unknown shape. */
export function validPageSize(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_PAGE_SIZE ? value : fallback;
}

/** Search parameters for the filters the user filled in; blank ones are left out. Dates become ge/le bounds. */
export function filterEntries(fields: readonly FilterField[], values: Record<string, FilterValue | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const field of fields) {
    const value = values[field.param];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const [from, to] = value;
      if (from) out.push([field.param, `ge${from}`]);
      if (to) out.push([field.param, `le${to}`]);
    } else if (value.trim()) {
      out.push([field.param, value.trim()]);
    }
  }
  return out;
}

export interface QueryParts {
  /** The page's fixed parameters (ResourceTable `query`). */
  fixed?: Record<string, string>;
  filters: [string, string][];
  sort?: SortState;
}

/** The search itself, without paging: what the Excel export runs over all pages. */
export function searchEntries({ fixed, filters, sort }: QueryParts): [string, string][] {
  const out: [string, string][] = Object.entries(fixed ?? {}).filter(([, v]) => v !== '');
  out.push(...filters);
  if (sort) out.push(['_sort', `${sort.descending ? '-' : ''}${sort.param}`]);
  return out;
}

/** One page of the search: `_count`/`_offset` and an accurate total for the pager. Pages count from 1. */
export function pageEntries(parts: QueryParts, page: number, pageSize: number): [string, string][] {
  return [...searchEntries(parts), ['_count', String(pageSize)], ['_offset', String((page - 1) * pageSize)], ['_total', 'accurate']];
}

export const queryString = (entries: [string, string][]): string => new URLSearchParams(entries).toString();

/** The number of the last page (1 for an empty result). */
export const lastPage = (total: number, pageSize: number): number => Math.max(1, Math.ceil(total / pageSize));

/** The page to show after the total changed (rows deleted, filter narrowed): never past the end. */
export const clampPage = (page: number, total: number, pageSize: number): number => Math.min(Math.max(1, page), lastPage(total, pageSize));

/** 1-based positions of the first and last row on a page, for '第 21-40 条，共 95 条'. */
export function pageRange(page: number, pageSize: number, total: number): { from: number; to: number } {
  if (total <= 0) return { from: 0, to: 0 };
  const from = Math.min((page - 1) * pageSize + 1, total);
  return { from, to: Math.min(page * pageSize, total) };
}
