import type { CodeSystem } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { flattenCodeSystem } from '../src/concepts/flatten.ts';
import { matchForm, pinyinOf, searchForm } from '../src/concepts/normalize.ts';

const cs = (concept: CodeSystem['concept']): CodeSystem => ({ resourceType: 'CodeSystem', status: 'active', content: 'complete', url: 'urn:t', concept });

describe('flattenCodeSystem', () => {
  it('walks nested concepts in document order with parents and all ancestors', () => {
    const rows = flattenCodeSystem(cs([{ code: 'A', display: '内科', concept: [{ code: 'A1', display: '呼吸内科', concept: [{ code: 'A1a', display: '哮喘门诊' }] }] }, { code: 'B', display: '外科' }]));
    expect(rows.map((r) => [r.ordinal, r.code, r.parents, r.ancestors])).toEqual([
      [0, 'A', [], []],
      [1, 'A1', ['A'], ['A']],
      [2, 'A1a', ['A1'], ['A1', 'A']],
      [3, 'B', [], []],
    ]);
  });

  it('takes the hierarchy from parent and child properties too, and keeps other properties as strings', () => {
    const rows = flattenCodeSystem(
      cs([
        { code: 'root', display: 'Root', property: [{ code: 'child', valueCode: 'x' }] },
        { code: 'x', display: 'X', property: [{ code: 'rank', valueInteger: 3 }, { code: 'flag', valueBoolean: true }] },
        { code: 'y', display: 'Y', property: [{ code: 'parent', valueCode: 'x' }, { code: 'unit', valueCoding: { code: 'g/L' } }] },
      ]),
    );
    const y = rows.find((r) => r.code === 'y')!;
    expect(y.parents).toEqual(['x']);
    expect(y.ancestors).toEqual(['x', 'root']);
    expect(y.properties).toEqual({ unit: ['g/L'] });
    expect(rows.find((r) => r.code === 'x')!.properties).toEqual({ rank: ['3'], flag: ['true'] });
  });

  it('stops at a cycle instead of looping, and drops parents that are not in the code system', () => {
    const rows = flattenCodeSystem(
      cs([
        { code: 'a', property: [{ code: 'parent', valueCode: 'b' }] },
        { code: 'b', property: [{ code: 'parent', valueCode: 'a' }, { code: 'parent', valueCode: 'missing' }] },
      ]),
    );
    expect(rows.find((r) => r.code === 'a')!.ancestors).toEqual(['b']);
    expect(rows.find((r) => r.code === 'b')!.parents).toEqual(['a']);
  });

  it('indexes the pinyin initials and full pinyin of Chinese displays, and marks inactive concepts', () => {
    const [row, latin, retired] = flattenCodeSystem(
      cs([{ code: 'CBC', display: '血常规' }, { code: 'Na', display: 'Sodium' }, { code: 'old', display: '旧项目', property: [{ code: 'status', valueCode: 'retired' }] }]),
    );
    expect([row.pinyinInitials, row.pinyinFull, row.codeNorm]).toEqual(['xcg', 'xuechanggui', 'cbc']);
    expect([latin.pinyinInitials, latin.displayNorm]).toEqual(['', 'sodium']);
    expect([row.inactive, retired.inactive]).toEqual([false, true]);
  });
});

describe('normalisation', () => {
  it('folds full-width characters and case for search, and strips punctuation for matching', () => {
    expect(searchForm('  ＣＢＣ  血常规 ')).toBe('cbc 血常规');
    expect(matchForm('C-反应蛋白（CRP）')).toBe('c反应蛋白crp');
    expect(pinyinOf('肌酐')).toEqual({ initials: 'jg', full: 'jigan' });
    expect(pinyinOf('CRP')).toEqual({ initials: '', full: '' });
  });
});
