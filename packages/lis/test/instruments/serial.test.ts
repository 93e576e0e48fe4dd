import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AstmAnalyzer } from '@medunion/protocols';
import type { Db } from '@medunion/kernel';
import { DialingRunner } from '../../src/instruments/connections/dialer.ts';
import { openSerialPort, serialDial } from '../../src/instruments/connections/serial.ts';
import { openSession } from '../../src/instruments/drivers/open-session.ts';
import { fakeServices, instrument, ledger, ledgerDb, silentLog, waitFor } from './helpers.ts';

// A variable specifier: `serialport` is an optional native dependency, absent until installed.
const SERIALPORT = 'serialport';
const hasSerialport = await import(SERIALPORT).then(
  () => true,
  () => false,
);
const hasSocat = spawnSync('socat', ['-V']).status === 0;

/** A real serial line without hardware: two pseudo-terminals joined by socat, opened with `serialport` on both ends. */
describe.skipIf(!hasSerialport || !hasSocat)('ASTM over a serial line (socat pty pair, serialport)', () => {
  let dir: string;
  let socat: ChildProcess;
  let db: Db;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lis-serial-'));
    socat = spawn('socat', [`pty,raw,echo=0,link=${dir}/lis`, `pty,raw,echo=0,link=${dir}/analyzer`]);
    await waitFor(() => existsSync(`${dir}/lis`) && existsSync(`${dir}/analyzer`), 'pty pair');
    db = await ledgerDb();
  });
  afterAll(async () => {
    socat?.kill();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a host query and takes results through the port', async () => {
    const serial = { path: `${dir}/lis`, baudRate: 9600 } as const;
    const config = instrument({ connection: { protocol: 'astm', mode: 'serial', serial, timeouts: { replyMs: 2000, receiveMs: 2000 } }, channels: [{ channel: 'GLU', test: 'GLU' }] });
    const fake = fakeServices([{ barcode: '250301000031', tests: ['GLU'] }]);
    const runner = new DialingRunner(serialDial(serial), (stream, connection) => openSession(stream, { db, log: silentLog, services: fake.services, instrument: () => config, connection }), 200, () => undefined);
    await runner.start();
    const analyzerPort = await openSerialPort({ path: `${dir}/analyzer`, baudRate: 9600 });
    try {
      expect(runner.status()).toMatchObject({ state: 'connected', peers: [expect.stringContaining(`serial ${dir}/lis`)] });
      const analyzer = new AstmAnalyzer({ stream: analyzerPort, link: { replyTimeoutMs: 2000, receiveTimeoutMs: 2000 } });
      expect((await analyzer.query('250301000031', 5000)).orders[0].tests.map((t) => t.code)).toEqual(['GLU']);
      await analyzer.sendResults({ specimenId: '250301000031', results: [{ code: 'GLU', value: 5.5 }] });
      await waitFor(() => fake.recorded.length === 1, 'recorded');
      expect(fake.recorded[0].results).toMatchObject([{ testCode: 'GLU', value: '5.5' }]);
      await waitFor(async () => (await ledger(db)).some((r) => r.outcome === 'processed'), 'ledger');
    } finally {
      analyzerPort.destroy();
      await runner.stop();
    }
  });
});
