import { GLOBAL_SCOPE, type Shortcut } from './registry.ts';
import { useShortcuts } from './shortcuts.context.tsx';

interface GlobalShortcutsProps {
  /** Keys of the open tabs (多页签), in order. */
  tabs: string[];
  onSelectTab(key: string): void;
  onCloseTab(): void;
  onHome(): void;
  onSettings(): void;
}

/** The shell's own shortcuts: Alt+1…9 tabs, Alt+W close the tab, Alt+H home, Alt+S 界面设置. */
export function GlobalShortcuts({ tabs, onSelectTab, onCloseTab, onHome, onSettings }: GlobalShortcutsProps) {
  const shortcuts: Shortcut[] = Array.from({ length: 9 }, (_, i) => ({
    combo: `Alt+${i + 1}`,
    description: 'shortcuts.global.switchTab' as const,
    handler: () => tabs[i] !== undefined && onSelectTab(tabs[i]),
  }));
  shortcuts.push(
    { combo: 'Alt+W', description: 'shortcuts.global.closeTab', handler: onCloseTab },
    { combo: 'Alt+H', description: 'shortcuts.global.home', handler: onHome },
    { combo: 'Alt+S', description: 'shortcuts.global.settings', handler: onSettings },
  );
  useShortcuts(GLOBAL_SCOPE, shortcuts);
  return null;
}
