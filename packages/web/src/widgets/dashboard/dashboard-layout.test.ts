import { describe, expect, it } from 'vitest';
import { DEFAULT_HEIGHT, isDashboardLayout, layoutOf, moveWidget, placeWidgets, spans, updateWidget } from './dashboard-layout.ts';

const widgets = [
  { id: 'welcome', defaultWidth: 2 as const },
  { id: 'patients', defaultWidth: 1 as const, defaultHeight: 180 },
  { id: 'logins', defaultWidth: 4 as const },
];

describe('dashboard layout', () => {
  it('places widgets in declared order with their default sizes', () => {
    expect(placeWidgets(widgets, undefined)).toEqual([
      { id: 'welcome', width: 2, height: DEFAULT_HEIGHT, hidden: false },
      { id: 'patients', width: 1, height: 180, hidden: false },
      { id: 'logins', width: 4, height: DEFAULT_HEIGHT, hidden: false },
    ]);
  });

  it("applies the user's order, sizes and hidden widgets; drops gone widgets; places new ones after their predecessor", () => {
    const saved = { items: [{ id: 'logins', width: 2, height: 420 }, { id: 'old-module-widget' }, { id: 'welcome', hidden: true, width: 9, height: 5 }] };
    const placed = placeWidgets(widgets, saved);
    expect(placed).toEqual([
      { id: 'logins', width: 2, height: 420, hidden: false },
      // Out-of-range width and height fall back to the defaults.
      { id: 'welcome', width: 2, height: DEFAULT_HEIGHT, hidden: true },
      { id: 'patients', width: 1, height: 180, hidden: false },
    ]);
    expect(layoutOf(placed)).toEqual({
      items: [
        { id: 'logins', width: 2, height: 420 },
        { id: 'welcome', width: 2, height: DEFAULT_HEIGHT, hidden: true },
        { id: 'patients', width: 1, height: 180 },
      ],
    });
  });

  it('moves by drag target or by one visible place, resizes and hides', () => {
    const placed = placeWidgets(widgets, undefined);
    expect(moveWidget(placed, 'logins', 'welcome').map((p) => p.id)).toEqual(['logins', 'welcome', 'patients']);
    expect(moveWidget(placed, 'welcome', 1).map((p) => p.id)).toEqual(['patients', 'welcome', 'logins']);
    expect(moveWidget(placed, 'welcome', -1).map((p) => p.id)).toEqual(['welcome', 'patients', 'logins']);
    const hidden = updateWidget(placed, 'patients', { hidden: true });
    // Moving later steps over the hidden widget.
    expect(moveWidget(hidden, 'welcome', 1).map((p) => p.id)).toEqual(['patients', 'logins', 'welcome']);
    expect(updateWidget(placed, 'logins', { width: 3 })[2].width).toBe(3);
  });

  it('validates stored layouts and maps widths to grid spans', () => {
    expect(isDashboardLayout({ items: [{ id: 'a' }] })).toBe(true);
    expect(isDashboardLayout({ items: [{}] })).toBe(false);
    expect(isDashboardLayout(null)).toBe(false);
    expect(spans(1)).toEqual({ xs: 24, md: 12, xl: 6 });
    expect(spans(3)).toEqual({ xs: 24, md: 24, xl: 18 });
  });
});
