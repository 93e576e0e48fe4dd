import { describe, expect, it } from 'vitest';
import { defaultColumns, isDefaultArrangement, isTableSettings, mergeColumns, moveColumn, toggleColumn } from './column-settings.ts';

const defs = [{ key: 'name' }, { key: 'gender' }, { key: 'phone', defaultHidden: true }, { key: 'updated' }];

describe('column settings', () => {
  it('start from the page definition', () => {
    expect(defaultColumns(defs)).toEqual([
      { key: 'name', visible: true },
      { key: 'gender', visible: true },
      { key: 'phone', visible: false },
      { key: 'updated', visible: true },
    ]);
    expect(mergeColumns(defs, undefined)).toEqual(defaultColumns(defs));
  });

  it("keep the user's order and visibility, drop removed columns, and slot new ones after their predecessor", () => {
    const stored = [
      { key: 'updated', visible: true },
      { key: 'name', visible: true },
      { key: 'removed', visible: true },
      { key: 'gender', visible: false },
    ];
    const now = [{ key: 'name' }, { key: 'idCard' }, { key: 'gender' }, { key: 'phone', defaultHidden: true }, { key: 'updated' }];
    expect(mergeColumns(now, stored)).toEqual([
      { key: 'updated', visible: true },
      { key: 'name', visible: true },
      { key: 'idCard', visible: true },
      { key: 'gender', visible: false },
      { key: 'phone', visible: false },
    ]);
    // A new first column goes first.
    expect(mergeColumns([{ key: 'no' }, ...defs], defaultColumns(defs))[0]).toEqual({ key: 'no', visible: true });
  });

  it('fall back to the defaults when the stored state would show nothing, and ignore duplicates', () => {
    expect(mergeColumns(defs, [{ key: 'name', visible: false }, { key: 'gender', visible: false }, { key: 'updated', visible: false }])).toEqual(defaultColumns(defs));
    expect(mergeColumns(defs, [{ key: 'name', visible: true }, { key: 'name', visible: false }]).filter((c) => c.key === 'name')).toEqual([{ key: 'name', visible: true }]);
  });

  it('toggle, but never hide the last visible column', () => {
    const cols = [
      { key: 'a', visible: true },
      { key: 'b', visible: false },
    ];
    expect(toggleColumn(cols, 'a', false)).toEqual(cols);
    expect(toggleColumn(cols, 'b', true)).toEqual([
      { key: 'a', visible: true },
      { key: 'b', visible: true },
    ]);
  });

  it('move columns and recognise the default arrangement', () => {
    const cols = defaultColumns(defs);
    const moved = moveColumn(cols, 3, 0);
    expect(moved.map((c) => c.key)).toEqual(['updated', 'name', 'gender', 'phone']);
    expect(moveColumn(cols, 0, 9)).toEqual(cols);
    expect(isDefaultArrangement(defs, cols)).toBe(true);
    expect(isDefaultArrangement(defs, moved)).toBe(false);
  });

  it('accept only stored values of the right shape', () => {
    expect(isTableSettings({ columns: [{ key: 'a', visible: true }], density: 'small', pageSize: 50 })).toBe(true);
    expect(isTableSettings({})).toBe(true);
    expect(isTableSettings({ density: 'huge' })).toBe(false);
    expect(isTableSettings({ columns: [{ key: 'a' }] })).toBe(false);
    expect(isTableSettings({ columns: 'a,b' })).toBe(false);
    expect(isTableSettings([])).toBe(false);
    expect(isTableSettings(null)).toBe(false);
  });
});
