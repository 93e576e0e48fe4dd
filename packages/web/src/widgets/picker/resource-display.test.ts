import { describe, expect, it } from 'vitest';
import { humanNameText, preferredName, referenceSearchParams, resourceDisplay } from './resource-display.ts';

describe('names and resource labels', () => {
  it('shows name.text first, Chinese family+given without a space, Latin given names first', () => {
    expect(humanNameText({ text: ' 张三丰 ', family: 'Zhang', given: ['Sanfeng'] })).toBe('张三丰');
    expect(humanNameText({ family: '欧阳', given: ['修'] })).toBe('欧阳修');
    expect(humanNameText({ family: 'Smith', given: ['John', 'Q'] })).toBe('John Q Smith');
    expect(humanNameText(undefined)).toBe('');
  });

  it('prefers the official name', () => {
    expect(preferredName([{ use: 'nickname', text: '小明' }, { use: 'official', text: '王小明' }])?.text).toBe('王小明');
    expect(preferredName([{ text: '甲' }, { text: '乙' }])?.text).toBe('甲');
  });

  it('labels people, organisations, devices and anything else', () => {
    expect(resourceDisplay({ resourceType: 'Practitioner', id: 'p', name: [{ text: '李明' }] })).toBe('李明');
    expect(resourceDisplay({ resourceType: 'Organization', id: 'o', name: '青山县人民医院' })).toBe('青山县人民医院');
    expect(resourceDisplay({ resourceType: 'Device', id: 'd', deviceName: [{ name: '血球仪', type: 'user-friendly-name' }] })).toBe('血球仪');
    expect(resourceDisplay({ resourceType: 'Observation', id: 'x', status: 'final', code: { text: '血红蛋白' } })).toBe('血红蛋白');
    expect(resourceDisplay({ resourceType: 'Basic', id: 'b', code: {} })).toBe('Basic/b');
  });
});

describe('reference search parameters', () => {
  it('searches pinyin for latin letters on types the kernel indexes by pinyin', () => {
    expect(referenceSearchParams('Organization', ' QSX ', { partof: 'Organization/county-hc' })).toEqual({ partof: 'Organization/county-hc', _count: '20', pinyin: 'qsx' });
    expect(referenceSearchParams('Patient', 'zhangsan')).toEqual({ _count: '20', pinyin: 'zhangsan' });
  });

  it('searches the name parameter for Chinese text, digits and types without pinyin', () => {
    expect(referenceSearchParams('Organization', '人民医院')).toEqual({ _count: '20', name: '人民医院' });
    expect(referenceSearchParams('Location', 'abc')).toEqual({ _count: '20', name: 'abc' });
    expect(referenceSearchParams('PractitionerRole', '李')).toEqual({ _count: '20', 'practitioner.name': '李' });
    expect(referenceSearchParams('Practitioner', '', {}, 5)).toEqual({ _count: '5' });
  });
});
