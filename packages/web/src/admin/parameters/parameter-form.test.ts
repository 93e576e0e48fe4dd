import { describe, expect, it } from 'vitest';
import type { ParameterDefinition } from '../parameters.api.ts';
import { groupDefinitions, inheritedValue, parameterChanges, parentScopes, parseJsonText, problemsByKey, regionFromEffective, valueProblem } from './parameter-form.ts';

const title = { 'zh-CN': '标题', en: 'Title' };
const pageSize: ParameterDefinition = { key: 'ui.pageSize', title, type: 'number', default: 20, scopes: ['region', 'institution', 'workstation'], min: 5, max: 500 };
const high: ParameterDefinition = { key: 'ui.abnormal.highColor', title, group: 'abnormal', type: 'color', default: '#cf1322', scopes: ['region', 'institution', 'workstation'] };
const printer: ParameterDefinition = { key: 'print.labelPrinter', title, type: 'string', default: '', scopes: ['workstation'] };
const mode: ParameterDefinition = { key: 'notice.mode', title, type: 'enum', options: [{ value: 'a', title }, { value: 'b', title }], default: 'a', scopes: ['region'] };

describe('parameter forms', () => {
  it('groups by declared group, else by key owner, in declaration order', () => {
    expect(groupDefinitions([pageSize, high, printer, mode]).map((g) => [g.group, g.definitions.map((d) => d.key)])).toEqual([
      ['ui', ['ui.pageSize']],
      ['abnormal', ['ui.abnormal.highColor']],
      ['print', ['print.labelPrinter']],
      ['notice', ['notice.mode']],
    ]);
  });

  it('inherits from the nearest scope that sets the key, else the default', () => {
    expect(parentScopes('workstation')).toEqual(['institution', 'region']);
    expect(parentScopes('region')).toEqual([]);
    const parents = [
      { scope: 'institution' as const, values: {} },
      { scope: 'region' as const, values: { 'ui.pageSize': 50, 'print.labelPrinter': 'ignored: not a region parameter' } },
    ];
    expect(inheritedValue(pageSize, parents)).toEqual({ value: 50, from: 'region' });
    expect(inheritedValue(pageSize, [{ scope: 'institution', values: { 'ui.pageSize': 30 } }, ...parents.slice(1)])).toEqual({ value: 30, from: 'institution' });
    expect(inheritedValue(printer, parents)).toEqual({ value: '', from: 'default' });
  });

  it('checks values like the server', () => {
    expect(valueProblem(pageSize, 4)).toBe('min');
    expect(valueProblem(pageSize, 501)).toBe('max');
    expect(valueProblem(pageSize, Number.NaN)).toBe('number');
    expect(valueProblem(pageSize, 100)).toBeNull();
    expect(valueProblem(high, '#12345')).toBe('color');
    expect(valueProblem(high, '#A0b1C2')).toBeNull();
    expect(valueProblem(mode, 'c')).toBe('option');
    expect(valueProblem(mode, 'b')).toBeNull();
    expect(parseJsonText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonText('{a:1}')).toEqual({ ok: false });
  });

  it('sends only what changed, null for a value reset to inherit', () => {
    const before = { 'ui.pageSize': 50, 'ui.abnormal.highColor': '#ff0000' };
    expect(parameterChanges(before, { 'ui.pageSize': 50, 'print.labelPrinter': 'Zebra' })).toEqual({ 'print.labelPrinter': 'Zebra', 'ui.abnormal.highColor': null });
    expect(parameterChanges(before, { ...before })).toEqual({});
  });

  it('reads the offending keys out of the server outcome', () => {
    expect(problemsByKey([{ expression: ['ui.pageSize'], details: { text: 'ui.pageSize: must be at least 5' } }, { details: { text: 'no key' } }])).toEqual({ 'ui.pageSize': 'ui.pageSize: must be at least 5' });
  });
});

describe('inheritance seen by an institution administrator', () => {
  it('takes region values from the effective ones where the institution sets nothing', () => {
    const effective = { 'ui.pageSize': 50, 'ui.abnormal.highColor': '#cf1322', 'print.labelPrinter': '' };
    // pageSize differs from its default → the region set it; highColor equals its default → nothing to show.
    expect(regionFromEffective(effective, [pageSize, high, printer], {})).toEqual({ 'ui.pageSize': 50 });
    // The institution sets pageSize itself: the effective 50 is its own value, not the region's.
    expect(regionFromEffective(effective, [pageSize, high, printer], { 'ui.pageSize': 50 })).toEqual({});
  });
});
