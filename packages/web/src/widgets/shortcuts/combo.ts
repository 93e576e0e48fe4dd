/**
 * Keyboard combos such as 'Alt+R', 'Shift+?', 'PageDown', 'F1': parsing, matching against key events, and display.
 * Pure so it is tested without a DOM.
 */

export interface Combo {
  /** Normalised key: lower-case letter or digit, a named key ('ArrowLeft', 'PageUp', 'F1', 'Escape'), or a symbol ('/', '?'). */
  key: string;
  alt: boolean;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
}

/** The fields of a KeyboardEvent the matcher needs. */
export interface KeyEventLike {
  key: string;
  code?: string;
  altKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

const ALIASES: Record<string, string> = {
  '←': 'ArrowLeft',
  left: 'ArrowLeft',
  arrowleft: 'ArrowLeft',
  '→': 'ArrowRight',
  right: 'ArrowRight',
  arrowright: 'ArrowRight',
  '↑': 'ArrowUp',
  up: 'ArrowUp',
  arrowup: 'ArrowUp',
  '↓': 'ArrowDown',
  down: 'ArrowDown',
  arrowdown: 'ArrowDown',
  pageup: 'PageUp',
  pgup: 'PageUp',
  pagedown: 'PageDown',
  pgdn: 'PageDown',
  esc: 'Escape',
  escape: 'Escape',
  enter: 'Enter',
  home: 'Home',
  end: 'End',
  space: ' ',
};

const MODIFIERS = new Set(['alt', 'ctrl', 'control', 'shift', 'meta', 'cmd']);

function normaliseKey(raw: string): string {
  const lower = raw.toLowerCase();
  if (ALIASES[lower]) return ALIASES[lower];
  if (raw.length === 1) return lower;
  if (/^f([1-9]|1[0-2])$/.test(lower)) return lower.toUpperCase();
  throw new Error(`Unknown key "${raw}" in shortcut`);
}

/** Parses 'Alt+Shift+P'; '+' itself is written 'Plus'. Throws on an unknown key (a programming error, not user input). */
export function parseCombo(text: string): Combo {
  const parts = text.split('+').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new Error(`Malformed shortcut "${text}"`);
  const combo: Combo = { key: '', alt: false, ctrl: false, shift: false, meta: false };
  for (const [i, part] of parts.entries()) {
    const lower = part.toLowerCase();
    if (i < parts.length - 1) {
      if (!MODIFIERS.has(lower)) throw new Error(`Unknown modifier "${part}" in shortcut "${text}"`);
      if (lower === 'alt') combo.alt = true;
      else if (lower === 'ctrl' || lower === 'control') combo.ctrl = true;
      else if (lower === 'shift') combo.shift = true;
      else combo.meta = true;
    } else {
      combo.key = lower === 'plus' ? '+' : normaliseKey(part);
    }
  }
  return combo;
}

const isLetterOrDigit = (key: string) => /^[a-z0-9]$/.test(key);

/** Keys that produce a character (other than letters and digits): their shift state is part of the character itself. */
const isSymbol = (key: string) => key.length === 1 && !isLetterOrDigit(key);

/** The key an event stands for. With Alt held, macOS and some layouts change `key` ('®' for Alt+R): use the physical `code`. */
function eventKey(e: KeyEventLike): string {
  const code = e.code ?? '';
  if ((e.altKey || e.ctrlKey || e.metaKey) && /^Key[A-Z]$/.test(code)) return code.slice(3).toLowerCase();
  if ((e.altKey || e.ctrlKey || e.metaKey) && /^Digit[0-9]$/.test(code)) return code.slice(5);
  if (e.key.length === 1) return e.key.toLowerCase();
  return e.key;
}

/** Whether a key event is this combo. Symbols ('?', '/') ignore Shift, because which of them needs Shift depends on the layout. */
export function matchesCombo(combo: Combo, e: KeyEventLike): boolean {
  if (eventKey(e) !== combo.key) return false;
  if (e.altKey !== combo.alt || e.ctrlKey !== combo.ctrl || e.metaKey !== combo.meta) return false;
  return isSymbol(combo.key) || e.shiftKey === combo.shift;
}

/** Function keys work even while the user types in a field; everything else is left to the field. */
export const isFunctionKey = (e: KeyEventLike): boolean => /^F([1-9]|1[0-2])$/.test(e.key);

const KEY_LABELS: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', ' ': 'Space', Escape: 'Esc' };

/** The keys to show in the help dialog, e.g. ['Alt', 'R'] or ['Shift', '?']. */
export function comboKeys(text: string): string[] {
  const c = parseCombo(text);
  const keys: string[] = [];
  if (c.ctrl) keys.push('Ctrl');
  if (c.alt) keys.push('Alt');
  if (c.shift) keys.push('Shift');
  if (c.meta) keys.push('Meta');
  keys.push(KEY_LABELS[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key));
  return keys;
}
