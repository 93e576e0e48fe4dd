import { DENSITIES, type Density } from './table.types.ts';

/** A column as the user arranged it: its place in the list is its order. */
export interface ColumnState {
  key: string;
  visible: boolean;
}

/** What a table remembers per user (setting `settingsKey`). */
export interface TableSettings {
  columns?: ColumnState[];
  density?: Density;
  pageSize?: number;
}

interface ColumnDef {
  key: string;
  defaultHidden?: boolean;
}

export const defaultColumns = (defs: readonly ColumnDef[]): ColumnState[] => defs.map((d) => ({ key: d.key, visible: !d.defaultHidden }));

/** Accepts a stored settings value only if it has the expected shape (it may come from an older version of the page). */
export function isTableSettings(v: unknown): v is TableSettings {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  if (s.columns !== undefined && !(Array.isArray(s.columns) && s.columns.every((c) => c && typeof c.key === 'string' && typeof c.visible === 'boolean'))) return false;
  if (s.density !== undefined && !DENSITIES.includes(s.density as Density)) return false;
  return s.pageSize === undefined || typeof s.pageSize === 'number';
}

/**
 * The columns to show, in order: the user's arrangement for columns that still exist, with columns the page added
 * since then placed after the column that precedes them in the page's definition (hidden if `defaultHidden`), and
 * columns the page dropped forgotten. If the stored state would show nothing, the defaults apply.
 */
export function mergeColumns(defs: readonly ColumnDef[], stored: readonly ColumnState[] | undefined): ColumnState[] {
  if (!stored?.length) return defaultColumns(defs);
  const known = new Set(defs.map((d) => d.key));
  const seen = new Set<string>();
  const merged: ColumnState[] = [];
  for (const c of stored) {
    if (known.has(c.key) && !seen.has(c.key)) {
      merged.push({ key: c.key, visible: c.visible });
      seen.add(c.key);
    }
  }
  defs.forEach((d, i) => {
    if (seen.has(d.key)) return;
    const before = defs
      .slice(0, i)
      .map((p) => merged.findIndex((m) => m.key === p.key))
      .filter((at) => at >= 0);
    const at = before.length ? Math.max(...before) + 1 : 0;
    merged.splice(at, 0, { key: d.key, visible: !d.defaultHidden });
    seen.add(d.key);
  });
  return merged.some((c) => c.visible) ? merged : defaultColumns(defs);
}

/** Shows or hides a column; hiding the last visible one is refused (a table without columns cannot be put back from its header). */
export function toggleColumn(columns: readonly ColumnState[], key: string, visible: boolean): ColumnState[] {
  if (!visible && columns.filter((c) => c.visible).length <= 1 && columns.find((c) => c.key === key)?.visible) return [...columns];
  return columns.map((c) => (c.key === key ? { ...c, visible } : c));
}

/** Moves a column from one position to another (drag and drop, or the up/down buttons). */
export function moveColumn(columns: readonly ColumnState[], from: number, to: number): ColumnState[] {
  if (from === to || from < 0 || from >= columns.length || to < 0 || to >= columns.length) return [...columns];
  const next = [...columns];
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

/** Whether the arrangement equals the page's defaults (then nothing needs storing). */
export const isDefaultArrangement = (defs: readonly ColumnDef[], columns: readonly ColumnState[]): boolean =>
  JSON.stringify(defaultColumns(defs)) === JSON.stringify(columns);
