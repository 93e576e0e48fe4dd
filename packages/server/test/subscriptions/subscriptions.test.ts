import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Observation, Subscription } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../platform.ts';

/** The part of the `ws` client (a dependency of @fastify/websocket; it ships no types) these tests use. */
interface WsClient {
  on(event: 'open', listener: () => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  send(data: string): void;
  close(): void;
}
const WebSocket = createRequire(import.meta.url)('ws') as new (url: string) => WsClient;

const factories = await testDbFactories();
const SUBSCRIBER = 'fhir-subscriptions';
const LOINC = 'http://loinc.org';

interface Received {
  path: string;
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A local rest-hook endpoint recording every request. `/fail-<n>/…` answers 500 to the first n requests on that path, `/down/…` always. */
async function startReceiver(): Promise<{ url: string; received: Received[]; on(path: string): Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const earlier = received.filter((r) => r.path === path).length;
      const failFirst = /^\/fail-(\d+)\//.exec(path);
      const status = path.startsWith('/down/') || (failFirst && earlier < Number(failFirst[1])) ? 500 : 200;
      received.push({ path, method: req.method ?? '', headers: req.headers, body, answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A websocket client that queues incoming text frames. */
class WsProbe {
  readonly messages: string[] = [];
  closed?: { code: number; reason: string };
  private readonly socket: WsClient;
  readonly opened: Promise<void>;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => this.messages.push(data.toString('utf8')));
    this.socket.on('close', (code, reason) => (this.closed = { code, reason: reason.toString('utf8') }));
    this.opened = new Promise((resolve, reject) => {
      this.socket.on('open', resolve);
      this.socket.on('error', reject);
    });
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** Waits for (and consumes) the next message matching `pattern`. */
  async next(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return waitFor(
      `a websocket message matching ${pattern} (got ${JSON.stringify(this.messages)})`,
      () => {
        const i = this.messages.findIndex((m) => pattern.test(m));
        return i >= 0 ? this.messages.splice(i, 1)[0] : undefined;
      },
      timeoutMs,
    );
  }

  close(): void {
    this.socket.close();
  }
}

describe.each(factories)('FHIR subscriptions on $name', (factory) => {
  let t: TestPlatform;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let admin: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestPlatform(factory), startReceiver()]);
    admin = await t.login('admin');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const subscribe = async (token: string, code: string, channel: Subscription['channel']): Promise<Subscription> => {
    const res = await t.request('POST', '/fhir/R4/Subscription', {
      token,
      body: { resourceType: 'Subscription', status: 'requested', reason: `test ${code}`, criteria: `Observation?code=${LOINC}|${code}`, channel },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Subscription;
  };
  const restHook = (path: string): Subscription['channel'] => ({ type: 'rest-hook', endpoint: `${receiver.url}${path}`, payload: 'application/fhir+json', header: ['Authorization: Bearer xyz'] });
  const observe = async (token: string, code: string): Promise<Observation> => {
    const res = await t.request('POST', '/fhir/R4/Observation', {
      token,
      body: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: LOINC, code }] }, valueQuantity: { value: 132, unit: 'g/L' } },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as Observation;
  };
  /** Every event so far has been handled by the subscription dispatcher (delivered, or parked as a retry/dead letter). */
  const settled = async () => {
    await waitFor('the subscription dispatcher to catch up', async () => {
      const { rows } = await t.platform.kernel.db.query<{ behind: boolean }>(
        `select c.last_id < (select coalesce(max(id), 0) from event_outbox) as behind from event_cursor c where c.subscriber = $1`,
        [SUBSCRIBER],
      );
      return rows.length === 1 && !rows[0].behind;
    });
  };
  const deliveredIds = (path: string) => receiver.on(path).map((r) => (JSON.parse(r.body) as Observation).id);

  it('posts matching resources to a rest-hook with the configured headers, and nothing else', async () => {
    const sub = await subscribe(admin, '718-7', restHook('/hook/basic'));
    expect(sub.status).toBe('requested');
    const other = await observe(admin, '2345-7');
    const match = await observe(admin, '718-7');
    await waitFor('the rest-hook delivery', () => receiver.on('/hook/basic').length > 0);
    await settled();

    const [delivery, ...more] = receiver.on('/hook/basic');
    expect(more).toEqual([]);
    expect(delivery.method).toBe('POST');
    expect(delivery.headers.authorization).toBe('Bearer xyz');
    expect(delivery.headers['content-type']).toBe('application/fhir+json');
    const body = JSON.parse(delivery.body) as Observation;
    expect(body).toMatchObject({ resourceType: 'Observation', id: match.id, code: { coding: [{ system: LOINC, code: '718-7' }] } });
    expect(body.id).not.toBe(other.id);
    expect(await t.platform.kernel.bus.pendingCount(SUBSCRIBER)).toBe(0);

    // An update that still matches is delivered again; one that stops matching is not.
    const updated = await t.request('PUT', `/fhir/R4/Observation/${match.id}`, { token: admin, body: { ...match, valueQuantity: { value: 128, unit: 'g/L' } } });
    expect(updated.status).toBe(200);
    await waitFor('the delivery of the update', () => receiver.on('/hook/basic').length === 2);
    const moved = await t.request('PUT', `/fhir/R4/Observation/${match.id}`, { token: admin, body: { ...match, code: { coding: [{ system: LOINC, code: '2345-7' }] } } });
    expect(moved.status).toBe(200);
    await settled();
    expect(receiver.on('/hook/basic')).toHaveLength(2);
  });

  it('retries a rest-hook that fails before it answers 200', async () => {
    await subscribe(admin, '4548-4', restHook('/fail-2/hook'));
    const match = await observe(admin, '4548-4');
    // Default bus back-off: 400 ms, then 800 ms, plus up to a poll interval each.
    await waitFor('the third delivery attempt', () => receiver.on('/fail-2/hook').length >= 3, 20_000);
    expect(receiver.on('/fail-2/hook').map((r) => r.answered)).toEqual([500, 500, 200]);
    expect(deliveredIds('/fail-2/hook')).toEqual([match.id, match.id, match.id]);
    await waitFor('the retry to be acknowledged', async () => (await t.platform.kernel.bus.pendingCount(SUBSCRIBER)) === 0);
    const { rows } = await t.platform.kernel.db.query('select 1 from event_retry where subscriber = $1', [SUBSCRIBER]);
    expect(rows).toHaveLength(0);
    expect(receiver.on('/fail-2/hook')).toHaveLength(3);
  });

  it('only fires an institution’s subscription for that institution’s data', async () => {
    const leadDoctor = await t.login('lead.doctor');
    const hexiDoctor = await t.login('hexi.doctor');
    const sub = await subscribe(leadDoctor, '6690-2', restHook('/hook/lead'));
    expect(JSON.stringify(sub.meta)).toContain('Organization/lead-hospital');
    const foreign = await observe(hexiDoctor, '6690-2');
    const regionWide = await observe(admin, '6690-2');
    const own = await observe(leadDoctor, '6690-2');
    await waitFor('the delivery to the lead hospital', () => receiver.on('/hook/lead').length > 0);
    await settled();
    expect(deliveredIds('/hook/lead')).toEqual([own.id]);
    expect(own.id).not.toBe(foreign.id);
    expect(own.id).not.toBe(regionWide.id);
  });

  it('never discloses to a subscription what its author may not read (VIP patient hidden from the registrar)', async () => {
    const registrar = await t.login('lead.registrar');
    const res = await t.request('POST', '/fhir/R4/Subscription', {
      token: registrar,
      body: { resourceType: 'Subscription', status: 'requested', reason: 'registrar patients', criteria: 'Patient?gender=male', channel: restHook('/hook/registrar') },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const leadAdmin = await t.login('lead.admin');
    const patient = (body: object) => t.request('POST', '/fhir/R4/Patient', { token: leadAdmin, body: { resourceType: 'Patient', gender: 'male', ...body } });
    const vip = (await (await patient({ name: [{ text: '贵宾甲' }], meta: { security: [{ system: 'https://medunion.org/fhir/CodeSystem/patient-category', code: 'VIP' }] } })).json()) as { id: string };
    const ordinary = (await (await patient({ name: [{ text: '普通乙' }] })).json()) as { id: string };
    await waitFor('the delivery of the ordinary patient', () => receiver.on('/hook/registrar').length > 0);
    await settled();
    const delivered = receiver.on('/hook/registrar').map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(delivered).toEqual([ordinary.id]);
    expect(delivered).not.toContain(vip.id);
  });

  it('pings bound websockets for matching resources', async () => {
    const sub = await subscribe(admin, '789-8', { type: 'websocket' });
    const ws = new WsProbe(`${t.url.replace(/^http/, 'ws')}/ws?access_token=${encodeURIComponent(admin)}`);
    try {
      await ws.opened;
      // Sent at once: the server must not drop what arrives while it still verifies the token.
      ws.send(`bind ${sub.id}`);
      expect(await ws.next(/^bound /)).toBe(`bound ${sub.id}`);

      await observe(admin, '2345-7');
      await observe(admin, '789-8');
      expect(await ws.next(/^ping /)).toBe(`ping ${sub.id}`);
      await settled();
      expect(ws.messages).toEqual([]);

      ws.send('bind does-not-exist');
      expect(await ws.next(/^error /)).toMatch(/^error .*does-not-exist/);
      ws.send('subscribe please');
      expect(await ws.next(/^error /)).toBe('error expected "bind <subscription-id>"');
      const restHookSub = await subscribe(admin, '1234-5', restHook('/hook/unused'));
      ws.send(`bind ${restHookSub.id}`);
      expect(await ws.next(/^error /)).toBe(`error Subscription/${restHookSub.id} is not a websocket subscription`);
    } finally {
      ws.close();
    }
  });

  it('refuses websockets without a valid token', async () => {
    for (const query of ['', '?access_token=not-a-token']) {
      const ws = new WsProbe(`${t.url.replace(/^http/, 'ws')}/ws${query}`);
      await ws.opened;
      expect(await ws.next(/^error /)).toBe('error unauthorized');
      const closed = await waitFor('the server to close the socket', () => ws.closed);
      expect(closed.code).toBe(4401);
    }
  });

  it('sees subscriptions created while another process dispatched', async () => {
    // A second process on the same database. Each bus round is claimed by one process (lease), so
    // a Subscription event may be handled by one process and the next Observation by the other.
    const other = await startTestPlatform({ name: factory.name, open: async () => ({ ...t.platform.kernel.db, close: async () => undefined }) });
    const busA = t.platform.kernel.bus;
    const busB = other.platform.kernel.bus;
    try {
      await busA.stop();
      await observe(admin, '2345-7'); // B handles it and loads the subscriptions it knows
      await settled();
      await busB.stop();
      busA.start();
      await subscribe(admin, '2160-0', restHook('/hook/cluster')); // A handles the Subscription event
      await settled();
      await busA.stop();
      busB.start();
      const match = await observe(admin, '2160-0'); // B handles it: it must know the new subscription
      await settled();
      expect(deliveredIds('/hook/cluster')).toEqual([match.id]);
    } finally {
      busA.start();
      await other.close();
    }
  });

  it('dead-letters an event whose rest-hook keeps failing, without blocking later events', async () => {
    await subscribe(admin, '2093-3', restHook('/down/hook'));
    const poison = await observe(admin, '2093-3');
    await waitFor('the first failed attempt', () => receiver.on('/down/hook').length >= 1);
    // Later events are delivered while the failing one waits for its retries.
    const later = await observe(admin, '718-7');
    await waitFor('delivery of a later event', () => deliveredIds('/hook/basic').includes(later.id));

    // Default bus settings: 5 attempts, back-off 400 + 800 + 1600 + 3200 ms.
    const dead = await waitFor(
      'the dead letter',
      async () => {
        const res = await t.request('GET', `/api/admin/events/dead-letters?subscriber=${SUBSCRIBER}`, { token: admin });
        expect(res.status).toBe(200);
        const letters = (await res.json()) as { subscriber: string; eventId: number; attempts: number; lastError: string; payload: Observation }[];
        return letters.find((l) => l.payload?.id === poison.id);
      },
      30_000,
    );
    expect(dead).toMatchObject({ subscriber: SUBSCRIBER, attempts: 5 });
    expect(dead.lastError).toMatch(/answered 500/);
    expect(receiver.on('/down/hook')).toHaveLength(5);
    const { rows } = await t.platform.kernel.db.query('select 1 from event_retry where subscriber = $1 and event_id = $2', [SUBSCRIBER, dead.eventId]);
    expect(rows).toHaveLength(0);
    // The dead-letter list is for administrators only.
    const doctor = await t.login('lead.doctor');
    expect((await t.request('GET', '/api/admin/events/dead-letters', { token: doctor })).status).toBe(403);
  });
});
