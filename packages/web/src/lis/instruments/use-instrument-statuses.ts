import { useCallback, useEffect, useRef, useState } from 'react';
import { instrumentsApi, type Instrument, type InstrumentStatus } from './instruments.api.ts';

export const STATUS_REFRESH_SECONDS = 5;

/**
 * The live status of each active instrument, re-read every few seconds while the page is open and the browser tab
 * visible (any platform process answers from the lease row its owner keeps current). A round starts only after the
 * previous one ended, so a slow server is never asked twice at once.
 */
export function useInstrumentStatuses(instruments: readonly Instrument[] | undefined, scope: { institution?: string }): { statuses: Map<string, InstrumentStatus>; refresh(): void } {
  const [statuses, setStatuses] = useState<Map<string, InstrumentStatus>>(new Map());
  const [round, setRound] = useState(0);
  const ids = (instruments ?? []).filter((i) => i.active).map((i) => i.id);
  const key = ids.join(',');
  const latest = useRef(ids);
  latest.current = ids;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (!document.hidden && latest.current.length) {
        const answers = await Promise.all(latest.current.map((id) => instrumentsApi.status(id, scope).catch(() => undefined)));
        if (!live) return;
        setStatuses(new Map(answers.filter((s): s is InstrumentStatus => !!s).map((s) => [s.instrument, s])));
      }
      if (live) timer = setTimeout(() => void poll(), STATUS_REFRESH_SECONDS * 1000);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, scope, round]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { statuses, refresh };
}
