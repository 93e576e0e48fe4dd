import { describe, expect, it } from 'vitest';
import type { KeyEventLike } from './combo.ts';
import { GLOBAL_SCOPE, ShortcutRegistry, type Shortcut } from './registry.ts';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, ...mods });

function recorder() {
  const calls: string[] = [];
  const make = (name: string, combo: string, description: Shortcut['description'] = 'shortcuts.table.refresh'): Shortcut => ({ combo, description, handler: () => calls.push(name) });
  return { calls, make };
}

describe('shortcut registry', () => {
  it('finds the shortcut of a key and runs the latest handlers', () => {
    const r = new ShortcutRegistry();
    let page = 1;
    r.register('table', () => [{ combo: 'ArrowRight', description: 'shortcuts.table.nextPage', handler: () => page++ }]);
    r.find(key('ArrowRight'), false)!.handler();
    r.find(key('ArrowRight'), false)!.handler();
    expect(page).toBe(3);
    expect(r.find(key('ArrowLeft'), false)).toBeUndefined();
  });

  it('lets the most recent registration win, and page scopes win over the global scope', () => {
    const r = new ShortcutRegistry();
    const { calls, make } = recorder();
    r.register('table', () => [make('first table', 'Alt+R')]);
    const second = r.register('table', () => [make('second table', 'Alt+R')]);
    r.register(GLOBAL_SCOPE, () => [make('global', 'Alt+R')]);
    r.find(key('r', { altKey: true, code: 'KeyR' }), false)!.handler();
    second();
    r.find(key('r', { altKey: true, code: 'KeyR' }), false)!.handler();
    expect(calls).toEqual(['second table', 'first table']);
  });

  it('leaves typing alone in fields: only function keys count there', () => {
    const r = new ShortcutRegistry();
    const { make } = recorder();
    r.register('table', () => [make('focus', '/'), make('focus', 'F3'), make('next', 'ArrowRight')]);
    expect(r.find(key('/'), true)).toBeUndefined();
    expect(r.find(key('ArrowRight'), true)).toBeUndefined();
    expect(r.find(key('F3'), true)?.combo).toBe('F3');
    expect(r.find(key('/'), false)?.combo).toBe('/');
  });

  it('unregisters and notifies listeners', () => {
    const r = new ShortcutRegistry();
    const { make } = recorder();
    let changes = 0;
    const stop = r.subscribe(() => changes++);
    const off = r.register('table', () => [make('x', 'F5')]);
    off();
    expect(r.find(key('F5'), false)).toBeUndefined();
    expect(changes).toBe(2);
    expect(r.version).toBe(2);
    stop();
    r.register('table', () => [make('x', 'F5')]);
    expect(changes).toBe(2);
  });

  it('groups shortcuts for the help dialog: global first, one row per description', () => {
    const r = new ShortcutRegistry();
    const noop = () => undefined;
    r.register('table', () => [
      { combo: 'ArrowLeft', description: 'shortcuts.table.previousPage', handler: noop },
      { combo: 'PageUp', description: 'shortcuts.table.previousPage', handler: noop },
      { combo: 'Alt+R', description: 'shortcuts.table.refresh', handler: noop },
    ]);
    r.register(GLOBAL_SCOPE, () => [
      { combo: 'F1', description: 'shortcuts.global.help', handler: noop },
      { combo: 'Alt+1', description: 'shortcuts.global.switchTab', handler: noop },
      { combo: 'Alt+2', description: 'shortcuts.global.switchTab', handler: noop },
    ]);
    r.register('empty', () => []);
    expect(r.groups()).toEqual([
      {
        scope: 'global',
        rows: [
          { description: 'shortcuts.global.help', combos: [['F1']] },
          { description: 'shortcuts.global.switchTab', combos: [['Alt', '1'], ['Alt', '2']] },
        ],
      },
      {
        scope: 'table',
        rows: [
          { description: 'shortcuts.table.previousPage', combos: [['←'], ['PageUp']] },
          { description: 'shortcuts.table.refresh', combos: [['Alt', 'R']] },
        ],
      },
    ]);
  });

  it('refuses a malformed combo when it is registered', () => {
    const r = new ShortcutRegistry();
    expect(() => r.register('table', () => [{ combo: 'Alt+Nope', description: 'shortcuts.table.refresh', handler: () => undefined }])).toThrow(/Unknown key/);
  });
});
