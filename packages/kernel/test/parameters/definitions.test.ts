import { describe, expect, it } from 'vitest';
import { defineModule } from '../../src/modules/contract.ts';
import { checkParameterDefinition, KERNEL_PARAMETERS, type ParameterDefinition } from '../../src/parameters/index.ts';

const base: ParameterDefinition = { key: 'lis.autoVerify', title: { 'zh-CN': '自动审核', en: 'Auto-verify' }, type: 'boolean', default: false, scopes: ['institution'] };

describe('parameter declarations', () => {
  it('the kernel declares the parameters the web shell reads', () => {
    for (const d of KERNEL_PARAMETERS) checkParameterDefinition(d);
    const byKey = Object.fromEntries(KERNEL_PARAMETERS.map((d) => [d.key, d]));
    expect(byKey['ui.pageSize']).toMatchObject({ type: 'number', default: 20, scopes: ['region', 'institution', 'workstation'] });
    expect(byKey['ui.abnormal.highColor']).toMatchObject({ type: 'color', default: '#cf1322' });
    expect(byKey['ui.abnormal.lowColor']).toMatchObject({ type: 'color', default: '#0958d9' });
    expect(byKey['ui.abnormal.criticalColor']).toMatchObject({ type: 'color', default: '#722ed1' });
    expect(byKey['ui.abnormal.criticalFlash']).toMatchObject({ type: 'boolean', default: true });
    expect(byKey['print.institutionTitle']).toMatchObject({ type: 'string', default: '', scopes: ['institution'] });
    expect(byKey['print.labelPrinter']).toMatchObject({ type: 'string', scopes: ['workstation'] });
    expect(byKey['session.idleLockMinutes']).toMatchObject({ type: 'number', default: 30, scopes: ['region', 'institution'] });
  });

  it.each<[string, Partial<ParameterDefinition>, RegExp]>([
    ['a key without owner prefix', { key: 'autoVerify' }, /key must match/],
    ['a missing English title', { title: { 'zh-CN': '自动审核', en: '' } }, /title/],
    ['an unknown type', { type: 'date' as 'string' }, /unknown type/],
    ['no scopes', { scopes: [] }, /scopes/],
    ['an unknown scope', { scopes: ['ward' as 'region'] }, /scopes/],
    ['an enum without options', { type: 'enum', default: 'a' }, /distinct options/],
    ['options on a non-enum', { options: [{ value: 'a', title: { 'zh-CN': 'a', en: 'a' } }] }, /only for enum/],
    ['min on a non-number', { min: 1 }, /only for number/],
    ['min above max', { type: 'number', default: 5, min: 10, max: 1 }, /min exceeds max/],
    ['a default of the wrong type', { default: 'no' }, /default must be true or false/],
    ['a default outside the bounds', { type: 'number', default: 0, min: 1, max: 9 }, /default must be at least 1/],
    ['a colour default not #rrggbb', { type: 'color', default: 'red' }, /default must be a colour/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => checkParameterDefinition({ ...base, ...change })).toThrow(message);
  });

  it('defineModule refuses parameters not prefixed with the module id', () => {
    expect(() => defineModule({ id: 'lis', title: { 'zh-CN': '检验', en: 'Lab' }, parameters: [base] })).not.toThrow();
    expect(() => defineModule({ id: 'lis', title: { 'zh-CN': '检验', en: 'Lab' }, parameters: [{ ...base, key: 'ris.autoVerify' }] })).toThrow(/prefixed "lis\."/);
    expect(() => defineModule({ id: 'lis', title: { 'zh-CN': '检验', en: 'Lab' }, parameters: [{ ...base, default: 3 }] })).toThrow(/default/);
  });
});
