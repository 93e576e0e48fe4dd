import { describe, expect, it } from 'vitest';
import { formatParsedValue, parseResultValue, qualitativeMatches, qualitativeMeaning } from '../src/index.ts';

describe('parsing instrument values', () => {
  it.each([
    ['5.6', { kind: 'number', value: 5.6, marks: [] }],
    ['1.2E3', { kind: 'number', value: 1200, marks: [] }],
    ['3.4e-2', { kind: 'number', value: 0.034, marks: [] }],
    ['-2.5', { kind: 'number', value: -2.5, marks: [] }],
    ['.5', { kind: 'number', value: 0.5, marks: [] }],
    ['<0.10', { kind: 'number', value: 0.1, comparator: '<', marks: [] }],
    ['>500', { kind: 'number', value: 500, comparator: '>', marks: [] }],
    ['≥ 33.3', { kind: 'number', value: 33.3, comparator: '>=', marks: [] }],
    ['<=1', { kind: 'number', value: 1, comparator: '<=', marks: [] }],
    ['5.6*', { kind: 'number', value: 5.6, marks: ['*'] }],
    ['7.8 H', { kind: 'number', value: 7.8, marks: ['H'] }],
    ['2.1L!', { kind: 'number', value: 2.1, marks: ['L', '!'] }],
    ['12.0↑', { kind: 'number', value: 12, marks: ['↑'] }],
    ['＜０．１', { kind: 'number', value: 0.1, comparator: '<', marks: [] }],
    ['−3', { kind: 'number', value: -3, marks: [] }],
  ])('%s is a number', (raw, expected) => {
    const p = parseResultValue(raw);
    expect(p).toMatchObject({ ...expected, raw });
    expect(p.kind === 'number' ? p.comparator : 'not a number').toBe((expected as { comparator?: string }).comparator);
  });

  it('keeps the number as written for reasons and reports', () => {
    expect(formatParsedValue(parseResultValue('6.0'))).toBe('6.0');
    expect(formatParsedValue(parseResultValue(' <0.10* '))).toBe('<0.10');
    expect(formatParsedValue(parseResultValue('＜０．１'))).toBe('<0.1');
  });

  it.each(['阴性', '阴性(-)', '+', '1+', '++', '±', '溶血', '5.6 mmol/L', '1,234', '5..6', '1.2E'])('%s stays text', (raw) => {
    expect(parseResultValue(raw).kind).toBe('text');
  });

  it('blank is empty; numbers pass through; a parsed value is returned as is', () => {
    expect(parseResultValue('  ')).toEqual({ kind: 'empty', raw: '  ' });
    expect(parseResultValue(null).kind).toBe('empty');
    expect(parseResultValue(4.2)).toEqual({ kind: 'number', value: 4.2, text: '4.2', marks: [], raw: '4.2' });
    expect(parseResultValue(NaN).kind).toBe('text');
    const p = parseResultValue('<3');
    expect(parseResultValue(p)).toBe(p);
    expect(formatParsedValue(p)).toBe('<3');
  });
});

describe('qualitative results by meaning', () => {
  it.each([
    ['阴性', 'negative', undefined],
    ['阴性(-)', 'negative', undefined],
    ['阴性（－）', 'negative', undefined],
    ['-', 'negative', undefined],
    ['NEG', 'negative', undefined],
    ['未检出', 'negative', undefined],
    ['未检出细菌', 'negative', undefined],
    ['±', 'weak', undefined],
    ['+-', 'weak', undefined],
    ['弱阳性', 'weak', undefined],
    ['阳性', 'positive', undefined],
    ['+', 'positive', 1],
    ['阳性(+)', 'positive', 1],
    ['++', 'positive', 2],
    ['3+', 'positive', 3],
    ['阳性(+++)', 'positive', 3],
    ['检出大肠埃希菌', 'positive', undefined],
    ['淡黄色', 'other', undefined],
  ])('%s → %s', (raw, polarity, grade) => {
    const m = qualitativeMeaning(raw);
    expect(m.polarity).toBe(polarity);
    expect(m.grade).toBe(grade);
  });

  it('matches a configured value by polarity and, when it states one, by grade', () => {
    expect(qualitativeMatches('阴性(-)', '阴性')).toBe(true);
    expect(qualitativeMatches('-', '阴性')).toBe(true);
    expect(qualitativeMatches('++', '阳性')).toBe(true);
    expect(qualitativeMatches('++', '+')).toBe(false);
    expect(qualitativeMatches('1+', '阳性(+)')).toBe(true);
    expect(qualitativeMatches('±', '阴性')).toBe(false);
    expect(qualitativeMatches('淡黄色', ' 淡黄色 ')).toBe(true);
    expect(qualitativeMatches('黄色', '淡黄色')).toBe(false);
  });
});
