import type { MessageKey } from '../../i18n/zh-CN.ts';
import { comboKeys, isFunctionKey, matchesCombo, parseCombo, type Combo, type KeyEventLike } from './combo.ts';

export interface Shortcut {
  /** e.g. 'Alt+R', 'PageDown', 'F1', 'Shift+?'. */
  combo: string;
  description: MessageKey;
  handler(): void;
}

/** Shortcuts of the shell itself; every other scope belongs to the page that is open. */
export const GLOBAL_SCOPE = 'global';

interface Registration {
  id: number;
  scope: string;
  /** Read at dispatch time, so handlers always see the component's latest state. */
  shortcuts: () => readonly Shortcut[];
  parsed: Map<string, Combo>;
}

/** One row of the help dialog: a description and every combo that does it (Alt+1 … Alt+9 share one row). */
export interface HelpRow {
  description: MessageKey;
  combos: string[][];
}

export interface HelpGroup {
  scope: string;
  rows: HelpRow[];
}

/**
 * The shortcuts currently registered by mounted components. When two registrations claim the same combo the most
 * recent one wins (a dialog opened over a page takes ←/→ from it); the global scope yields to every page scope.
 */
export class ShortcutRegistry {
  private registrations: Registration[] = [];
  private nextId = 1;
  private listeners = new Set<() => void>();
  /** Bumped on every change: a cheap snapshot for React's useSyncExternalStore. */
  version = 0;

  register(scope: string, shortcuts: () => readonly Shortcut[]): () => void {
    const parsed = new Map(shortcuts().map((s) => [s.combo, parseCombo(s.combo)]));
    const registration: Registration = { id: this.nextId++, scope, shortcuts, parsed };
    this.registrations.push(registration);
    this.changed();
    return () => {
      this.registrations = this.registrations.filter((r) => r !== registration);
      this.changed();
    };
  }

  /**
   * The shortcut a key event triggers, or undefined. In an editable field only function keys count, so typing
   * '/' or an arrow in a filter box stays typing.
   */
  find(e: KeyEventLike, inEditableField: boolean): Shortcut | undefined {
    if (inEditableField && !isFunctionKey(e)) return undefined;
    const ordered = [...this.registrations].sort((a, b) => Number(a.scope === GLOBAL_SCOPE) - Number(b.scope === GLOBAL_SCOPE) || b.id - a.id);
    for (const r of ordered) {
      for (const s of r.shortcuts()) {
        const combo = r.parsed.get(s.combo) ?? parseCombo(s.combo);
        if (matchesCombo(combo, e)) return s;
      }
    }
    return undefined;
  }

  /** Registered shortcuts for the help dialog: global first, then page scopes in registration order; same descriptions merged. */
  groups(): HelpGroup[] {
    const byScope = new Map<string, HelpRow[]>();
    const scopes = [...new Set(this.registrations.map((r) => r.scope))].sort((a, b) => Number(b === GLOBAL_SCOPE) - Number(a === GLOBAL_SCOPE));
    for (const scope of scopes) byScope.set(scope, []);
    for (const r of this.registrations) {
      const rows = byScope.get(r.scope)!;
      for (const s of r.shortcuts()) {
        const keys = comboKeys(s.combo);
        const row = rows.find((x) => x.description === s.description);
        if (!row) rows.push({ description: s.description, combos: [keys] });
        else if (!row.combos.some((c) => c.join('+') === keys.join('+'))) row.combos.push(keys);
      }
    }
    return scopes.map((scope) => ({ scope, rows: byScope.get(scope)! })).filter((g) => g.rows.length);
  }

  /** Called after every registration change (the help dialog re-reads the groups). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }
}
