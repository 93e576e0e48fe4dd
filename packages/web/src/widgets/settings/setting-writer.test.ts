import { describe, expect, it } from 'vitest';
import { DebouncedSettingWriter, sameJson, SETTING_KEY, type Scheduler } from './setting-writer.ts';
import { DENSITY_SETTING_KEY, PAGE_SIZE_SETTING_KEY } from './setting-keys.ts';

/** A scheduler the test advances by hand: no waiting, no timing in assertions. */
function manualScheduler() {
  let next = 1;
  const timers = new Map<number, () => void>();
  const scheduler: Scheduler = {
    set: (fn) => {
      const id = next++;
      timers.set(id, fn);
      return id;
    },
    clear: (id) => void timers.delete(id as number),
  };
  return { scheduler, pending: () => timers.size, fireAll: () => [...timers.entries()].forEach(([id, fn]) => (timers.delete(id), fn())) };
}

describe('debounced setting writer', () => {
  it('writes only the last value of a key changed several times', async () => {
    const writes: [string, unknown][] = [];
    const clock = manualScheduler();
    const w = new DebouncedSettingWriter(async (k, v) => void writes.push([k, v]), 400, undefined, clock.scheduler);
    w.schedule('table.a', { columns: [1] });
    w.schedule('table.a', { columns: [1, 2] });
    w.schedule('ui.density', 'small');
    expect(clock.pending()).toBe(2);
    clock.fireAll();
    await Promise.resolve();
    expect(writes).toEqual([
      ['table.a', { columns: [1, 2] }],
      ['ui.density', 'small'],
    ]);
    expect(w.size).toBe(0);
  });

  it('flushes pending writes at once and drains them for a keepalive send', async () => {
    const writes: string[] = [];
    const clock = manualScheduler();
    const w = new DebouncedSettingWriter(async (k) => void writes.push(k), 400, undefined, clock.scheduler);
    w.schedule('a', 1);
    await w.flush();
    expect(writes).toEqual(['a']);
    expect(clock.pending()).toBe(0);

    w.schedule('b', 2);
    w.schedule('c', undefined);
    expect(w.drain()).toEqual([
      ['b', 2],
      ['c', undefined],
    ]);
    expect(clock.pending()).toBe(0);
    await w.flush();
    expect(writes).toEqual(['a']);
  });

  it('reports a failed write with its key', async () => {
    const failures: string[] = [];
    const clock = manualScheduler();
    const w = new DebouncedSettingWriter(
      async () => {
        throw new Error('HTTP 500');
      },
      400,
      (key, err) => failures.push(`${key}: ${(err as Error).message}`),
      clock.scheduler,
    );
    w.schedule('ui.abnormal', {});
    await w.flush();
    expect(failures).toEqual(['ui.abnormal: HTTP 500']);
  });

  it('knows the server key rule and compares JSON by content', () => {
    expect(SETTING_KEY.test('table.admin.departments')).toBe(true);
    expect(SETTING_KEY.test('ui.abnormal')).toBe(true);
    expect(SETTING_KEY.test('Table.x')).toBe(false);
    expect(SETTING_KEY.test('.x')).toBe(false);
    expect(SETTING_KEY.test('a'.repeat(129))).toBe(false);
    // The shell's own keys must pass, or they would silently never be saved.
    for (const key of [DENSITY_SETTING_KEY, PAGE_SIZE_SETTING_KEY]) expect(SETTING_KEY.test(key), key).toBe(true);
    expect(sameJson({ a: [1] }, { a: [1] })).toBe(true);
    expect(sameJson({ a: [1] }, { a: [2] })).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
  });
});
