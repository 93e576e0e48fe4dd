/** What the platform answered: status and parsed JSON body (an OperationOutcome for errors). */
export interface Answer {
  status: number;
  body: unknown;
}

/** A failure the connector records on the report: its text never contains a credential. */
export class PushError extends Error {}

const TIMEOUT_MS = 20_000;
const tokens = new Map<string, { token: string; until: number }>();

/**
 * The 互认 platform's upload interface (`/api/recognition/v1`) over HTTP with an OAuth2 client-credentials token
 * (`recognitionToken`), cached until shortly before it expires and fetched again once on a 401.
 */
export class RecognitionClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly clientId: string,
    private readonly secret: string,
  ) {
    this.base = `${baseUrl.replace(/\/+$/, '')}/api/recognition/v1`;
  }

  private get key(): string {
    return `${this.base}|${this.clientId}`;
  }

  private async token(): Promise<string> {
    const cached = tokens.get(this.key);
    if (cached && cached.until > Date.now()) return cached.token;
    const res = await this.send('POST', '/token', { grant_type: 'client_credentials', client_id: this.clientId, client_secret: this.secret }, undefined);
    const body = res.body as { access_token?: string; expires_in?: number };
    if (res.status !== 200 || !body.access_token) throw new PushError(`互认平台拒绝客户端 ${this.clientId} 的令牌申请（HTTP ${res.status}） / The platform refused a token for client ${this.clientId} (HTTP ${res.status})`);
    tokens.set(this.key, { token: body.access_token, until: Date.now() + Math.max(10, (body.expires_in ?? 300) - 60) * 1000 });
    return body.access_token;
  }

  /** POSTs JSON with the bearer token; a 401 (expired token) fetches a new one once. */
  async post(path: string, body: unknown): Promise<Answer> {
    let res = await this.send('POST', path, body, await this.token());
    if (res.status === 401) {
      tokens.delete(this.key);
      res = await this.send('POST', path, body, await this.token());
    }
    return res;
  }

  private async send(method: string, path: string, body: unknown, token: string | undefined): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      // Network errors name the address, never the request body (which may hold the secret).
      throw new PushError(`无法连接互认平台 ${this.base}：${(err as Error).name} / Cannot reach the recognition platform at ${this.base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = { text: text.slice(0, 200) };
    }
    return { status: res.status, body: parsed };
  }
}

/** The expressions and texts of an OperationOutcome answer. */
export function outcomeIssues(body: unknown): { expression: string; text: string }[] {
  const issues = (body as { issue?: { expression?: string[]; details?: { text?: string }; diagnostics?: string }[] } | undefined)?.issue ?? [];
  return issues.map((i) => ({ expression: i.expression?.[0] ?? '', text: i.details?.text ?? i.diagnostics ?? '' }));
}

export const describeAnswer = (what: string, a: Answer): string => `${what}: HTTP ${a.status} ${outcomeIssues(a.body).map((i) => `${i.expression} ${i.text}`.trim()).join('; ')}`.trim();
