import { describe, expect, it } from 'vitest';
import { comboKeys, isFunctionKey, matchesCombo, parseCombo, type KeyEventLike } from './combo.ts';

const key = (k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike => ({ key: k, altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, ...mods });

describe('keyboard combos', () => {
  it('parses modifiers and key names, with aliases', () => {
    expect(parseCombo('Alt+R')).toEqual({ key: 'r', alt: true, ctrl: false, shift: false, meta: false });
    expect(parseCombo('ctrl+shift+PageDown')).toEqual({ key: 'PageDown', alt: false, ctrl: true, shift: true, meta: false });
    expect(parseCombo('←').key).toBe('ArrowLeft');
    expect(parseCombo('Right').key).toBe('ArrowRight');
    expect(parseCombo('f3').key).toBe('F3');
    expect(parseCombo('Alt+Plus').key).toBe('+');
  });

  it('refuses what it does not know, since combos are written by programmers', () => {
    expect(() => parseCombo('Hyper+X')).toThrow(/modifier/);
    expect(() => parseCombo('Alt+Banana')).toThrow(/Unknown key/);
    expect(() => parseCombo('Alt+')).toThrow(/Malformed/);
    expect(() => parseCombo('F13')).toThrow(/Unknown key/);
  });

  it('matches letters case-insensitively and requires the exact modifiers', () => {
    const altR = parseCombo('Alt+R');
    expect(matchesCombo(altR, key('r', { altKey: true, code: 'KeyR' }))).toBe(true);
    expect(matchesCombo(altR, key('R', { altKey: true, shiftKey: true, code: 'KeyR' }))).toBe(false);
    expect(matchesCombo(altR, key('r'))).toBe(false);
    expect(matchesCombo(altR, key('r', { altKey: true, ctrlKey: true, code: 'KeyR' }))).toBe(false);
  });

  it('uses the physical key when Alt changes the character (macOS Alt+R gives ®, Alt+1 gives ¡)', () => {
    expect(matchesCombo(parseCombo('Alt+R'), key('®', { altKey: true, code: 'KeyR' }))).toBe(true);
    expect(matchesCombo(parseCombo('Alt+1'), key('¡', { altKey: true, code: 'Digit1' }))).toBe(true);
    expect(matchesCombo(parseCombo('Alt+2'), key('¡', { altKey: true, code: 'Digit1' }))).toBe(false);
  });

  it('ignores Shift for symbols, whose Shift depends on the keyboard layout', () => {
    expect(matchesCombo(parseCombo('Shift+?'), key('?', { shiftKey: true }))).toBe(true);
    expect(matchesCombo(parseCombo('/'), key('/'))).toBe(true);
    expect(matchesCombo(parseCombo('/'), key('?', { shiftKey: true }))).toBe(false);
  });

  it('matches named keys', () => {
    expect(matchesCombo(parseCombo('ArrowLeft'), key('ArrowLeft'))).toBe(true);
    expect(matchesCombo(parseCombo('PageDown'), key('PageDown'))).toBe(true);
    expect(matchesCombo(parseCombo('PageDown'), key('PageDown', { shiftKey: true }))).toBe(false);
    expect(matchesCombo(parseCombo('F1'), key('F1'))).toBe(true);
  });

  it('knows function keys and shows combos as key caps', () => {
    expect(isFunctionKey(key('F12'))).toBe(true);
    expect(isFunctionKey(key('F'))).toBe(false);
    expect(isFunctionKey(key('ArrowLeft'))).toBe(false);
    expect(comboKeys('Alt+R')).toEqual(['Alt', 'R']);
    expect(comboKeys('Shift+?')).toEqual(['Shift', '?']);
    expect(comboKeys('ArrowLeft')).toEqual(['←']);
    expect(comboKeys('Ctrl+Alt+PageUp')).toEqual(['Ctrl', 'Alt', 'PageUp']);
  });
});
