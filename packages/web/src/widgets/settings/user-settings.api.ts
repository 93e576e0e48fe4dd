import { api } from '../../api/http.api.ts';
import { tokenStore } from '../../session/tokens.ts';

const path = (key: string) => `/api/me/settings/${encodeURIComponent(key)}`;

/** All of the caller's interface settings, `{ key: value }`. */
export const fetchUserSettings = (): Promise<Record<string, unknown>> => api<Record<string, unknown>>('/api/me/settings');

/** Saves one setting; `undefined` removes it (the widget falls back to its default). */
export async function saveUserSetting(key: string, value: unknown): Promise<void> {
  if (value === undefined) await api<void>(path(key), { method: 'DELETE' });
  else await api<void>(path(key), { method: 'PUT', body: value });
}

/**
 * Sends the last unsaved changes while the page unloads: `keepalive` lets the request outlive the page, which an
 * ordinary fetch does not. No refresh on 401 here; the change is lost only if the session has also just expired.
 */
export function saveUserSettingsOnUnload(changes: [string, unknown][]): void {
  const tokens = tokenStore.get();
  if (!tokens) return;
  for (const [key, value] of changes) {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.accessToken}` };
    if (value !== undefined) headers['content-type'] = 'application/json';
    void fetch(path(key), { method: value === undefined ? 'DELETE' : 'PUT', headers, body: value === undefined ? undefined : JSON.stringify(value), keepalive: true }).catch(() => undefined);
  }
}
