import { describe, expect, it } from 'vitest';
import { ageAt, ageFromDays, flagDisplay, flagResult, formatReferenceRange, interpretResult, parseSex, selectReferenceRange, type ReferenceRange } from '../src/index.ts';

describe('age in days, months and years', () => {
  it('counts completed calendar units', () => {
    expect(ageAt('2024-01-31', '2024-02-29')).toEqual({ days: 29, months: 0, years: 0 });
    expect(ageAt('2024-01-31', '2024-03-01')).toEqual({ days: 30, months: 1, years: 0 });
    expect(ageAt('2000-02-29', '2018-02-28')).toEqual({ days: 6574, months: 215, years: 17 });
    expect(ageAt('2000-02-29', '2018-03-01').years).toBe(18);
  });

  it('reads times in China Standard Time by default', () => {
    // 23:30 UTC on 1 May is 07:30 on 2 May in Beijing: the neonate is one day old.
    expect(ageAt('2024-05-01', '2024-05-01T23:30:00Z').days).toBe(1);
    expect(ageAt('2024-05-01', '2024-05-01T23:30:00Z', 0).days).toBe(0);
    expect(() => ageAt('2024-05-02', '2024-05-01')).toThrow(/birth date is after/);
  });

  it('falls back to average lengths when only days are known', () => {
    expect(ageFromDays(400)).toEqual({ days: 400, months: 13, years: 1 });
  });

  it('reads sex codes (GB/T 2261.1, HL7, words) and never guesses', () => {
    expect([1, '2', 'M', 'f', '男', '女性', 0, '9', 'X', undefined].map(parseSex)).toEqual(['male', 'female', 'male', 'female', 'male', 'female', undefined, undefined, undefined, undefined]);
  });
});

// Serum potassium-like ranges by age (neonates in days) and an adult creatinine-like range by sex and specimen.
const POTASSIUM: ReferenceRange[] = [
  { id: 'adult', low: 3.5, high: 5.3 },
  { id: 'neonate', ageFrom: { value: 0, unit: 'day' }, ageTo: { value: 29, unit: 'day' }, low: 3.7, high: 5.9 },
  { id: 'infant', ageFrom: { value: 29, unit: 'day' }, ageTo: { value: 12, unit: 'month' }, low: 4.1, high: 5.3 },
  { id: 'child', ageFrom: { value: 1, unit: 'year' }, ageTo: { value: 18, unit: 'year' }, low: 3.4, high: 4.7 },
];
const CREATININE: ReferenceRange[] = [
  { id: 'any', low: 41, high: 111 },
  { id: 'male', sex: 'male', ageFrom: { value: 18, unit: 'year' }, low: 57, high: 111 },
  { id: 'female', sex: 'female', ageFrom: { value: 18, unit: 'year' }, low: 41, high: 81 },
  { id: 'male-serum', sex: 'male', specimen: '血清', ageFrom: { value: 18, unit: 'year' }, low: 59, high: 104 },
  { id: 'urine', specimen: '尿', low: 5300, high: 15900 },
];

describe('choosing the reference range', () => {
  const pick = (ranges: ReferenceRange[], subject: Parameters<typeof selectReferenceRange>[1]) => selectReferenceRange(ranges, subject).range?.id;

  it('neonates by days, infants by months, children by years', () => {
    expect(pick(POTASSIUM, { age: ageAt('2024-05-01', '2024-05-10') })).toBe('neonate');
    expect(pick(POTASSIUM, { age: ageAt('2024-05-01', '2024-05-30') })).toBe('infant'); // day 29
    expect(pick(POTASSIUM, { age: ageAt('2024-05-01', '2025-04-30') })).toBe('infant'); // 11 months
    expect(pick(POTASSIUM, { age: ageAt('2024-05-01', '2025-05-01') })).toBe('child');
    expect(pick(POTASSIUM, { age: ageAt('2000-05-01', '2025-05-01') })).toBe('adult');
    expect(pick(POTASSIUM, {})).toBe('adult'); // age unknown: only the general range applies
  });

  it('the most specific match wins, with the reason', () => {
    const adultMale = { sex: 'male' as const, age: ageAt('1980-01-01', '2024-06-01') };
    expect(pick(CREATININE, adultMale)).toBe('male');
    const chosen = selectReferenceRange(CREATININE, { ...adultMale, specimen: '血清' });
    expect(chosen.range?.id).toBe('male-serum');
    expect(chosen.reason).toEqual({ 'zh-CN': '采用第 4 条参考范围（男性、年龄 ≥18岁、血清标本）', en: 'Using reference range #4 (male, age ≥18 years, 血清 specimen)' });
    expect(pick(CREATININE, { ...adultMale, specimen: '尿' })).toBe('urine');
    expect(pick(CREATININE, { age: adultMale.age })).toBe('any'); // sex unknown
  });

  it('among equally specific ranges the narrower age band wins', () => {
    const ranges: ReferenceRange[] = [
      { id: 'wide', ageFrom: { value: 0, unit: 'year' }, ageTo: { value: 18, unit: 'year' }, low: 1, high: 2 },
      { id: 'narrow', ageFrom: { value: 6, unit: 'month' }, ageTo: { value: 2, unit: 'year' }, low: 1, high: 2 },
    ];
    expect(pick(ranges, { age: ageAt('2024-01-01', '2024-12-01') })).toBe('narrow');
  });

  it('says why none applies', () => {
    const ranges: ReferenceRange[] = [
      { sex: 'female', low: 1, high: 2 },
      { specimen: '血浆', low: 1, high: 2 },
      { ageFrom: { value: 18, unit: 'year' }, low: 1, high: 2 },
    ];
    const s = selectReferenceRange(ranges, { sex: 'male', specimen: '血清', age: ageAt('2020-01-01', '2024-01-01') });
    expect(s.range).toBeUndefined();
    expect(s.reason['zh-CN']).toBe('没有适用的参考范围：第 1 条限女性，患者为男性；第 2 条限血浆标本，标本为血清；第 3 条限年龄 ≥18岁，患者 4岁');
    expect(s.reason.en).toBe('No reference range applies: #1 is for female patients; the patient is male; #2 is for 血浆 specimens; the specimen is 血清; #3 is for ages ≥18 years; the patient is 4 years');
    expect(selectReferenceRange([], {}).reason.en).toBe('no reference range is set');
  });
});

describe('flags', () => {
  const K = { range: { low: 3.5, high: 5.3 }, critical: { low: 2.8, high: 6.2 }, plausibility: { physiologicalHigh: 15, linearityLow: 1, linearityHigh: 10 } };

  it.each([
    ['4.1', 'N'],
    ['3.5', 'N'],
    ['5.3', 'N'],
    ['5.6', 'H'],
    ['3.2', 'L'],
    ['6.2', 'HH'],
    ['2.8', 'LL'],
    ['2.5', 'LL'],
    ['-0.5', 'implausible'],
    ['12', 'implausible'],
    ['0.5', 'implausible'],
    ['16', 'implausible'],
  ])('potassium %s → %s', (value, flag) => {
    expect(flagResult({ ...K, value }).flag).toBe(flag);
  });

  it('gives reasons and display hints: high red ↑, low blue ↓, critical emphasised', () => {
    const h = flagResult({ ...K, value: '5.6' });
    expect(h.reason).toEqual({ 'zh-CN': '5.6 高于参考范围上限 5.3（参考范围 3.5–5.3）', en: '5.6 is above the reference range (3.5–5.3)' });
    expect(h.display).toMatchObject({ colour: 'red', arrow: '↑', critical: false });
    expect(flagResult({ ...K, value: '3.2' }).display).toMatchObject({ colour: 'blue', arrow: '↓', symbol: '↓' });
    const ll = flagResult({ ...K, value: '2.5' });
    expect(ll.display).toMatchObject({ colour: 'blue', symbol: '↓↓', critical: true });
    expect(ll.reason['zh-CN']).toBe('2.5 ≤ 危急值下限 2.8');
    const bad = flagResult({ ...K, value: '12' });
    expect(bad.reason['zh-CN']).toBe('结果 12 不可信：高于线性范围上限 10，需稀释复测');
    expect(bad.display).toMatchObject({ colour: 'purple', symbol: '?' });
    expect(flagResult({ ...K, value: '-0.5' }).reason.en).toBe('result -0.5 is implausible: negative value');
    expect(flagDisplay(null).label.en).toBe('not judged');
  });

  it('negative values are allowed where the test says so (base excess)', () => {
    expect(flagResult({ value: '-4.1', range: { low: -3, high: 3 }, plausibility: { allowNegative: true } }).flag).toBe('L');
  });

  it('judges reported bounds where they certainly lie, otherwise by the bound', () => {
    expect(flagResult({ ...K, value: '<3.0' }).flag).toBe('L');
    expect(flagResult({ value: '<0.10', range: { high: 0.04 } })).toMatchObject({ flag: 'H', censored: true });
    expect(flagResult({ value: '<0.01', range: { high: 0.04 } }).flag).toBe('N');
    expect(flagResult({ value: '>500', range: { low: 3.9, high: 6.1 }, plausibility: { linearityHigh: 500 } }).flag).toBe('H');
    expect(flagResult({ value: '<0.10', range: { high: 0.04 } }).reason.en).toContain('judged by the bound');
    expect(flagResult({ value: '>33.3', range: { low: 3.9, high: 6.1 }, critical: { high: 25 } }).flag).toBe('HH');
  });

  it('exclusive bounds as printed (<5.2)', () => {
    const tc = { high: 5.2, highExclusive: true };
    expect(formatReferenceRange(tc)).toBe('<5.2');
    expect(flagResult({ value: '5.2', range: tc }).flag).toBe('H');
    expect(flagResult({ value: '5.19', range: tc }).flag).toBe('N');
    expect(formatReferenceRange({ low: 1.04 })).toBe('≥1.04');
  });

  it('qualitative results: N when expected, A when not, AA when critical', () => {
    const urineProtein = { range: { expected: ['阴性'] } };
    expect(flagResult({ ...urineProtein, value: '阴性(-)' }).flag).toBe('N');
    expect(flagResult({ ...urineProtein, value: '-' }).flag).toBe('N');
    const a = flagResult({ ...urineProtein, value: '++' });
    expect(a).toMatchObject({ flag: 'A', display: { colour: 'red', symbol: '*' } });
    expect(a.reason['zh-CN']).toBe('“++”不符合预期结果（阴性）');
    const bloodCulture = flagResult({ value: '检出大肠埃希菌', range: { expected: ['阴性'] }, critical: { texts: ['阳性'] } });
    expect(bloodCulture).toMatchObject({ flag: 'AA', display: { critical: true } });
  });

  it('does not flag what it cannot judge, and says why', () => {
    expect(flagResult({ value: '5.6' })).toMatchObject({ flag: null });
    expect(flagResult({ value: '5.6' }).reason.en).toBe('5.6: no reference range applies; not flagged');
    expect(flagResult({ value: '溶血', range: { low: 1, high: 2 } }).flag).toBeNull();
    expect(flagResult({ value: '3', range: { expected: ['阴性'] } }).flag).toBeNull();
    expect(flagResult({ value: '' }).reason.en).toBe('no result');
  });

  it('interprets a result for its patient in one call', () => {
    const i = interpretResult({
      value: '5.5',
      subject: { age: ageAt('2024-05-01', '2024-05-05') },
      ranges: POTASSIUM,
      criticalLimits: [{ low: 2.8, high: 6.2 }, { ageTo: { value: 29, unit: 'day' }, low: 2.5, high: 7 }],
    });
    expect(i.range?.id).toBe('neonate');
    expect(i.criticalLimit?.high).toBe(7);
    expect(i.flag).toBe('N');
    expect(i.reason['zh-CN']).toBe('采用第 2 条参考范围（年龄 0天至<29天）；5.5 在参考范围 3.7–5.9 之内');
  });
});
