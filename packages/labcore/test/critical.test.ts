import { describe, expect, it } from 'vitest';
import { ageAt, evaluateCritical, judgeCritical, type CriticalLimit } from '../src/index.ts';

const GLUCOSE: CriticalLimit[] = [
  { low: 2.8, high: 25, note: { 'zh-CN': '立即电话通知临床', en: 'telephone the ward at once' } },
  { ageTo: { value: 29, unit: 'day' }, low: 2.2, high: 20 },
];

describe('critical values', () => {
  it('numeric limits are inclusive unless said otherwise', () => {
    expect(judgeCritical('2.8', { low: 2.8 }).critical).toBe(true);
    expect(judgeCritical('2.8', { low: 2.8, bounds: 'exclusive' }).critical).toBe(false);
    expect(judgeCritical('2.7', { low: 2.8, bounds: 'exclusive' })).toMatchObject({ critical: true, direction: 'low' });
    expect(judgeCritical(25.1, { high: 25 })).toMatchObject({ critical: true, direction: 'high' });
    expect(judgeCritical('6.0', { low: 2.8, high: 25 })).toMatchObject({ critical: false, direction: null });
    expect(judgeCritical('6.0', { low: 2.8, high: 25 }).reason.en).toBe('6.0 is within the critical limits (2.8, 25)');
  });

  it('chooses the variant for the patient (neonates differ)', () => {
    const neonate = { age: ageAt('2024-05-01', '2024-05-03') };
    const adult = { age: ageAt('1970-01-01', '2024-05-03') };
    expect(evaluateCritical('2.5', GLUCOSE, neonate).critical).toBe(false);
    const c = evaluateCritical('2.5', GLUCOSE, adult);
    expect(c).toMatchObject({ critical: true, direction: 'low', limit: GLUCOSE[0] });
    expect(c.reason['zh-CN']).toBe('采用第 1 条危急值界限（通用）：2.5 ≤ 危急值下限 2.8（立即电话通知临床）');
    expect(evaluateCritical('21', GLUCOSE, neonate).critical).toBe(true);
    expect(evaluateCritical('21', [], adult)).toMatchObject({ critical: false, reason: { en: 'no critical limit is set' } });
  });

  it('a reported bound beyond the limit is critical', () => {
    const j = judgeCritical('>33.3', { high: 25 });
    expect(j.critical).toBe(true);
    expect(j.reason.en).toBe('>33.3 ≥ the critical high limit 25 (the instrument reported the bound >33.3; judged by the bound)');
  });

  it('qualitative critical values match by meaning, never on a negative result', () => {
    const bloodCulture: CriticalLimit = { texts: ['阳性'] };
    expect(judgeCritical('阳性', bloodCulture)).toMatchObject({ critical: true, direction: 'text' });
    expect(judgeCritical('检出金黄色葡萄球菌', bloodCulture).critical).toBe(true);
    expect(judgeCritical('未检出细菌', bloodCulture).critical).toBe(false);
    expect(judgeCritical('阴性', bloodCulture).reason['zh-CN']).toBe('结果“阴性”不属危急值');
    const malaria: CriticalLimit = { textIncludes: ['疟原虫'] };
    expect(judgeCritical('查见间日疟原虫', malaria).critical).toBe(true);
    expect(judgeCritical('未查见疟原虫', malaria).critical).toBe(false);
    expect(judgeCritical('', bloodCulture).critical).toBe(false);
  });
});
