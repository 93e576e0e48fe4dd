/** Tokens of the signed-in user. Kept in localStorage so a reload or a second browser tab stays signed in. */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

const STORAGE_KEY = 'medunion.tokens';
type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();

export function tokensFromPair(pair: TokenPair, now = Date.now()): Tokens {
  return { accessToken: pair.access_token, refreshToken: pair.refresh_token, expiresAt: now + pair.expires_in * 1000 };
}

/**
 * When to refresh: a minute before expiry, or at 80 % of the remaining lifetime for tokens under five minutes,
 * so a request never goes out with a token about to lapse.
 */
export function refreshDelay(expiresAt: number, now = Date.now()): number {
  const remaining = expiresAt - now;
  return Math.max(0, remaining > 300_000 ? remaining - 60_000 : remaining * 0.8);
}

export const tokenStore = {
  get(): Tokens | null {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(tokens: Tokens | null): void {
    if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens));
    else localStorage.removeItem(STORAGE_KEY);
    for (const l of listeners) l(tokens);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
