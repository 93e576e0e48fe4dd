/** The benchmark process's own few HTTP calls (set-up through the APIs): JSON in and out, failures thrown. */

export async function call<T = unknown>(url: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 800)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function login(url: string, username: string, password: string): Promise<string> {
  return (await call<{ access_token: string }>(url, 'POST', '/auth/login', undefined, { username, password })).access_token;
}
