import { refreshSession } from './http.api.ts';
import { tokenStore } from '../session/tokens.ts';

/**
 * fetch with the session's bearer token and the same 401 handling as `api` (one refresh, one retry), for calls `api`
 * does not cover: binary responses (PDF, PNG), extra headers (If-Match), and callers that need the whole
 * OperationOutcome of a refusal rather than its text.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
  const headers = new Headers(init.headers);
  const tokens = tokenStore.get();
  if (tokens) headers.set('authorization', `Bearer ${tokens.accessToken}`);
  const res = await fetch(path, { ...init, headers });
  if (res.status === 401 && !retried && (await refreshSession())) return authorizedFetch(path, init, true);
  if (res.status === 401) tokenStore.set(null);
  return res;
}

/** The body of a response as JSON, or undefined when it has none or is not JSON. */
export async function jsonBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
