import { parseArgs } from 'node:util';
import { collectSpecimens, formatTraffic, lingerAndClose, numberList, numberOption, processIo, runWhenMain, type CliIo } from './cli-support.ts';
import { openEndpoint, parseEndpoint } from './endpoint.ts';
import { Hl7Analyzer, type Hl7AnalyzerOptions } from './hl7-instrument.ts';

const USAGE = `Simulated laboratory analyzer speaking HL7 v2 over MLLP (Mindray/Dirui style).

Usage: tsx packages/protocols/src/simulators/hl7-analyzer.ts (--connect HOST:PORT | --listen PORT) [options]

Connection
  --connect HOST:PORT        dial the LIS (analyzer as TCP client)
  --listen PORT              wait for the LIS to connect (analyzer as TCP server; 0 picks a port)
  --charset NAME             MSH-18: "UNICODE UTF-8" (default), "GB 18030-2000", ASCII
  --version V                MSH-12 (default 2.3.1)
  --ack-timeout MS           wait for the LIS's ACK/QCK/DSR (default 10000)
What to do (in this order)
  --query BARCODE            QRY^Q02 for the specimen's worklist (answered by QCK^Q02 + DSR^Q03, or ORM/OML); repeatable
  --results FILE.json        send ORU^R01 results: {"instrumentId"?, "specimens":[{"specimenId","sampleNumber"?,
                             "histogram"?, "results":[{"code","value","unit"?,"flag"?,"referenceRange"?,"name"?}]}]}
  --specimen BARCODE         send results for one specimen, with…
  --test CODE=VALUE[:UNIT[:FLAG]]   …one OBX per flag; repeatable
  --histogram                add a WBC histogram to each specimen (OBX NA counts + OBX ED base64 BMP)
  --instrument ID            MSH-3 and OBX-18; default SIM-HL7
  --utc-offset MINUTES       the analyzer clock's offset from UTC for the dates it writes (default 480, China time)
  --wait MS                  stay connected this long afterwards, printing what the LIS sends
Fault injection (MLLP frames counted from 1 as written)
  --garbage-before-message N write line noise before message N; repeatable
  --disconnect-in-message N  write half of message N, then drop the connection
  --no-ack                   do not acknowledge worklists (DSR/ORM/OML) the LIS sends
  --ack-delay MS             acknowledge them only after this delay
Output
  --verbose, --trace, --help

Prints one JSON object per line on stdout: {"event":"worklist",…}, {"event":"ack",…}, {"event":"received",…}.
Exit status 0 when every query found its worklist and every ORU was answered AA.`;

export async function runHl7AnalyzerCli(argv: string[], io: CliIo = processIo, onListening?: (port: number) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      connect: { type: 'string' }, listen: { type: 'string' }, charset: { type: 'string' }, version: { type: 'string' }, 'ack-timeout': { type: 'string' },
      query: { type: 'string', multiple: true }, results: { type: 'string' }, specimen: { type: 'string' }, 'sample-number': { type: 'string' },
      test: { type: 'string', multiple: true }, histogram: { type: 'boolean' }, instrument: { type: 'string' }, 'utc-offset': { type: 'string' }, wait: { type: 'string' },
      'garbage-before-message': { type: 'string', multiple: true }, 'disconnect-in-message': { type: 'string' },
      'no-ack': { type: 'boolean' }, 'ack-delay': { type: 'string' },
      verbose: { type: 'boolean' }, trace: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const run = collectSpecimens(values);
  const endpoint = parseEndpoint(values.connect, values.listen);
  const ackDelay = numberOption(values['ack-delay'], 'ack-delay');
  const replyToHost: Hl7AnalyzerOptions['replyToHost'] = values['no-ack'] ? { mode: 'none' } : ackDelay ? { mode: 'delay', delayMs: ackDelay } : { mode: 'ack' };
  const connection = await openEndpoint(endpoint, (port) => {
    io.out(JSON.stringify({ event: 'listening', port }));
    onListening?.(port);
  });
  const analyzer = new Hl7Analyzer({
    stream: connection.socket,
    instrumentId: values.instrument ?? run.instrumentId,
    utcOffsetMinutes: numberOption(values['utc-offset'], 'utc-offset'),
    charset: values.charset,
    version: values.version,
    ackTimeoutMs: numberOption(values['ack-timeout'], 'ack-timeout'),
    faults: {
      garbageBeforeFrames: numberList(values['garbage-before-message'], 'garbage-before-message'),
      disconnectInFrame: numberOption(values['disconnect-in-message'], 'disconnect-in-message'),
    },
    replyToHost,
    onHostMessage: (message) => io.out(JSON.stringify({ event: 'received', type: `${message.messageType.code}^${message.messageType.trigger}`, controlId: message.controlId })),
    onLog: values.verbose ? (e) => io.err(`[${e.level}] ${e.code}: ${e.message}`) : undefined,
    onTraffic: values.trace ? (t) => io.err(formatTraffic(t)) : undefined,
  });
  let failures = 0;
  for (const specimenId of values.query ?? []) {
    try {
      const answer = await analyzer.query(specimenId);
      const tests = answer.dsr?.worklist?.tests.map((t) => t.code) ?? answer.orders.map((o) => o.test.code);
      io.out(JSON.stringify({ event: 'worklist', specimenId, found: answer.found, tests, stat: answer.dsr?.worklist?.stat }));
      if (!answer.found) failures++;
    } catch (error) {
      failures++;
      io.err(`query ${specimenId} failed: ${(error as Error).message}`);
    }
  }
  for (const specimen of run.specimens) {
    try {
      const ack = await analyzer.sendResults(specimen);
      io.out(JSON.stringify({ event: 'ack', specimenId: specimen.specimenId, code: ack.code, text: ack.text, errors: ack.errors }));
      if (ack.code !== 'AA' && ack.code !== 'CA') failures++;
    } catch (error) {
      failures++;
      io.err(`results for ${specimen.specimenId} failed: ${(error as Error).message}`);
    }
  }
  await lingerAndClose(numberOption(values.wait, 'wait'), analyzer, connection);
  return failures === 0 ? 0 : 1;
}

runWhenMain(import.meta.url, runHl7AnalyzerCli);
