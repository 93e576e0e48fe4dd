import { tokenStore, tokensFromPair, type TokenPair } from '../session/tokens.ts';

/** A failed platform call, with the text of the server's OperationOutcome. */
export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  /** The OperationOutcome the server answered with, when it did: forms map its issues' `expression` to fields. */
  readonly outcome?: { resourceType: 'OperationOutcome'; issue?: { severity?: string; code?: string; details?: { text?: string }; diagnostics?: string; expression?: string[] }[] };
  constructor(status: number, message: string, code?: string, body?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    if ((body as { resourceType?: string } | undefined)?.resourceType === 'OperationOutcome') this.outcome = body as ApiError['outcome'];
  }
}

interface OutcomeLike {
  issue?: { details?: { text?: string }; diagnostics?: string }[];
  error?: string;
  error_description?: string;
}

/** The human text of an OperationOutcome (or an OAuth2 error body). */
export function outcomeMessage(body: unknown, fallback: string): string {
  const o = (body ?? {}) as OutcomeLike;
  return o.issue?.[0]?.details?.text ?? o.issue?.[0]?.diagnostics ?? o.error_description ?? fallback;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

let refreshing: Promise<boolean> | null = null;

/** Exchanges the refresh token; one exchange at a time, because refresh tokens rotate and a second use is treated as theft. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = tokenStore.get();
    if (!current) return false;
    try {
      const res = await fetch('/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refresh_token: current.refreshToken }) });
      if (!res.ok) {
        tokenStore.set(null);
        return false;
      }
      tokenStore.set(tokensFromPair((await res.json()) as TokenPair));
      return true;
    } catch {
      // Network failure: keep the tokens, the next call retries.
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Send the bearer token and handle 401 (default true). */
  auth?: boolean;
  /** Extra request headers (e.g. `x-medunion-workstation`). */
  headers?: Record<string, string>;
  /** A file sent as the raw body with its content type, instead of a JSON `body` (e.g. an Excel sheet). */
  upload?: { data: Blob; type: string };
}

/** JSON call to the platform. On 401 it refreshes once and retries; if that fails the session ends (the shell then shows the login page). */
export async function api<T>(path: string, options: RequestOptions = {}, retried = false): Promise<T> {
  const { method = 'GET', body, query, auth = true, headers: extra, upload } = options;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const url = params.size ? `${path}?${params}` : path;
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (upload) headers['content-type'] = upload.type;
  const tokens = auth ? tokenStore.get() : null;
  if (tokens) headers.authorization = `Bearer ${tokens.accessToken}`;
  const res = await fetch(url, { method, headers, body: upload ? upload.data : body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && auth) {
    if (!retried && (await refreshSession())) return api<T>(path, options, true);
    tokenStore.set(null);
  }
  const data = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, outcomeMessage(data, `HTTP ${res.status}`), (data as OutcomeLike | undefined)?.error, data);
  return data as T;
}
