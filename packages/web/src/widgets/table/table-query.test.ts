import { describe, expect, it } from 'vitest';
import { clampPage, filterEntries, lastPage, pageEntries, pageRange, pageSizeOptions, queryString, searchEntries, validPageSize } from './table-query.ts';
import type { FilterField } from './table.types.ts';

const fields: FilterField[] = [
  { param: 'name', label: '姓名', kind: 'text' },
  { param: 'identifier', label: '证件号', kind: 'token' },
  { param: 'birthdate', label: '出生日期', kind: 'date' },
  { param: 'gender', label: '性别', kind: 'select', options: [{ value: 'male', label: '男' }] },
];

describe('table query', () => {
  it('turns filled filters into search parameters, dates into ge/le bounds', () => {
    expect(filterEntries(fields, { name: ' 张 ', identifier: '', birthdate: ['1990-01-01', '1999-12-31'], gender: 'male' })).toEqual([
      ['name', '张'],
      ['birthdate', 'ge1990-01-01'],
      ['birthdate', 'le1999-12-31'],
      ['gender', 'male'],
    ]);
    expect(filterEntries(fields, { birthdate: ['', '2000-01-01'] })).toEqual([['birthdate', 'le2000-01-01']]);
    expect(filterEntries(fields, {})).toEqual([]);
  });

  it('builds the search (for export) and a page of it (for the table)', () => {
    const parts = { fixed: { partof: 'Organization/lead', active: '' }, filters: [['name', '内'] as [string, string]], sort: { param: 'name', descending: true } };
    expect(queryString(searchEntries(parts))).toBe('partof=Organization%2Flead&name=%E5%86%85&_sort=-name');
    expect(pageEntries(parts, 3, 50).slice(-3)).toEqual([
      ['_count', '50'],
      ['_offset', '100'],
      ['_total', 'accurate'],
    ]);
    expect(searchEntries({ filters: [] })).toEqual([]);
  });

  it('pages: last page, clamping, the range text numbers', () => {
    expect(lastPage(10_000, 20)).toBe(500);
    expect(lastPage(10_001, 20)).toBe(501);
    expect(lastPage(0, 20)).toBe(1);
    expect(clampPage(9, 45, 20)).toBe(3);
    expect(clampPage(0, 45, 20)).toBe(1);
    expect(pageRange(500, 20, 10_000)).toEqual({ from: 9981, to: 10_000 });
    expect(pageRange(3, 20, 45)).toEqual({ from: 41, to: 45 });
    expect(pageRange(1, 20, 0)).toEqual({ from: 0, to: 0 });
  });

  it('offers the standard page sizes plus the configured one, and validates sizes', () => {
    expect(pageSizeOptions(20)).toEqual([20, 50, 100, 500]);
    expect(pageSizeOptions(30)).toEqual([20, 30, 50, 100, 500]);
    expect(validPageSize(50, 20)).toBe(50);
    expect(validPageSize('50', 20)).toBe(20);
    expect(validPageSize(0, 20)).toBe(20);
    expect(validPageSize(5000, 20)).toBe(20);
    expect(validPageSize(null, 20)).toBe(20);
  });
});
