import { createContext, lazy, Suspense, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { GLOBAL_SCOPE, ShortcutRegistry, type Shortcut } from './registry.ts';

// The help dialog is loaded the first time it opens, not with the shell.
const ShortcutsHelp = lazy(() => import('./shortcuts-help.tsx').then((m) => ({ default: m.ShortcutsHelp })));

interface ShortcutsApi {
  registry: ShortcutRegistry;
  openHelp(): void;
}

const ShortcutsContext = createContext<ShortcutsApi | null>(null);

/** Typing targets and open dialogs keep their keys: only function keys reach the shortcuts from there. */
function inTypingContext(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  return target.closest('[role="dialog"]') !== null;
}

/** One keydown listener for the whole shell; components declare their shortcuts with useShortcuts. */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new ShortcutRegistry());
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpLoaded, setHelpLoaded] = useState(false);
  if (helpOpen && !helpLoaded) setHelpLoaded(true);
  const api = useMemo<ShortcutsApi>(() => ({ registry, openHelp: () => setHelpOpen(true) }), [registry]);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const shortcut = registry.find(e, inTypingContext(e.target));
      if (!shortcut) return;
      e.preventDefault();
      shortcut.handler();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [registry]);

  useEffect(
    () =>
      registry.register(GLOBAL_SCOPE, () => [
        { combo: 'F1', description: 'shortcuts.global.help', handler: () => setHelpOpen((open) => !open) },
        { combo: 'Shift+?', description: 'shortcuts.global.help', handler: () => setHelpOpen(true) },
      ]),
    [registry],
  );

  return (
    <ShortcutsContext.Provider value={api}>
      {children}
      {helpLoaded && (
        <Suspense fallback={null}>
          <ShortcutsHelp registry={registry} open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
    </ShortcutsContext.Provider>
  );
}

/**
 * Registers shortcuts while the calling component is mounted. `scope` groups them in the help dialog ('global' for
 * the shell; a page or widget name otherwise, titled by the message 'shortcuts.scope.<scope>' when it exists).
 * Handlers may change on every render; the registration follows the latest ones. Outside the shell it does nothing.
 */
export function useShortcuts(scope: string, shortcuts: Shortcut[]): void {
  const ctx = useContext(ShortcutsContext);
  const latest = useRef(shortcuts);
  useLayoutEffect(() => {
    latest.current = shortcuts;
  });
  const signature = shortcuts.map((s) => `${s.combo} ${s.description}`).join('|');
  useEffect(() => {
    if (!ctx || !signature) return;
    return ctx.registry.register(scope, () => latest.current);
  }, [ctx, scope, signature]);
}

/** Opens the help dialog (for a menu entry or a button). */
export function useShortcutHelp(): () => void {
  const ctx = useContext(ShortcutsContext);
  return ctx?.openHelp ?? (() => undefined);
}
