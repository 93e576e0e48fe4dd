import { describe, expect, it } from 'vitest';
import { chinaDate, cvOf, expiryState, fixed, ruleRows, rulesOf, targetInput, textIn, zText } from './qc-text.ts';

describe('QC texts and numbers', () => {
  it('picks the UI language of a bilingual explanation', () => {
    const reason = { 'zh-CN': '失控：2-2s', en: 'out of control: 2-2s' };
    expect(textIn(reason, 'en')).toBe('out of control: 2-2s');
    expect(textIn(reason, 'zh-CN')).toBe('失控：2-2s');
    expect(textIn({ 'zh-CN': '在控', en: '' }, 'en')).toBe('在控');
    expect(textIn(null, 'en')).toBe('');
  });

  it('formats values, z-scores and CV; dates are the lab’s (China) days', () => {
    expect(fixed(5.3, 2)).toBe('5.30');
    expect(fixed(null)).toBe('–');
    expect(zText(2.6315)).toBe('+2.63');
    expect(zText(-0.759)).toBe('−0.76');
    expect(zText(0)).toBe('0.00');
    expect(cvOf(5.3, 0.133)).toBeCloseTo(2.509, 3);
    expect(cvOf(0, 1)).toBeNull();
    // The lab's day is China's: 22:25 UTC is already the next morning there.
    expect(chinaDate(new Date('2026-12-07T22:25:00Z'))).toBe('2026-12-08');
    expect(chinaDate(new Date('2026-12-07T15:59:59Z'))).toBe('2026-12-07');
  });

  it('colours a lot by its expiry', () => {
    expect(expiryState({ expiresOn: '2026-12-01', expired: false }, '2026-12-08')).toBe('expired');
    expect(expiryState({ expiresOn: '2027-12-01', expired: true }, '2026-12-08')).toBe('expired');
    expect(expiryState({ expiresOn: '2027-01-07', expired: false }, '2026-12-08')).toBe('soon');
    expect(expiryState({ expiresOn: '2027-01-08', expired: false }, '2026-12-08')).toBe('ok');
  });
});

describe('Westgard rule editor', () => {
  it('shows every known rule, ticking the ones the set uses with their severity and scopes', () => {
    const rows = ruleRows(['1-2s', '1-3s', { rule: '4-1s', severity: 'warning' }, { rule: '10x', scopes: ['across-runs-within-level'] }]);
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.enabled).map((r) => [r.rule, r.severity, r.scopes])).toEqual([
      ['1-2s', 'warning', undefined],
      ['1-3s', 'reject', undefined],
      ['4-1s', 'warning', undefined],
      ['10x', 'reject', ['across-runs-within-level']],
    ]);
    expect(rows.find((r) => r.rule === '2-2s')).toEqual({ rule: '2-2s', enabled: false, severity: 'reject' });
  });

  it('saves ticked rules, plain when they keep their defaults, and round-trips', () => {
    const rows = ruleRows(['1-2s', '1-3s', '2-2s']).map((r) => (r.rule === '2-2s' ? { ...r, severity: 'warning' as const } : r.rule === 'R-4s' ? { ...r, enabled: true } : r));
    expect(rulesOf(rows)).toEqual(['1-2s', '1-3s', { rule: '2-2s', severity: 'warning' }, 'R-4s']);
    const kept = [{ rule: '10x' as const, scopes: ['across-runs-within-level' as const] }, '1-3s' as const];
    expect(rulesOf(ruleRows(kept))).toEqual(['1-3s', { rule: '10x', severity: 'reject', scopes: ['across-runs-within-level'] }]);
  });
});

describe('target input', () => {
  const base = { testCode: 'GLU', instrumentId: 'bs240', levelId: 'l1' };
  it('sends a fixed target with the SD or the CV that was typed', () => {
    expect(targetInput(base, { source: 'fixed', mean: 5.3, spread: 'sd', sd: 0.133, cv: 9, reason: ' 新批号 ' })).toEqual({ ...base, source: 'fixed', mean: 5.3, sd: 0.133, reason: '新批号' });
    expect(targetInput(base, { source: 'fixed', mean: 5.3, spread: 'cv', sd: 1, cv: 2.5 })).toEqual({ ...base, source: 'fixed', mean: 5.3, cv: 2.5 });
  });
  it('sends a cumulative target as a period of results', () => {
    expect(targetInput(base, { source: 'cumulative', from: '2026-11-01', to: '2026-11-20', minResults: 20, mean: 1 })).toEqual({ ...base, source: 'cumulative', from: '2026-11-01', to: '2026-11-20', minResults: 20 });
  });
});
