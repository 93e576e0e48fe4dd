import { describe, expect, it } from 'vitest';
import { needsScroll, panelTarget, scrollSeconds, sortOverdue, splitMinutes, stageOf, statusCounts, withinTargetTone } from './tat-format.ts';

describe('TAT formatting', () => {
  it('splits minutes into hours and minutes', () => {
    expect(splitMinutes(45.4)).toEqual({ hours: 0, minutes: 45 });
    expect(splitMinutes(125)).toEqual({ hours: 2, minutes: 5 });
    expect(splitMinutes(null)).toBeNull();
    expect(splitMinutes(-3)).toEqual({ hours: 0, minutes: 0 });
  });

  it('finds a stage, empty when the row lacks it', () => {
    const stages = [{ stage: 'receipt-report' as const, count: 2, mean: 30, median: 28, p90: 40, p95: 41, max: 42, withinTarget: 1 }];
    expect(stageOf(stages, 'receipt-report').median).toBe(28);
    expect(stageOf(stages, 'order-report')).toEqual({ stage: 'order-report', count: 0, mean: null, median: null, p90: null, p95: null, max: null });
  });

  it('lists every status in lab order with zeros, then unknown ones', () => {
    const counts = statusCounts({ reviewed: 2, received: 1, registered: 2, 'on-hold': 1 });
    expect(counts.map((c) => `${c.status}:${c.count}`)).toEqual(['registered:2', 'collected:0', 'received:1', 'in-test:0', 'resulted:0', 'reviewed:2', 'printed:0', 'rejected:0', 'on-hold:1']);
  });

  it('puts the longest overdue first, stat before routine on ties', () => {
    const item = (barcode: string, overdueMinutes: number, priority: string | null) => ({ barcode, overdueMinutes, priority });
    expect(sortOverdue([item('3', 10, 'routine'), item('1', 50, null), item('2', 10, 'stat')]).map((i) => i.barcode)).toEqual(['1', '2', '3']);
  });

  it('scrolls long lists steadily and rates the share within target', () => {
    expect(scrollSeconds(4)).toBe(20);
    expect(scrollSeconds(40)).toBe(100);
    expect(needsScroll(12, 8)).toBe(true);
    expect(needsScroll(8, 8)).toBe(false);
    expect([0.95, 0.85, 0.5, null].map(withinTargetTone)).toEqual(['good', 'watch', 'bad', 'none']);
  });

  it('takes a panel’s own TAT target, else the routine default', () => {
    const panels = [{ code: 'CBC', tatTargetMinutes: 30 }, { code: 'LFT' }];
    expect(panelTarget('CBC', panels, 240)).toEqual({ minutes: 30, own: true });
    expect(panelTarget('LFT', panels, 240)).toEqual({ minutes: 240, own: false });
  });
});
