import { parseArgs } from 'node:util';
import { AstmAnalyzer } from './astm-instrument.ts';
import { collectSpecimens, formatTraffic, lingerAndClose, numberList, numberOption, processIo, runWhenMain, type CliIo } from './cli-support.ts';
import { openEndpoint, parseEndpoint } from './endpoint.ts';

const USAGE = `Simulated laboratory analyzer speaking ASTM E1381/E1394 (CLSI LIS1-A / LIS2-A2).

Usage: tsx packages/protocols/src/simulators/astm-analyzer.ts (--connect HOST:PORT | --listen PORT) [options]

Connection
  --connect HOST:PORT        dial the LIS (analyzer as TCP client)
  --listen PORT              wait for the LIS to connect (analyzer as TCP server; 0 picks a port)
  --encoding NAME            latin1 (default), ascii, utf-8, gb18030
  --frame-mode MODE          record (default: one record per ETX frame) or message
  --reply-timeout MS         sender wait for ACK/NAK (default 15000)
  --receive-timeout MS       receiver wait between frames (default 30000)
What to do (in this order)
  --query BARCODE            ask the LIS for the specimen's worklist (Q record); repeatable
  --results FILE.json        send results: {"instrumentId"?, "specimens":[{"specimenId","sampleNumber"?,
                             "results":[{"code","value","unit"?,"flag"?,"referenceRange"?}]}]}
  --specimen BARCODE         send results for one specimen, with…
  --test CODE=VALUE[:UNIT[:FLAG]]   …one result per flag; repeatable
  --instrument ID            instrument ID (H-5, R-14); default SIM-ASTM
  --utc-offset MINUTES       the analyzer clock's offset from UTC for the dates it writes (default 480, China time)
  --wait MS                  stay connected this long afterwards, printing what the LIS sends
Fault injection (frames counted from 1 as written, retransmissions included)
  --bad-checksum-frame N     write frame N with a wrong checksum; repeatable
  --garbage-before-frame N   write line noise before frame N; repeatable
  --disconnect-in-frame N    write half of frame N, then drop the connection
  --ack-delay MS             hold every ACK this long
  --no-ack                   never acknowledge the LIS's frames
Output
  --verbose                  print link diagnostics on stderr
  --trace                    print every byte exchanged on stderr
  --help

Prints one JSON object per line on stdout: {"event":"worklist",…}, {"event":"sent",…}, {"event":"received",…}.
Exit status 0 when every query and send succeeded.`;

export async function runAstmAnalyzerCli(argv: string[], io: CliIo = processIo, onListening?: (port: number) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      connect: { type: 'string' }, listen: { type: 'string' }, encoding: { type: 'string' }, 'frame-mode': { type: 'string' },
      'reply-timeout': { type: 'string' }, 'receive-timeout': { type: 'string' },
      query: { type: 'string', multiple: true }, results: { type: 'string' }, specimen: { type: 'string' }, 'sample-number': { type: 'string' },
      test: { type: 'string', multiple: true }, instrument: { type: 'string' }, 'utc-offset': { type: 'string' }, wait: { type: 'string' },
      'bad-checksum-frame': { type: 'string', multiple: true }, 'garbage-before-frame': { type: 'string', multiple: true },
      'disconnect-in-frame': { type: 'string' }, 'ack-delay': { type: 'string' }, 'no-ack': { type: 'boolean' },
      verbose: { type: 'boolean' }, trace: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const frameMode = values['frame-mode'] ?? 'record';
  if (frameMode !== 'record' && frameMode !== 'message') throw new Error('--frame-mode must be record or message');
  const run = collectSpecimens(values);
  const endpoint = parseEndpoint(values.connect, values.listen);
  const connection = await openEndpoint(endpoint, (port) => {
    io.out(JSON.stringify({ event: 'listening', port }));
    onListening?.(port);
  });
  const analyzer = new AstmAnalyzer({
    stream: connection.socket,
    instrumentId: values.instrument ?? run.instrumentId,
    utcOffsetMinutes: numberOption(values['utc-offset'], 'utc-offset'),
    link: {
      encoding: values.encoding,
      frameMode,
      replyTimeoutMs: numberOption(values['reply-timeout'], 'reply-timeout'),
      receiveTimeoutMs: numberOption(values['receive-timeout'], 'receive-timeout'),
    },
    faults: {
      badChecksumFrames: numberList(values['bad-checksum-frame'], 'bad-checksum-frame'),
      garbageBeforeFrames: numberList(values['garbage-before-frame'], 'garbage-before-frame'),
      disconnectInFrame: numberOption(values['disconnect-in-frame'], 'disconnect-in-frame'),
      ackDelayMs: numberOption(values['ack-delay'], 'ack-delay'),
      dropAcks: values['no-ack'],
    },
    onHostMessage: (records) => io.out(JSON.stringify({ event: 'received', records })),
    onLog: values.verbose ? (e) => io.err(`[${e.level}] ${e.code}: ${e.message}`) : undefined,
    onTraffic: values.trace ? (t) => io.err(formatTraffic(t)) : undefined,
  });
  let failures = 0;
  for (const specimenId of values.query ?? []) {
    try {
      const answer = await analyzer.query(specimenId, numberOption(values['receive-timeout'], 'receive-timeout') ?? 30_000);
      const orders = answer.orders.map((o) => ({ specimenId: o.specimenId, tests: o.tests.map((t) => t.code), priority: o.priority, actionCode: o.actionCode }));
      io.out(JSON.stringify({ event: 'worklist', specimenId, termination: answer.terminationCode, orders }));
    } catch (error) {
      failures++;
      io.err(`query ${specimenId} failed: ${(error as Error).message}`);
    }
  }
  for (const specimen of run.specimens) {
    try {
      await analyzer.sendResults(specimen);
      io.out(JSON.stringify({ event: 'sent', specimenId: specimen.specimenId, results: specimen.results.length }));
    } catch (error) {
      failures++;
      io.err(`results for ${specimen.specimenId} failed: ${(error as Error).message}`);
    }
  }
  await lingerAndClose(numberOption(values.wait, 'wait'), analyzer, connection);
  return failures === 0 ? 0 : 1;
}

runWhenMain(import.meta.url, runAstmAnalyzerCli);
