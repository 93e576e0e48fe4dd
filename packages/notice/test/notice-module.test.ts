import { connect } from 'node:net';
import type { Bundle, CodeSystem, Communication } from '@medplum/fhirtypes';
import { JobScheduler, type Db } from '@medunion/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbFactories, type TestDbFactory } from '../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../server/test/platform.ts';
import noticeModule, { type NoticeServices } from '../src/index.ts';
import { NOTICE_CATEGORY_SYSTEM } from '../src/terminology.ts';

const factories = await testDbFactories();

const JSON_BODY = { 'content-type': 'application/json' };

/** Polls `probe` until it returns a value other than undefined, failing after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends raw bytes to a line listener and collects the reply lines until `expectedLines` arrived (or, with `untilClose`, until the peer hung up). */
function talk(port: number, payload: string, expectedLines: number, untilClose = false): Promise<{ lines: string[]; closedByPeer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    let received = '';
    let closedByPeer = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ lines: received.split('\r\n').filter((l) => l !== ''), closedByPeer });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`listener answered ${JSON.stringify(received)} within 10 s, expected ${expectedLines} line(s)`));
    }, 10_000);
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!untilClose && received.split('\r\n').length - 1 >= expectedLines) finish();
    });
    socket.on('end', () => {
      closedByPeer = true;
      finish();
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(payload);
  });
}

describe.each(factories)('notice module on $name', (factory) => {
  let t: TestPlatform;
  let db: Db;
  let admin: string;
  let doctor: string;
  let doctorId: string;

  /** The same database as the platform's, but closing it is left to the first platform (for a second start). */
  const sameDb = (): TestDbFactory => ({ name: factory.name, open: async () => ({ ...db, close: async () => undefined }) });

  beforeAll(async () => {
    t = await startTestPlatform({
      name: factory.name,
      open: async () => {
        db = await factory.open();
        return db;
      },
    });
    admin = await t.login('admin');
    doctor = await t.login('lead.doctor');
    doctorId = ((await (await t.request('GET', '/auth/me', { token: doctor })).json()) as { id: string }).id;
  });
  afterAll(async () => t?.close());

  const publish = (body: unknown, token = admin) => t.request('POST', '/api/notice', { token, body, headers: JSON_BODY });
  const unread = async (token = doctor) => {
    const res = await t.request('GET', '/api/notice/unread', { token });
    expect(res.status).toBe(200);
    return ((await res.json()) as { unread: number }).unread;
  };
  const inboxRow = (id: string) =>
    waitFor(`notice_inbox row for ${id}`, async () => {
      const { rows } = await db.query<{ notice_id: string; institution: string | null; category: string; subject: string; expires_at: unknown }>(
        'select notice_id, institution, category, subject, expires_at from notice_inbox where notice_id = $1',
        [id],
      );
      return rows[0];
    });
  const countCommunications = async () => {
    const res = await t.request('GET', '/fhir/R4/Communication?_summary=count', { token: admin });
    expect(res.status).toBe(200);
    return ((await res.json()) as Bundle).total ?? 0;
  };

  it('is discovered from its package manifest', () => {
    const ids = t.platform.modules.modules.map((m) => m.id);
    expect(ids).toContain('notice');
    expect(t.platform.modules.migrations.map((m) => m.id)).toContain('notice.001-read-receipts');
    expect(t.platform.runtime.contexts.get('notice')?.moduleId).toBe('notice');
  });

  it('ran its migrations', async () => {
    const { rows } = await db.query<{ read: string | null; inbox: string | null }>("select to_regclass('notice_read')::text as read, to_regclass('notice_inbox')::text as inbox");
    expect(rows[0].read).not.toBeNull();
    expect(rows[0].inbox).not.toBeNull();
    const applied = await db.query('select id from schema_migration where id = $1', ['notice.001-read-receipts']);
    expect(applied.rows).toHaveLength(1);
  });

  it('seeds its terminology idempotently, also on a second start on the same database', async () => {
    const find = async (platform: TestPlatform) => {
      const res = await platform.request('GET', `/fhir/R4/CodeSystem?url=${encodeURIComponent(NOTICE_CATEGORY_SYSTEM)}`, { token: admin });
      expect(res.status).toBe(200);
      return ((await res.json()) as Bundle<CodeSystem>).entry?.map((e) => e.resource as CodeSystem) ?? [];
    };
    const first = await find(t);
    expect(first).toHaveLength(1);
    expect(first[0].concept?.map((c) => c.code)).toEqual(['announcement', 'notice', 'alert']);

    const second = await startTestPlatform(sameDb());
    try {
      expect(await find(second)).toHaveLength(1);
      const [again] = await find(t);
      expect(again.id).toBe(first[0].id);
      // Unchanged content is not re-versioned by the second seeding.
      expect(again.meta?.versionId).toBe(first[0].meta?.versionId);
      const applied = await db.query('select id from schema_migration where id = $1', ['notice.001-read-receipts']);
      expect(applied.rows).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('adds its permissions to the permission list', async () => {
    const res = await t.request('GET', '/api/admin/permissions', { token: admin });
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as { id: string }[]).map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['fhir.read', 'notice.read', 'notice.publish']));
  });

  it('shows its menu only to users holding notice.read', async () => {
    const menu = async (token: string) => {
      const res = await t.request('GET', '/api/modules', { token });
      expect(res.status).toBe(200);
      return (await res.json()) as { module: string; entries: { path: string }[] }[];
    };
    const forDoctor = await menu(doctor);
    expect(forDoctor.find((m) => m.module === 'notice')?.entries.map((e) => e.path)).toEqual(['/notice']);
    const forAuditor = await menu(await t.login('commission'));
    expect(forAuditor.find((m) => m.module === 'notice')).toBeUndefined();
  });

  it('publishes through its routes with validation and permission checks', async () => {
    const created = await publish({ subject: '全院消防演练', body: '周五下午三点', category: 'announcement' });
    expect(created.status).toBe(201);
    const notice = (await created.json()) as Communication;
    expect(notice).toMatchObject({ resourceType: 'Communication', status: 'in-progress', topic: { text: '全院消防演练' }, payload: [{ contentString: '周五下午三点' }] });
    expect(notice.category?.[0]?.coding?.[0]).toEqual({ system: NOTICE_CATEGORY_SYSTEM, code: 'announcement' });
    expect((await t.request('GET', `/fhir/R4/Communication/${notice.id}`, { token: admin })).status).toBe(200);

    expect((await publish({ body: 'no subject' })).status).toBe(400);
    expect((await publish({ subject: 'x', category: 'gossip' })).status).toBe(400);
    expect((await publish({ subject: '' })).status).toBe(400);
    expect((await publish({ subject: 'x', expiresAt: 'tomorrow' })).status).toBe(400);

    const hexiDoctor = await t.login('hexi.doctor');
    expect((await publish({ subject: '越权发布' }, hexiDoctor)).status).toBe(403);
    const anonymous = await t.request('POST', '/api/notice', { body: { subject: '匿名' }, headers: JSON_BODY });
    expect(anonymous.status).toBe(401);
    expect((await t.request('GET', '/api/notice/unread')).status).toBe(401);
    expect((await t.request('GET', '/api/notice/unread', { token: await t.login('commission') })).status).toBe(403);
  });

  it('indexes notices from Communication:create events and counts unread ones per user', async () => {
    const created = (await (await publish({ subject: '医保政策调整', category: 'notice' })).json()) as Communication;
    const row = await inboxRow(created.id as string);
    expect(row).toMatchObject({ category: 'notice', subject: '医保政策调整', institution: null, expires_at: null });

    const before = await unread();
    expect(before).toBeGreaterThanOrEqual(1);
    const read = await t.request('POST', `/api/notice/${created.id}/read`, { token: doctor });
    expect(read.status).toBe(204);
    expect(await unread()).toBe(before - 1);
    // Marking again changes nothing; another user's count is unaffected.
    expect((await t.request('POST', `/api/notice/${created.id}/read`, { token: doctor })).status).toBe(204);
    expect(await unread()).toBe(before - 1);
    const nurse = await t.login('lead.nurse');
    expect(await unread(nurse)).toBe(before);
    expect((await t.request('POST', '/api/notice/does-not-exist/read', { token: doctor })).status).toBe(404);

    // A notice written through FHIR by an institution's staff belongs to that institution only.
    const hexiDoctor = await t.login('hexi.doctor');
    const hexiBefore = await unread(hexiDoctor);
    const own = await t.request('POST', '/fhir/R4/Communication', {
      token: doctor,
      body: { resourceType: 'Communication', status: 'in-progress', category: [{ coding: [{ system: NOTICE_CATEGORY_SYSTEM, code: 'alert' }] }], topic: { text: '内科停诊' } },
    });
    expect(own.status).toBe(201);
    const ownId = ((await own.json()) as Communication).id as string;
    expect(await inboxRow(ownId)).toMatchObject({ institution: 'lead-hospital', category: 'alert' });
    expect(await unread()).toBe(before);
    expect(await unread(hexiDoctor)).toBe(hexiBefore);
    expect((await t.request('POST', `/api/notice/${ownId}/read`, { token: hexiDoctor })).status).toBe(404);
    expect((await t.request('POST', `/api/notice/${ownId}/read`, { token: doctor })).status).toBe(204);
    expect(await unread()).toBe(before - 1);

    // A Communication without a notice category is not a notice and is not indexed.
    const other = await t.request('POST', '/fhir/R4/Communication', { token: admin, body: { resourceType: 'Communication', status: 'completed' } });
    expect(other.status).toBe(201);
    const otherId = ((await other.json()) as Communication).id as string;
    await waitFor('the event bus to catch up', async () => ((await t.platform.kernel.bus.pendingCount('module:notice:Communication:create')) === 0 ? true : undefined));
    expect((await db.query('select 1 from notice_inbox where notice_id = $1', [otherId])).rows).toHaveLength(0);
  });

  it('offers its services to other modules with the same answer as the route', async () => {
    const ctx = t.platform.runtime.contexts.get('notice');
    expect(ctx).toBeDefined();
    const services = ctx!.service<NoticeServices>('notice');
    expect(await services.unreadCount(doctorId, 'lead-hospital')).toBe(await unread());
    expect(() => ctx!.service('no-such-module')).toThrow(/not loaded/);
  });

  it('expires notices in its scheduled job', async () => {
    const res = await publish({ subject: '过期通知', expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(res.status).toBe(201);
    const notice = (await res.json()) as Communication;
    expect(notice.status).toBe('in-progress');
    await inboxRow(notice.id as string);

    await t.platform.runtime.runJobsNow();

    const after = (await (await t.request('GET', `/fhir/R4/Communication/${notice.id}`, { token: admin })).json()) as Communication;
    expect(after.status).toBe('completed');
    expect(after.meta?.versionId).toBe('2');
    const { rows } = await db.query<{ runs: number; last_error: string | null }>('select runs, last_error from job_schedule where job_id = $1', ['notice.expire']);
    expect(rows[0].last_error).toBeNull();
    // The start-up pass and runJobsNow may coalesce into one claim when they race; either way it ran.
    expect(Number(rows[0].runs)).toBeGreaterThanOrEqual(1);
  });

  it('runs a job once per tick across two schedulers sharing the database', async () => {
    const jobId = `test.once-${Math.random().toString(36).slice(2, 10)}`;
    let runs = 0;
    const job = {
      id: jobId,
      everySeconds: 3600,
      run: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    };
    // Long tick interval: only the explicit ticks below claim.
    const a = new JobScheduler(db, [job], undefined, 3_600_000);
    const b = new JobScheduler(db, [job], undefined, 3_600_000);
    await Promise.all([a.start(), b.start()]);
    try {
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
      await Promise.all([a.idle(), b.idle()]);
      expect(runs).toBe(1);
      // Not due again until the interval passed.
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.idle(), b.idle()]);
      expect(runs).toBe(1);
      const { rows } = await db.query<{ runs: number }>('select runs from job_schedule where job_id = $1', [jobId]);
      expect(Number(rows[0].runs)).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await db.query('delete from job_schedule where job_id = $1', [jobId]);
    }
  });

  it('accepts notices on its TCP listener and rejects bad lines without storing anything', async () => {
    const listener = t.platform.runtime.listeners.find((l) => l.module === 'notice' && l.id === 'feed');
    expect(listener).toBeDefined();
    const port = listener!.port;
    expect(port).toBeGreaterThan(0);

    const ok = await talk(port, 'notice|停水通知|明天9点停水\r\n', 1);
    expect(ok.lines).toHaveLength(1);
    const match = /^OK (\S+)$/.exec(ok.lines[0]);
    expect(match, ok.lines[0]).not.toBeNull();
    const stored = (await (await t.request('GET', `/fhir/R4/Communication/${match![1]}`, { token: admin })).json()) as Communication;
    expect(stored).toMatchObject({ resourceType: 'Communication', topic: { text: '停水通知' }, payload: [{ contentString: '明天9点停水' }] });
    expect(stored.category?.[0]?.coding?.[0]?.code).toBe('notice');
    await inboxRow(match![1]);

    const before = await countCommunications();
    const bad = await talk(port, 'bogus|x\r\nnotice|\r\n\r\n', 3);
    expect(bad.lines).toHaveLength(3);
    expect(bad.lines[0]).toMatch(/^ERR unknown category "bogus"/);
    expect(bad.lines[1]).toMatch(/^ERR subject is required/);
    expect(bad.lines[2]).toMatch(/^ERR /);

    // An overlong line, complete in one write, and one that never ends: both refused.
    const complete = await talk(port, `notice|${'长'.repeat(2500)}\r\n`, 1);
    expect(complete.lines).toEqual(['ERR line too long']);
    const endless = await talk(port, `notice|${'x'.repeat(5000)}`, 1, true);
    expect(endless.lines).toEqual(['ERR line too long']);
    expect(endless.closedByPeer).toBe(true);

    // Several lines in one write are answered in order.
    const several = await talk(port, 'alert|暴雨预警|\r\nannouncement|值班安排|见附件\r\n', 2);
    expect(several.lines.map((l) => l.split(' ')[0])).toEqual(['OK', 'OK']);
    expect(await countCommunications()).toBe(before + 2);
  });

  it('declares a web entry that resolves', async () => {
    expect(noticeModule.web).toBeTypeOf('function');
    const web = (await noticeModule.web!()) as { pages?: { path: string }[] };
    expect(web.pages?.map((p) => p.path)).toContain('/notice');
  });
});
