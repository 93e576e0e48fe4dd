import { tokenStore, tokensFromPair, type TokenPair } from '../session/tokens.ts';
import { api } from './http.api.ts';

/** GET /auth/me: the caller as the server sees it. */
export interface Me {
  kind: string;
  id: string;
  username?: string;
  displayName?: string;
  institution?: string;
  institutions?: string[];
  /** The user's FHIR profile (`Practitioner/<id>`), e.g. to recognise their own reviews. */
  profile?: string;
  roles?: string[];
  permissions: string[];
  regionAdmin?: boolean;
}

export async function login(username: string, password: string): Promise<void> {
  const pair = await api<TokenPair>('/auth/login', { method: 'POST', body: { username, password }, auth: false });
  tokenStore.set(tokensFromPair(pair));
}

export const fetchMe = (): Promise<Me> => api<Me>('/auth/me');

export async function switchInstitution(institution: string): Promise<void> {
  const pair = await api<TokenPair>('/auth/switch-institution', { method: 'POST', body: { institution } });
  tokenStore.set(tokensFromPair(pair));
}

/** Revokes the session server-side; the local tokens go whatever the server says. */
export async function logout(): Promise<void> {
  try {
    await api<void>('/auth/logout', { method: 'POST' });
  } finally {
    tokenStore.set(null);
  }
}
