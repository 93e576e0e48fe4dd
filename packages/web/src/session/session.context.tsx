import { createContext, useContext } from 'react';
import type { Me } from '../api/auth.api.ts';
import type { ModuleMenu } from '../api/modules.api.ts';
import { holds } from './permissions.ts';

/** What the shell knows about the signed-in user; pages read permissions from here to hide what they may not use. */
export interface Session {
  me: Me;
  modules: ModuleMenu[];
  /** Reloads /auth/me and /api/modules (after an institution switch permissions may differ). */
  reload(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the shell');
  return s;
}

export const can = (session: Session, permission: string): boolean => holds(session.me.permissions, permission);
