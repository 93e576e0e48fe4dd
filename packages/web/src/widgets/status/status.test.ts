import { describe, expect, it } from 'vitest';
import { colourOf, DEFAULT_ABNORMAL_COLOURS, effectiveAbnormalColours, overrideFrom } from './abnormal-colours.ts';
import { abnormalityOf, arrowOf, isCritical } from './interpretation.ts';
import { FHIR_STATUS_PALETTE, statusColour } from './status-palette.ts';

describe('result interpretation', () => {
  it('maps FHIR v3 ObservationInterpretation codes', () => {
    expect(['H', 'L', 'A', 'N', 'HH', 'LL', 'AA', 'HU', 'LU', '<', '>', 'POS'].map(abnormalityOf)).toEqual([
      'high',
      'low',
      'abnormal',
      'normal',
      'critical-high',
      'critical-low',
      'critical',
      'critical-high',
      'critical-low',
      'low',
      'high',
      'abnormal',
    ]);
    expect(abnormalityOf(undefined)).toBe('normal');
    expect(abnormalityOf(' h ')).toBe('high');
    expect(abnormalityOf('S')).toBe('normal');
  });

  it('shows one arrow for abnormal, two for critical', () => {
    expect(arrowOf('high')).toBe('↑');
    expect(arrowOf('low')).toBe('↓');
    expect(arrowOf('critical-high')).toBe('↑↑');
    expect(arrowOf('critical-low')).toBe('↓↓');
    expect(arrowOf('critical')).toBe('*');
    expect(arrowOf('normal')).toBe('');
    expect(isCritical('critical-low')).toBe(true);
    expect(isCritical('high')).toBe(false);
  });
});

describe('abnormal colours', () => {
  const institution = { highColor: '#ff0000', lowColor: '#0000ff', criticalColor: '#800080', criticalFlash: false };

  it('take the user override over the institution parameters over the defaults, field by field', () => {
    expect(effectiveAbnormalColours({}, undefined)).toEqual(DEFAULT_ABNORMAL_COLOURS);
    expect(effectiveAbnormalColours(institution, { lowColor: '#00ffff' })).toEqual({ ...institution, lowColor: '#00ffff' });
    expect(effectiveAbnormalColours(institution, { criticalFlash: true }).criticalFlash).toBe(true);
  });

  it('ignore malformed values rather than painting in an invalid colour', () => {
    const c = effectiveAbnormalColours({ highColor: 'red', criticalFlash: 'yes' }, { lowColor: '#12345', criticalColor: 42 });
    expect(c).toEqual(DEFAULT_ABNORMAL_COLOURS);
    expect(effectiveAbnormalColours(institution, 'not an object')).toEqual(institution);
  });

  it('colour each abnormality; normal results keep the text colour', () => {
    expect(colourOf('high', institution)).toBe('#ff0000');
    expect(colourOf('abnormal', institution)).toBe('#ff0000');
    expect(colourOf('low', institution)).toBe('#0000ff');
    expect(colourOf('critical-low', institution)).toBe('#800080');
    expect(colourOf('normal', institution)).toBeUndefined();
  });

  it('store only what differs from the institution, so later institution changes still reach the user', () => {
    expect(overrideFrom({ ...institution, lowColor: '#00ffff' }, institution)).toEqual({ lowColor: '#00ffff' });
    expect(overrideFrom(institution, institution)).toEqual({});
  });
});

describe('status palette', () => {
  it('colours known statuses and falls back to neutral', () => {
    expect(statusColour('active', FHIR_STATUS_PALETTE)).toBe('green');
    expect(statusColour('CANCELLED', FHIR_STATUS_PALETTE)).toBe('red');
    expect(statusColour('whatever', FHIR_STATUS_PALETTE)).toBe('default');
    expect(statusColour('待审核', { 待审核: '#faad14' })).toBe('#faad14');
  });
});
