import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { blockingKeys } from '../src/matching/blocking.ts';
import { COMPARATORS } from '../src/matching/comparators.ts';
import { DEFAULT_WEIGHTS, matchWeight, mergeWeights, type MatchingConfig } from '../src/matching/config.ts';
import { decideMatch } from '../src/matching/decide.ts';
import { editDistance } from '../src/matching/edit-distance.ts';
import { extractFeatures, type MatchFeatures } from '../src/matching/features.ts';
import { addressTokens } from '../src/matching/normalize.ts';
import { scorePair } from '../src/matching/score.ts';
import { ID_CARD_SYSTEM } from '../src/identifiers/systems.ts';
import { idCard } from './helpers.ts';

const CONFIG: MatchingConfig = { autoLinkThreshold: 22, reviewThreshold: 12, weights: DEFAULT_WEIGHTS };

function features(name: string, birthDate: string, extra: Partial<Patient> = {}, family?: string, given?: string): MatchFeatures {
  return extractFeatures({ resourceType: 'Patient', name: [{ text: name, ...(family ? { family, given: [given!] } : {}) }], gender: 'male', birthDate, ...extra });
}

const level = (field: keyof typeof COMPARATORS, a: MatchFeatures, b: MatchFeatures) => (COMPARATORS[field] as (x: MatchFeatures, y: MatchFeatures) => string | undefined)(a, b);

describe('comparison levels', () => {
  it('tells exact names, homophones, fuzzy-pinyin homophones, swapped order, typos and different names apart', () => {
    const base = features('王晓明', '1980-03-04', {}, '王', '晓明');
    expect(level('name', base, features('王晓明', '1980-03-04'))).toBe('exact');
    expect(level('name', base, features('王小明', '1980-03-04'))).toBe('homophone');
    expect(level('name', features('周伟', '1980-03-04'), features('邹伟', '1980-03-04'))).toBe('homophone'); // zh/z
    expect(level('name', features('陈林', '1980-03-04'), features('程宁', '1980-03-04'))).toBe('homophone'); // -n/-ng, l/n
    expect(level('name', base, features('晓明王', '1980-03-04'))).toBe('swapped');
    expect(level('name', base, features('王晓名', '1980-03-04'))).toBe('homophone');
    expect(level('name', base, features('王晓东', '1980-03-04'))).toBe('typo');
    expect(level('name', base, features('王明晓', '1980-03-04'))).toBe('typo'); // two characters transposed
    expect(level('name', features('王伟', '1980-03-04'), features('王芳', '1980-03-04'))).toBe('different'); // two-character names: one off is another person
    expect(level('name', base, features('李建国', '1980-03-04'))).toBe('different');
  });

  it('tells exact, transposed and one-digit-off birth dates apart', () => {
    const a = features('王晓明', '1980-03-04');
    expect(level('birthDate', a, features('王晓明', '1980-03-04'))).toBe('exact');
    expect(level('birthDate', a, features('王晓明', '1980-04-03'))).toBe('transposed');
    expect(level('birthDate', a, features('王晓明', '1980-03-05'))).toBe('oneDigit');
    expect(level('birthDate', a, features('王晓明', '1908-03-04'))).toBe('oneDigit'); // adjacent digits swapped in the year
    expect(level('birthDate', a, features('王晓明', '1975-11-20'))).toBe('different');
    expect(level('birthDate', a, extractFeatures({ resourceType: 'Patient', birthDate: '1980' }))).toBeUndefined();
  });

  it('compares phones as sets and addresses below the county', () => {
    const a = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13905710001' }, { system: 'phone', value: '0571-88881234' }], address: [{ text: '浙江省衢州市某某县城关镇东村十二号' }] });
    const b = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '+86 571 8888 1234' }], address: [{ text: '城关镇东村12号' }] });
    const c = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13800000000' }], address: [{ text: '浙江省衢州市某某县城关镇东村3号' }] });
    const d = features('王晓明', '1980-03-04', { address: [{ text: '浙江省衢州市某某县新河镇西村3号' }] });
    expect(level('phone', a, b)).toBe('agree');
    expect(level('phone', a, c)).toBe('disagree');
    expect(level('phone', a, d)).toBeUndefined();
    expect(level('address', a, b)).toBe('high');
    expect(level('address', a, c)).toBe('medium');
    expect(level('address', a, d)).toBe('low');
  });

  it('normalises address parts: coarse parts dropped, numerals unified, 小区 kept', () => {
    expect(addressTokens({ text: '浙江省衢州市某某县城关镇东村十二号' })).toEqual(['城关镇', '东村', '12号']);
    expect(addressTokens({ state: '浙江省', city: '杭州市', district: '西湖区', line: ['文三路阳光小区３幢２单元３０１室'] })).toEqual(['文三路', '阳光小区', '3幢', '2单元', '301室']);
  });

  it('measures edit distance on characters, transpositions counting once', () => {
    expect(editDistance('王晓明', '王明晓')).toBe(1);
    expect(editDistance('19800304', '19800403')).toBe(2);
    expect(editDistance('', '王')).toBe(1);
  });
});

describe('Fellegi–Sunter scoring', () => {
  it('sums log2(m/u) per field and explains each; missing fields weigh nothing', () => {
    const a = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13905710001' }] });
    const b = features('王晓明', '1980-03-04');
    const { score, fields } = scorePair(a, b, DEFAULT_WEIGHTS);
    const expected = matchWeight(DEFAULT_WEIGHTS.name.exact) + matchWeight(DEFAULT_WEIGHTS.birthDate.exact) + matchWeight(DEFAULT_WEIGHTS.gender.agree);
    expect(score).toBeCloseTo(expected, 1);
    expect(fields.find((f) => f.field === 'phone')).toEqual({ field: 'phone', level: 'missing', weight: 0 });
    expect(fields.find((f) => f.field === 'name')).toEqual({ field: 'name', level: 'exact', weight: Math.round(matchWeight(DEFAULT_WEIGHTS.name.exact) * 100) / 100 });
  });

  it('takes m/u overrides from the parameter, and ignores an invalid one with the reasons', () => {
    const merged = mergeWeights({ name: { exact: { m: 0.9, u: 0.001 } } });
    expect(merged.problems).toEqual([]);
    expect(merged.weights.name.exact).toEqual({ m: 0.9, u: 0.001 });
    expect(merged.weights.birthDate).toEqual(DEFAULT_WEIGHTS.birthDate);
    const bad = mergeWeights({ name: { exact: { m: 2, u: 0 }, nickname: { m: 0.5, u: 0.5 } }, shoeSize: {} });
    expect(bad.weights).toBe(DEFAULT_WEIGHTS);
    expect(bad.problems).toEqual(['name.exact needs m and u, numbers in (0, 1]', 'unknown level "name.nickname" (exact, homophone, swapped, typo, different)', 'unknown field "shoeSize" (idCard, healthCard, name, birthDate, gender, phone, address)']);
  });
});

describe('decisions', () => {
  const card = idCard('1980-03-04', 'male');
  const withCard = features('王晓明', '1980-03-04', { identifier: [{ system: ID_CARD_SYSTEM, value: card }], telecom: [{ system: 'phone', value: '13905710001' }] });

  it('links the same ID card deterministically, whatever else differs', () => {
    const other = features('王小明', '1980-03-04', { identifier: [{ system: ID_CARD_SYSTEM, value: card }] });
    const outcome = decideMatch(withCard, [{ recordId: 'r2', goldenId: 'g2', features: other }], CONFIG);
    expect(outcome).toMatchObject({ target: 'g2', rule: 'deterministic:id-card', matches: [{ decision: 'auto-link', rule: 'deterministic:id-card' }] });
  });

  it('auto-links a strong probabilistic match, queues a weaker one for review, keeps the best of the rest as no-match', () => {
    const samePhone = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13905710001' }] });
    const homophoneTransposed = features('王小明', '1980-04-03', { telecom: [{ system: 'phone', value: '13800000000' }] });
    const stranger = features('李建国', '1975-11-20');
    const auto = decideMatch(withCard, [{ recordId: 'r2', goldenId: 'g2', features: samePhone }], CONFIG);
    expect(auto.target).toBe('g2');
    expect(auto.rule).toBe('probabilistic');
    const review = decideMatch(withCard, [{ recordId: 'r3', goldenId: 'g3', features: homophoneTransposed }], CONFIG);
    expect(review.target).toBeUndefined();
    expect(review.matches.map((m) => [m.candidate.goldenId, m.decision])).toEqual([['g3', 'review']]);
    const none = decideMatch(withCard, [{ recordId: 'r4', goldenId: 'g4', features: stranger }], CONFIG);
    expect(none.target).toBeUndefined();
    expect(none.matches.map((m) => m.decision)).toEqual(['no-match']);
    expect(decideMatch(withCard, [], CONFIG)).toEqual({ target: undefined, rule: 'probabilistic', matches: [] });
  });

  it('scores each golden record by its best source, and never auto-links across two different ID cards', () => {
    const twinRecords = [
      { recordId: 'a1', goldenId: 'gA', features: features('王晓明', '1980-03-04') },
      { recordId: 'a2', goldenId: 'gA', features: features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13905710001' }] }) },
    ];
    const outcome = decideMatch(withCard, twinRecords, CONFIG);
    expect(outcome.matches).toHaveLength(1);
    expect(outcome.matches[0].candidate.recordId).toBe('a2');
    const otherCard = features('王晓明', '1980-03-04', { identifier: [{ system: ID_CARD_SYSTEM, value: idCard('1980-03-04', 'male', 7) }] });
    expect(decideMatch(withCard, [{ recordId: 'b', goldenId: 'gB', features: otherCard }], CONFIG).target).toBeUndefined();
  });
});

describe('blocking keys', () => {
  it('keeps true duplicates together under each kind of error', () => {
    const a = features('王晓明', '1980-03-04', { telecom: [{ system: 'phone', value: '13905710001' }] });
    const keys = blockingKeys(a);
    expect(keys).toEqual(['ph:13905710001', 'bd:1980-03-04:male', 'pb:wxm:1980', 'pm:wanxiaomin:03-04']);
    const share = (b: MatchFeatures) => blockingKeys(b).some((k) => keys.includes(k));
    expect(share(features('王小明', '1980-04-03'))).toBe(true); // homophone + transposed date: pb
    expect(share(features('汪晓东', '1980-03-04'))).toBe(true); // other name, same date: bd
    expect(share(features('王晓明', '1981-03-04'))).toBe(true); // wrong year: pm
    expect(share(features('李建国', '1975-11-20'))).toBe(false);
  });
});
