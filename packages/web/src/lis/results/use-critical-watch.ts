import { useCallback, useEffect, useRef, useState } from 'react';
import { newCriticals } from './bench-logic.ts';
import { resultsApi, type CriticalValueItem } from './results.api.ts';

export const CRITICAL_POLL_SECONDS = 20;

export interface CriticalWatch {
  /** Recent critical values, open and acknowledged (newest first). */
  items: CriticalValueItem[];
  open: CriticalValueItem[];
  /** Open ones raised since the page opened and not yet dismissed by the user. */
  fresh: CriticalValueItem[];
  dismissFresh(): void;
  reload(): void;
}

/**
 * 危急值 while a page is open: re-read every few seconds (when the browser tab is visible), a round only after the
 * previous one ended; values raised after the page opened are announced through `onNew` and kept in `fresh`.
 */
export function useCriticalWatch(enabled: boolean, onNew?: (items: CriticalValueItem[]) => void): CriticalWatch {
  const [items, setItems] = useState<CriticalValueItem[]>([]);
  const [fresh, setFresh] = useState<CriticalValueItem[]>([]);
  const [round, setRound] = useState(0);
  const seen = useRef<Set<string>>(undefined);
  const announce = useRef(onNew);
  announce.current = onNew;

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (!document.hidden) {
        const answer = await resultsApi.critical('all', 200).catch(() => undefined);
        if (!live) return;
        if (answer) {
          const open = answer.filter((c) => c.status === 'open');
          const added = newCriticals(seen.current, open);
          seen.current = new Set([...(seen.current ?? []), ...answer.map((c) => c.taskId)]);
          setItems(answer);
          if (added.length) {
            setFresh((f) => [...added, ...f]);
            announce.current?.(added);
          }
        }
      }
      if (live) timer = setTimeout(() => void poll(), CRITICAL_POLL_SECONDS * 1000);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [enabled, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const dismissFresh = useCallback(() => setFresh([]), []);
  const openIds = new Set(items.filter((c) => c.status === 'open').map((c) => c.taskId));
  return { items, open: items.filter((c) => c.status === 'open'), fresh: fresh.filter((c) => openIds.has(c.taskId)), dismissFresh, reload };
}
