import { describe, expect, it } from 'vitest';
import type { CataloguePanel, CatalogueTest, CatalogueTube } from '@medunion/lis/contracts';
import {
  exportFile,
  importRows,
  inputOf,
  newTestValues,
  panelInputOf,
  panelValuesOf,
  parseImport,
  pathOf,
  placeIssues,
  rangeSummary,
  testInputOf,
  testTabOf,
  testValuesOf,
  tubeInputOf,
  tubeValuesOf,
} from './catalogue-form.ts';

const stored = { id: 'od1', versionId: '3', lastUpdated: '2026-03-01T00:00:00Z', active: true, pinyin: ['jg', 'jigan'] };
const CREA: CatalogueTest = {
  ...stored,
  code: 'CREA',
  name: '肌酐',
  abbreviation: 'CREA',
  kind: 'quantitative',
  unit: 'µmol/L',
  decimals: 0,
  referenceRanges: [
    { sex: 'male', ageFrom: { value: 20, unit: 'year' }, ageTo: { value: 60, unit: 'year' }, low: 57, high: 97 },
    { sex: 'female', ageFrom: { value: 20, unit: 'year' }, low: 41, high: 81 },
  ],
  criticalLimits: [{ high: 707 }],
  delta: { windowDays: 7, maxPercent: 50 },
  reportOrder: 320,
};

describe('test form', () => {
  it('round-trips a test: what GET gives comes back as the same input (server fields left out)', () => {
    const { id: _id, versionId: _v, lastUpdated: _l, pinyin: _p, active: _a, ...input } = CREA;
    expect(testInputOf(testValuesOf(CREA), true)).toEqual({ ...input, active: true });
  });

  it('leaves empty inputs out: blank strings, cleared numbers, bounds without numbers, ages without a value, delta without a window', () => {
    const values = {
      ...newTestValues(),
      code: ' GLU ',
      name: '葡萄糖',
      unit: ' ',
      decimals: null,
      commonResults: ['', '阴性 '],
      referenceRanges: [{ sex: undefined, ageFrom: { value: null, unit: 'year' as const }, ageTo: { value: 18, unit: 'year' as const }, low: 3.9, high: null, expected: [], text: '' }],
      criticalLimits: [],
      absoluteLimits: { low: null, high: undefined },
      autoverifyLimits: { low: 2, high: null },
      delta: { windowDays: null, maxPercent: 20 },
      formula: '  ',
    };
    expect(testInputOf(values)).toEqual({
      code: 'GLU',
      name: '葡萄糖',
      kind: 'quantitative',
      commonResults: ['阴性'],
      referenceRanges: [{ ageTo: { value: 18, unit: 'year' }, low: 3.9 }],
      autoverifyLimits: { low: 2 },
    });
  });
});

describe('panel and tube forms', () => {
  it('keeps the tests in report order and drops empty rows', () => {
    const panel: CataloguePanel = { ...stored, code: 'LFT', name: '肝功能', section: 'biochemistry', tube: 'SST', tests: ['ALT', 'AST', 'TBIL'], price: 45, tatTargetMinutes: 120 };
    const values = panelValuesOf(panel);
    values.tests = ['AST', undefined, 'ALT', 'TBIL'];
    expect(panelInputOf(values, true)).toEqual({ code: 'LFT', name: '肝功能', section: 'biochemistry', tube: 'SST', tests: ['AST', 'ALT', 'TBIL'], price: 45, tatTargetMinutes: 120, active: true });
  });

  it('sends a tube without the server’s colour name and hex', () => {
    const tube: CatalogueTube = { ...stored, code: 'EDTA', name: '紫头管', specimenType: '01', capColour: 'purple', capColourName: '紫色', capColourHex: '#7B3FA0', additive: 'EDTA-K2', volumeMl: 2 };
    expect(tubeInputOf(tubeValuesOf(tube))).toEqual({ code: 'EDTA', name: '紫头管', specimenType: '01', capColour: 'purple', additive: 'EDTA-K2', volumeMl: 2 });
  });
});

describe('server issues on their inputs', () => {
  it('reads expressions as name paths', () => {
    expect(pathOf('referenceRanges[1].ageTo')).toEqual(['referenceRanges', 1, 'ageTo']);
    expect(pathOf('tests[12].formula')).toEqual(['tests', 12, 'formula']);
    expect(pathOf('formula')).toEqual(['formula']);
  });

  it('maps each form’s fields, groups to the input a person fixes them in, and the rest to none', () => {
    expect(inputOf('tests', 'formula')).toEqual(['formula']);
    expect(inputOf('tests', 'referenceRanges[1].ageTo')).toEqual(['referenceRanges', 1, 'ageTo', 'value']);
    expect(inputOf('tests', 'referenceRanges[0].high')).toEqual(['referenceRanges', 0, 'high']);
    expect(inputOf('tests', 'referenceRanges[2]')).toEqual(['referenceRanges', 2, 'low']);
    expect(inputOf('tests', 'criticalLimits[0].texts')).toEqual(['criticalLimits', 0, 'texts']);
    expect(inputOf('tests', 'delta')).toEqual(['delta', 'windowDays']);
    expect(inputOf('tests', 'absoluteLimits.high')).toEqual(['absoluteLimits', 'high']);
    expect(inputOf('tests', 'referenceRanges')).toBeUndefined();
    expect(inputOf('tests', '$')).toBeUndefined();
    expect(inputOf('panels', 'tests[3]')).toEqual(['tests', 3]);
    expect(inputOf('panels', 'tests')).toEqual(['tests', 0]);
    expect(inputOf('panels', 'tube')).toEqual(['tube']);
    expect(inputOf('tubes', 'capColour')).toEqual(['capColour']);
    expect(inputOf('tubes', 'formula')).toBeUndefined();
  });

  it('splits issues between inputs (several on one input kept) and the form, in the UI language', () => {
    const placed = placeIssues(
      'tests',
      [
        { expression: ['formula'], details: { text: '公式第 5 个字符处语法错误 / Syntax error at character 5' } },
        { expression: ['formula'], details: { text: '未知项目 XYZ / Unknown test XYZ' } },
        { expression: ['code'], details: { text: '代码已存在 / Code exists' } },
        { details: { text: '目录不一致 / Inconsistent catalogue' } },
      ],
      (s) => s.split(' / ')[0],
    );
    expect(placed.fields).toEqual([
      { name: ['formula'], errors: ['公式第 5 个字符处语法错误', '未知项目 XYZ'] },
      { name: ['code'], errors: ['代码已存在'] },
    ]);
    expect(placed.general).toEqual(['目录不一致']);
  });

  it('opens the tab holding an input', () => {
    expect(testTabOf(['referenceRanges', 0, 'low'])).toBe('ranges');
    expect(testTabOf(['formula'])).toBe('rules');
    expect(testTabOf(['delta', 'windowDays'])).toBe('rules');
    expect(testTabOf(['unit'])).toBe('basic');
  });
});

describe('import and export', () => {
  it('reads an import file, dropping server fields; refuses what is not JSON or has no catalogue arrays', () => {
    const parsed = parseImport(`\uFEFF${JSON.stringify({ tubes: [{ code: 'EDTA', capColourHex: '#fff', id: 'x' }], tests: [{ code: 'WBC', pinyin: ['bxb'] }] })}`);
    expect(parsed).toEqual({ ok: true, body: { tubes: [{ code: 'EDTA' }], tests: [{ code: 'WBC' }] }, counts: { tubes: 1, tests: 1, panels: 0 } });
    expect(parseImport('{ nope')).toEqual({ ok: false, reason: 'json' });
    expect(parseImport('[1]')).toEqual({ ok: false, reason: 'shape' });
    expect(parseImport('{"tests": {}}')).toEqual({ ok: false, reason: 'shape' });
    expect(parseImport('{"other": []}')).toEqual({ ok: false, reason: 'shape' });
  });

  it('lists a refused import by entry in file order, with the entry’s code', () => {
    const body = { tests: [{ code: 'A', name: 'a' }, { code: 'B', name: 'b' }], panels: [{ code: 'P', name: 'p', section: 'clinical', tube: 'X', tests: ['A'] }] };
    const rows = importRows(
      [
        { expression: ['panels[0].tube'], details: { text: '容器 X 不存在 / No tube X' } },
        { expression: ['tests[1].formula'], details: { text: '语法错误 / Syntax error' } },
        { details: { text: '请求体为空 / Empty' } },
      ],
      body,
      (s) => s.split(' / ')[0],
    );
    expect(rows).toEqual([
      { kind: '', field: '', message: '请求体为空' },
      { kind: 'tests', row: 2, code: 'B', field: 'formula', message: '语法错误' },
      { kind: 'panels', row: 1, code: 'P', field: 'tube', message: '容器 X 不存在' },
    ]);
  });

  it('exports what the import takes back', () => {
    const tube: CatalogueTube = { ...stored, code: 'EDTA', name: '紫头管', specimenType: '01', capColour: 'purple', capColourName: '紫色', capColourHex: '#7B3FA0', active: false };
    const file = exportFile([tube], [CREA], []);
    expect(file.tubes).toEqual([{ code: 'EDTA', name: '紫头管', specimenType: '01', capColour: 'purple', active: false }]);
    expect(file.tests?.[0]).toMatchObject({ code: 'CREA', criticalLimits: [{ high: 707 }], active: true });
    expect(parseImport(JSON.stringify(file))).toMatchObject({ ok: true, counts: { tubes: 1, tests: 1, panels: 0 } });
  });

  it('summarises a test’s ranges for the list', () => {
    expect(rangeSummary(CREA)).toBe('57–97 (+1)');
    expect(rangeSummary({ referenceRanges: [{ high: 5.2, highExclusive: true }] })).toBe('<5.2');
    expect(rangeSummary({ referenceRanges: [{ low: 90 }] })).toBe('≥90');
    expect(rangeSummary({ referenceRanges: [{ expected: ['阴性'] }] })).toBe('阴性');
    expect(rangeSummary({ referenceRanges: [{ low: 0, high: 10, text: '<10' }] })).toBe('<10');
    expect(rangeSummary({})).toBe('');
  });
});
