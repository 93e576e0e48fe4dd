import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../../session/session.context.tsx';
import { fetchEffectiveParameters } from './parameters.api.ts';
import { renameWorkstation, workstationId } from './workstation.ts';

interface Parameters {
  values: Record<string, unknown>;
  loaded: boolean;
  workstation: string;
  /** Gives this browser another workstation id and reloads the values for it; false if the id is not acceptable. */
  renameWorkstation(id: string): boolean;
}

const ParametersContext = createContext<Parameters | null>(null);

/**
 * System parameters as they apply here: region, institution and 本机 (this workstation) values resolved by the
 * server from `GET /api/parameters`. Reloaded when the user switches institution. Mount inside the session.
 */
export function ParametersProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [workstation, setWorkstation] = useState(() => workstationId(localStorage));
  const [state, setState] = useState<{ values: Record<string, unknown>; loaded: boolean }>({ values: {}, loaded: false });

  useEffect(() => {
    let current = true;
    fetchEffectiveParameters(workstation)
      .then((p) => current && setState({ values: p.values ?? {}, loaded: true }))
      // Without parameters every widget uses its built-in fallback; the shell stays usable.
      .catch(() => current && setState((s) => ({ ...s, loaded: true })));
    return () => {
      current = false;
    };
  }, [workstation, me.institution]);

  const rename = useCallback((id: string) => {
    if (!renameWorkstation(localStorage, id)) return false;
    setWorkstation(workstationId(localStorage));
    return true;
  }, []);

  const api = useMemo<Parameters>(() => ({ ...state, workstation, renameWorkstation: rename }), [state, workstation, rename]);
  return <ParametersContext.Provider value={api}>{children}</ParametersContext.Provider>;
}

/** The effective value of a parameter, or `fallback` while loading, when unset, or outside the shell. */
export function useParameter<T>(key: string, fallback: T): T {
  const ctx = useContext(ParametersContext);
  const value = ctx?.values[key];
  return value === undefined || value === null ? fallback : (value as T);
}

/** This browser's workstation id and the rename function (for the settings drawer). */
export function useWorkstation(): { id: string; rename(id: string): boolean; loaded: boolean } {
  const ctx = useContext(ParametersContext);
  return { id: ctx?.workstation ?? workstationId(localStorage), rename: ctx?.renameWorkstation ?? (() => false), loaded: ctx?.loaded ?? true };
}
