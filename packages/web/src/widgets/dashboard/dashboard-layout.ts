import { mergeOrder } from '../form/form-settings.ts';

/** Widths in quarter columns of the dashboard. */
export type Quarters = 1 | 2 | 3 | 4;

/** Card heights a user can choose (pixels of the card body). */
export const HEIGHTS = { small: 180, medium: 280, large: 420 } as const;
export const DEFAULT_HEIGHT = HEIGHTS.medium;

/** What a widget declares about its size. */
export interface WidgetSize {
  id: string;
  defaultWidth: Quarters;
  defaultHeight?: number;
}

/** One widget as the user arranged it (stored per user; order = array order). */
export interface DashboardItemSetting {
  id: string;
  width?: number;
  height?: number;
  hidden?: boolean;
}

export interface DashboardLayout {
  items: DashboardItemSetting[];
}

export interface PlacedWidget {
  id: string;
  width: Quarters;
  height: number;
  hidden: boolean;
}

const quarters = (n: unknown, fallback: Quarters): Quarters => (n === 1 || n === 2 || n === 3 || n === 4 ? n : fallback);
const height = (n: unknown, fallback: number): number => (typeof n === 'number' && Number.isFinite(n) && n >= 120 && n <= 1200 ? Math.round(n) : fallback);

export function isDashboardLayout(value: unknown): value is DashboardLayout {
  return typeof value === 'object' && value !== null && Array.isArray((value as DashboardLayout).items) && (value as DashboardLayout).items.every((i) => typeof i?.id === 'string');
}

/**
 * The widgets in the user's order and sizes. Widgets contributed since the layout was saved appear after their
 * predecessor; widgets no longer offered (a module removed, a permission lost) drop out; out-of-range sizes fall
 * back to the widget's defaults.
 */
export function placeWidgets(widgets: readonly WidgetSize[], saved: DashboardLayout | undefined): PlacedWidget[] {
  const settings = new Map((saved?.items ?? []).map((i) => [i.id, i]));
  const declared = new Map(widgets.map((w) => [w.id, w]));
  return mergeOrder(
    widgets.map((w) => w.id),
    (saved?.items ?? []).map((i) => i.id),
  ).map((id) => {
    const w = declared.get(id)!;
    const s = settings.get(id);
    return { id, width: quarters(s?.width, w.defaultWidth), height: height(s?.height, w.defaultHeight ?? DEFAULT_HEIGHT), hidden: s?.hidden === true };
  });
}

/** The layout to store: every widget with its size and visibility, in order. */
export const layoutOf = (placed: readonly PlacedWidget[]): DashboardLayout => ({
  items: placed.map(({ id, width, height: h, hidden }) => ({ id, width, height: h, ...(hidden ? { hidden } : {}) })),
});

/** Moves a widget to the position of another (drag and drop) or by one place among the visible ones (buttons). */
export function moveWidget(placed: readonly PlacedWidget[], id: string, to: string | -1 | 1): PlacedWidget[] {
  const from = placed.findIndex((p) => p.id === id);
  if (from < 0) return [...placed];
  let target: number;
  if (typeof to === 'string') {
    target = placed.findIndex((p) => p.id === to);
  } else {
    // Step over hidden widgets: the user moves what they see.
    target = from;
    do target += to;
    while (target >= 0 && target < placed.length && placed[target].hidden);
  }
  if (target < 0 || target >= placed.length || target === from) return [...placed];
  const next = [...placed];
  const [moving] = next.splice(from, 1);
  next.splice(target, 0, moving);
  return next;
}

/** Changes one widget's width, height or visibility. */
export function updateWidget(placed: readonly PlacedWidget[], id: string, change: Partial<Omit<PlacedWidget, 'id'>>): PlacedWidget[] {
  return placed.map((p) => (p.id === id ? { ...p, ...change } : p));
}

/** antd grid spans for a width: full width on phones, halves on tablets, quarters on desktops. */
export function spans(width: Quarters): { xs: number; md: number; xl: number } {
  return { xs: 24, md: width <= 2 ? 12 : 24, xl: width * 6 };
}
