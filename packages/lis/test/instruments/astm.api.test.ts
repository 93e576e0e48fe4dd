import type net from 'node:net';
import type { Device } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstmAnalyzer } from '@medunion/protocols';
import { testDbFactories } from '../../../kernel/test/dbs.ts';
import { startTestPlatform, type TestPlatform } from '../../../server/test/platform.ts';
import type { AssignUnmatchedOutcome, Instrument, InstrumentInput, InstrumentMessagePage, InstrumentStatus, UnmatchedResultPage } from '../../src/contracts/instruments.ts';
import { seedDemoCatalogues } from '../../src/catalogue/demo/seed.ts';
import { findSpecimen } from '../../src/specimens/find.ts';
import { EXT } from '../../src/urls.ts';
import { waitFor } from './helpers.ts';
import { call, configure, connectTo, expressions, freePort, lisContext, observationsOf, seedSpecimen, statusWhen } from './platform.ts';

const factories = await testDbFactories();
const LINK = { replyTimeoutMs: 1000, receiveTimeoutMs: 1000, encoding: 'gb18030' };

const chemistry = (port: number): InstrumentInput => ({
  code: 'BS240',
  name: '生化分析仪',
  model: 'BS-240',
  section: 'biochemistry',
  connection: { protocol: 'astm', mode: 'server', port, encoding: 'gb18030', timeouts: { replyMs: 1000, receiveMs: 1000 } },
  channels: [
    { channel: '1', test: 'ALT' },
    { channel: '2', test: 'AST' },
    { channel: '9', test: 'GLU', decimals: 2 },
  ],
});

describe.each(factories)('instruments over ASTM, configured through the API, on $name', (factory) => {
  let t: TestPlatform;
  let labhead: string;
  let tech: string;
  let registrar: string;
  let instrument: Instrument;
  let port: number;
  const sockets: net.Socket[] = [];
  const analyzer = async (options: { faults?: ConstructorParameters<typeof AstmAnalyzer>[0]['faults'] } = {}) => {
    const socket = await connectTo(port);
    sockets.push(socket);
    return new AstmAnalyzer({ stream: socket, instrumentId: 'BS-240', link: LINK, ...options });
  };

  /**
   * lab-technician + lab-supervisor in one account. (The built-in lab-supervisor role alone is not in the
   * staff-own-institution access policy, so the store refuses it the Specimen the results area reads.)
   */
  const benchSupervisor = async () => {
    await t.platform.kernel.auth.createUser({ username: 'lead.labchief', password: 'Chief@2026x', roles: [{ role: 'lab-technician', institution: 'lead-hospital' }, { role: 'lab-supervisor', institution: 'lead-hospital' }] });
    return t.login('lead.labchief', 'Chief@2026x');
  };
  const lisSpecimen = async (barcode: string) => (await findSpecimen(lisContext(t), 'lead-hospital', barcode))?.specimen.id;

  beforeAll(async () => {
    t = await startTestPlatform(factory, { MEDUNION_MODULES: '-mpi,-recognition' });
    await seedDemoCatalogues(lisContext(t));
    [labhead, tech, registrar] = await Promise.all([t.login('lead.labhead'), t.login('lead.lab'), t.login('lead.registrar')]);
    await seedSpecimen(t, { barcode: '250301000011', sampleNo: '17', panels: ['LFT', 'FBG'], stat: true });
    const configured = await configure(t, labhead, chemistry(0));
    instrument = configured.instrument;
    port = configured.status.listening!.port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await t?.close();
  });

  it('keeps the configuration as a FHIR Device and shows its live status', async () => {
    expect(instrument).toMatchObject({ code: 'BS240', institution: 'lead-hospital', active: true, connection: { protocol: 'astm', mode: 'server', host: '127.0.0.1', port: 0 } });
    const device = await call<{ resourceType: string; identifier: unknown[]; owner: unknown }>(t, 'GET', `/fhir/R4/Device/${instrument.id}`, await t.login('admin'));
    expect(device.body).toMatchObject({ resourceType: 'Device', identifier: [{ value: 'BS240' }], owner: { reference: 'Organization/lead-hospital' } });
    const status = await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${instrument.id}/status`, tech);
    expect(status.body).toMatchObject({ state: 'listening', listening: { host: '127.0.0.1', port }, peers: [], active: true });
    const list = await call<{ instruments: Instrument[] }>(t, 'GET', '/api/lis/instruments?protocol=astm', tech);
    expect(list.body.instruments.map((i) => i.code)).toEqual(['BS240']);
  });

  it('refuses bad configurations naming each field, and callers without the permission', async () => {
    const bad = await call(t, 'POST', '/api/lis/instruments', labhead, {
      code: 'X1',
      name: 'x',
      connection: { protocol: 'ftp', mode: 'server', port: 70000 },
      channels: [{ channel: '1', test: 'ALT' }, { channel: '1', test: 'AST' }, { channel: '3', test: 'NOPE' }],
    });
    expect(bad.status).toBe(400);
    expect(expressions(bad.body)).toEqual(['connection.protocol', 'connection.port', 'channels[1].channel', 'channels[2].test']);
    const duplicate = await call(t, 'POST', '/api/lis/instruments', labhead, { ...chemistry(0), name: 'again' });
    expect([duplicate.status, expressions(duplicate.body)]).toEqual([409, ['code']]);
    const busy = await freePort();
    await configure(t, labhead, { ...chemistry(busy), code: 'BS240B' });
    const clash = await call(t, 'POST', '/api/lis/instruments', labhead, { ...chemistry(busy), code: 'BS240C' });
    expect([clash.status, expressions(clash.body)]).toEqual([409, ['connection.port']]);
    expect((await call(t, 'POST', '/api/lis/instruments', tech, { ...chemistry(0), code: 'T1' })).status).toBe(403); // technicians do not configure
    expect((await call(t, 'PUT', `/api/lis/instruments/${instrument.id}`, tech, chemistry(0))).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/instruments', registrar)).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/instrument-messages', registrar)).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/unmatched-results', registrar)).status).toBe(403);
    expect((await call(t, 'POST', '/api/lis/unmatched-results/1/assign', registrar, {})).status).toBe(403);
    expect((await call(t, 'GET', '/api/lis/instruments/nope', tech)).status).toBe(404);
    const hexi = await t.login('hexi.lab');
    expect((await call(t, 'GET', `/api/lis/instruments/${instrument.id}`, hexi)).status).toBe(404); // another institution's
  });

  it('answers the analyzer’s host query with the specimen’s tests in channel codes', async () => {
    const sim = await analyzer();
    const answer = await sim.query('250301000011', 5000);
    expect(answer.terminationCode).toBe('F');
    expect(answer.orders[0]).toMatchObject({ specimenId: '250301000011', instrumentSpecimenId: '17', priority: 'S' });
    expect(answer.orders[0].tests.map((x) => x.code).sort()).toEqual(['1', '2', '9']); // ALT, AST of LFT; GLU of FBG
    expect((await sim.query('999999999999', 5000)).terminationCode).toBe('I');
    sim.close();
  });

  // Needs the results area (src/results/record.ts → recordResults) for the Observations; the ledger part does not.
  it('takes results (bad checksum → NAK → retransmission) into Observations through the results area [results area]', async () => {
    const specimenId = await seedSpecimen(t, { barcode: '250301000012', panels: ['FBG', 'LFT'] });
    const sim = await analyzer({ faults: { badChecksumFrames: [2] } });
    await sim.sendResults({ specimenId: '250301000012', results: [{ code: '9', value: '5.634', unit: 'mmol/L' }, { code: '1', value: 25, unit: 'U/L' }] });
    sim.close();
    const entry = await waitFor(async () => {
      const page = await call<InstrumentMessagePage>(t, 'GET', `/api/lis/instrument-messages?instrument=${instrument.id}&kind=message&direction=in&raw=false`, tech);
      return page.body.messages.find((m) => m.summary?.includes('250301000012') && m.outcome !== 'received');
    }, 'results processed');
    expect(entry.messageType).toBe('ASTM R');
    expect(entry.events.map((e) => e.code)).toContain('bad-checksum'); // NAKed, retransmitted, taken once
    expect(entry, entry.detail).toMatchObject({ outcome: 'processed', detail: '250301000012: 2 recorded' });
    expect(await observationsOf(t, specimenId)).toEqual([
      { code: 'ALT', value: '25' },
      { code: 'GLU', value: '5.63' },
    ]);
  });

  it('holds results of unknown specimens and unmapped channels: never dropped', async () => {
    await seedSpecimen(t, { barcode: '250301000013', panels: ['LFT'] });
    const sim = await analyzer();
    await sim.sendResults({ specimenId: '250301009999', results: [{ code: '1', value: 40 }] });
    await sim.sendResults({ specimenId: '250301000013', results: [{ code: '2', value: 31 }, { code: '5', value: 12.5, unit: 'g/L' }] });
    sim.close();
    const open = await waitFor(async () => {
      const page = await call<UnmatchedResultPage>(t, 'GET', `/api/lis/unmatched-results?instrument=${instrument.id}`, tech);
      const reasons = page.body.results.map((r) => r.reason);
      return reasons.includes('unknown-specimen') && reasons.includes('unknown-channel') && page.body.results;
    }, 'held results');
    expect(open.find((r) => r.reason === 'unknown-specimen')).toMatchObject({ sampleId: '250301009999', channel: '1', testCode: 'ALT', value: '40', status: 'open', instrumentCode: 'BS240', messageId: expect.any(String) });
    expect(open.find((r) => r.reason === 'unknown-channel')).toMatchObject({ sampleId: '250301000013', channel: '5', value: '12.5', unit: 'g/L' });
    const noTest = await call(t, 'POST', `/api/lis/unmatched-results/${open.find((r) => r.reason === 'unknown-channel')!.id}/assign`, tech, {});
    expect([noTest.status, expressions(noTest.body)]).toEqual([400, ['testCode']]);
    expect((await call(t, 'POST', `/api/lis/unmatched-results/${open[0].id}/assign`, tech, { testCode: 'ALB', saveMapping: true })).status).toBe(403); // mapping needs lis.instrument.manage
    const wrong = await call(t, 'POST', `/api/lis/unmatched-results/${open[0].id}/assign`, tech, { specimen: '000000000000' });
    expect([wrong.status, expressions(wrong.body)]).toEqual([404, ['specimen']]);
    const notOrdered = await call(t, 'POST', `/api/lis/unmatched-results/${open.find((r) => r.reason === 'unknown-channel')!.id}/assign`, tech, { testCode: 'GLU' });
    expect([notOrdered.status, expressions(notOrdered.body)]).toEqual([409, ['testCode']]); // GLU is not ordered on 250301000013
  });

  // Needs the results area (src/results/record.ts → recordResults).
  it('records held results once assigned, and maps the channel for next time [results area]', async () => {
    const specimenId = (await lisSpecimen('250301000013'))!;
    const open = (await call<UnmatchedResultPage>(t, 'GET', `/api/lis/unmatched-results?instrument=${instrument.id}`, tech)).body.results;
    const unknownSpecimen = open.find((r) => r.reason === 'unknown-specimen')!;
    const unknownChannel = open.find((r) => r.reason === 'unknown-channel')!;
    // The results are recorded as the person assigning them: a bench user who may also map channels.
    const chief = await benchSupervisor();
    const assigned = await call<AssignUnmatchedOutcome>(t, 'POST', `/api/lis/unmatched-results/${unknownChannel.id}/assign`, chief, { testCode: 'ALB', saveMapping: true, note: '新通道' });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body.assigned[0]).toMatchObject({ status: 'assigned', assignedTest: 'ALB', specimen: { id: specimenId, barcode: '250301000013' }, handledBy: 'lead.labchief', note: '新通道' });
    expect(assigned.body.instrument?.channels).toContainEqual({ channel: '5', test: 'ALB' });
    const again = await call(t, 'POST', `/api/lis/unmatched-results/${unknownChannel.id}/assign`, chief, { testCode: 'ALB' });
    expect([again.status, expressions(again.body)]).toEqual([409, ['id']]);
    // The unknown specimen was the tube 250301000013 all along.
    const ok = await call<AssignUnmatchedOutcome>(t, 'POST', `/api/lis/unmatched-results/${unknownSpecimen.id}/assign`, tech, { specimen: '250301000013' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await observationsOf(t, specimenId)).toEqual([{ code: 'ALB', value: '12.5' }, { code: 'ALT', value: '40' }, { code: 'AST', value: '31' }]);
    const done = await call<UnmatchedResultPage>(t, 'GET', `/api/lis/unmatched-results?instrument=${instrument.id}&status=assigned`, tech);
    expect(done.body.results.map((r) => r.assignedTest).sort()).toEqual(['ALB', 'ALT']);
    // Mapped now: the next run of channel 5 goes straight to the specimen.
    const sim = await analyzer();
    await sim.sendResults({ specimenId: '250301000013', results: [{ code: '5', value: 40.1 }] });
    sim.close();
    await waitFor(async () => (await observationsOf(t, specimenId)).find((o) => o.code === 'ALB' && o.value === '40.1'), 'mapped ALB');
  });

  it('dismisses a held result only with a reason', async () => {
    const sim = await analyzer();
    await sim.sendResults({ specimenId: 'CAL-0001', results: [{ code: '9', value: 5 }] });
    sim.close();
    const held = await waitFor(async () => (await call<UnmatchedResultPage>(t, 'GET', '/api/lis/unmatched-results?sample=CAL-0001', tech)).body.results[0], 'held calibration');
    const noReason = await call(t, 'POST', `/api/lis/unmatched-results/${held.id}/dismiss`, tech, {});
    expect([noReason.status, expressions(noReason.body)]).toEqual([400, ['note']]);
    const dismissed = await call(t, 'POST', `/api/lis/unmatched-results/${held.id}/dismiss`, tech, { note: '校准测定' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', note: '校准测定', handledBy: 'lead.lab' });
  });

  it('logs garbage as noise and keeps the link; the ledger holds every byte, paged and filtered', async () => {
    const socket = await connectTo(port);
    sockets.push(socket);
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(Buffer.from(chunk)));
    socket.write(Buffer.from('\u0000\u00ffline noise\r\n', 'latin1'));
    sent.push(Buffer.from('\u0000\u00ffline noise\r\n', 'latin1'));
    const sim = new AstmAnalyzer({ stream: socket, instrumentId: 'BS-240', link: LINK, onTraffic: (e) => e.direction === 'out' && sent.push(e.bytes) });
    const answer = await sim.query('250301000011', 5000);
    expect(answer.orders).toHaveLength(1);
    const status = await statusWhen(t, tech, instrument.id, (s) => s.peers.length > 0);
    const connection = status.peers.find((p) => p.includes(`:${socket.localPort} `))!;
    sim.close();
    await waitFor(async () => {
      const page = await call<InstrumentMessagePage>(t, 'GET', `/api/lis/instrument-messages?instrument=${instrument.id}&connection=${encodeURIComponent(connection)}&kind=connection`, tech);
      return page.body.messages.some((m) => m.outcome === 'closed');
    }, 'connection closed entry');
    const all: InstrumentMessagePage['messages'] = [];
    let before: string | undefined;
    do {
      const page = await call<InstrumentMessagePage>(t, 'GET', `/api/lis/instrument-messages?connection=${encodeURIComponent(connection)}&limit=2${before ? `&before=${before}` : ''}`, tech);
      expect(page.body.messages.length).toBeLessThanOrEqual(2);
      all.push(...page.body.messages);
      before = page.body.next;
    } while (before);
    all.reverse();
    expect(all.map((m) => `${m.direction} ${m.kind} ${m.outcome}`)).toEqual([
      'in connection opened',
      'in noise noise',
      'in message answered',
      'out link link',
      'out message sent',
      'in link link',
      'in connection closed',
    ]);
    expect(all[1].events.map((e) => e.code)).toEqual(['garbage']);
    expect(all[1].text).toBe('<NUL>\ufffdline noise<CR><LF>\n'); // 0xFF is no GB 18030 character: shown as �, kept exact in the raw bytes
    const bytes = (direction: string) => Buffer.concat(all.filter((m) => m.direction === direction).map((m) => Buffer.from(m.rawBase64 ?? '', 'base64')));
    expect(bytes('in').equals(Buffer.concat(sent))).toBe(true);
    expect(bytes('out').equals(Buffer.concat(received))).toBe(true);
    expect(all[2].text).toMatch(/^<ENQ><STX>1H\|\\\^&\|\|\|BS-240/);
  });

  it('moves to another port at runtime, without a restart', async () => {
    const next = await freePort();
    const moved = await call<Instrument>(t, 'PUT', `/api/lis/instruments/${instrument.id}`, labhead, { ...chemistry(next), channels: [...chemistry(next).channels, { channel: '5', test: 'ALB' }] });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const status = await statusWhen(t, tech, instrument.id, (s) => s.listening?.port === next);
    expect(status.state).toBe('listening');
    await expect(connectTo(port)).rejects.toThrow(/ECONNREFUSED/);
    port = next;
    const sim = await analyzer();
    expect((await sim.query('250301000011', 5000)).orders[0].tests.map((x) => x.code).sort()).toEqual(['1', '2', '5', '9']); // ALB of LFT now mapped too
    sim.close();
    const saved = await call(t, 'PUT', `/api/lis/instruments/${instrument.id}`, labhead, chemistry(next));
    expect(saved.status).toBe(200);
    const conflict = await t.request('PUT', `/api/lis/instruments/${instrument.id}`, { token: labhead, body: chemistry(next), headers: { 'content-type': 'application/json', 'if-match': `W/"${moved.body.version}"` } });
    expect(conflict.status).toBe(412); // someone saved in between
  });

  it('follows a change made to the Device through the FHIR API (Device event), without a restart', async () => {
    const admin = await t.login('admin');
    const device = (await call<Device>(t, 'GET', `/fhir/R4/Device/${instrument.id}`, admin)).body;
    const next = await freePort();
    const connection = device.extension!.find((e) => e.url === EXT.connection)!;
    connection.extension = connection.extension!.map((e) => (e.url === 'port' ? { url: 'port', valueInteger: next } : e));
    const put = await t.request('PUT', `/fhir/R4/Device/${instrument.id}`, { token: admin, body: device });
    expect(put.status).toBe(200);
    await statusWhen(t, tech, instrument.id, (s) => s.listening?.port === next, 'listening on the port set through FHIR');
    port = next;
    const sim = await analyzer();
    expect((await sim.query('250301000011', 5000)).terminationCode).toBe('F');
    sim.close();
  });

  it('asks region-wide users which institution they mean', async () => {
    const admin = await t.login('admin');
    const missing = await call(t, 'GET', '/api/lis/instruments', admin);
    expect([missing.status, expressions(missing.body)]).toEqual([400, ['institution']]);
    const listed = await call<{ instruments: Instrument[] }>(t, 'GET', '/api/lis/instruments?institution=lead-hospital&active=true', admin);
    expect(listed.body.instruments.map((i) => i.code)).toContain('BS240');
    expect((await call(t, 'GET', '/api/lis/instruments?institution=thc-hexi', tech)).status).toBe(403); // not the one they act for
  });

  it('closes the connection when the instrument is deactivated', async () => {
    const off = await call<Instrument>(t, 'DELETE', `/api/lis/instruments/${instrument.id}`, labhead);
    expect(off.body.active).toBe(false);
    expect((await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${instrument.id}/status`, tech)).body).toMatchObject({ state: 'stopped', active: false });
    await expect(connectTo(port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
