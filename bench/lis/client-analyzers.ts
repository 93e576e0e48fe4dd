/**
 * The load client's analyzers: the `@medunion/protocols` simulators over real TCP to the LIS's listening ports —
 * ASTM E1381/E1394 chemistry analyzers and HL7 v2/MLLP haematology analyzers, all connected at once.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { AstmAnalyzer, Hl7Analyzer } from '../../packages/protocols/src/simulators/index.ts';
import { qcSampleOf, type Protocol } from './analyzers.ts';
import type { AnalyzerRun, IngestJob, IngestResult, QcJob } from './jobs.ts';
import { qcRun, specimenRun, type SpecimenKind } from './results.ts';

/** Generous: an ASTM query is answered after the results queued before it on the same connection are processed. */
const ANSWER_TIMEOUT_MS = 300_000;

interface Connected {
  protocol: Protocol;
  code: string;
  query: (barcode: string) => Promise<boolean>;
  /** Resolves when the analyzer's transfer is acknowledged; true when the LIS's answer was a clean accept. */
  send: (specimen: { specimenId: string; results: ReturnType<typeof specimenRun>['results']; histogram?: boolean }) => Promise<boolean>;
  close: () => void;
}

function connectTo(port: number): Promise<net.Socket> {
  return new Promise((done, fail) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.off('error', fail);
      socket.setNoDelay(true);
      done(socket);
    });
  });
}

async function connect(a: Omit<AnalyzerRun, 'specimens'>): Promise<Connected> {
  const socket = await connectTo(a.port);
  if (a.protocol === 'astm') {
    const analyzer = new AstmAnalyzer({ stream: socket, instrumentId: a.code, link: { encoding: 'gb18030', replyTimeoutMs: 15_000, receiveTimeoutMs: 30_000 } });
    return {
      protocol: a.protocol,
      code: a.code,
      query: async (barcode) => (await analyzer.query(barcode, ANSWER_TIMEOUT_MS)).orders.length > 0,
      send: async (s) => {
        await analyzer.sendResults(s);
        return true;
      },
      close: () => analyzer.close(),
    };
  }
  const analyzer = new Hl7Analyzer({ stream: socket, instrumentId: a.code, ackTimeoutMs: ANSWER_TIMEOUT_MS });
  return {
    protocol: a.protocol,
    code: a.code,
    query: async (barcode) => (await analyzer.query(barcode, ANSWER_TIMEOUT_MS)).found,
    send: async (s) => {
      const ack = await analyzer.sendResults(s);
      if (ack.code !== 'AA' && ack.code !== 'CA') throw new Error(`${a.code}: ${ack.code} for ${s.specimenId}: ${ack.text} ${JSON.stringify(ack.errors)}`);
      return ack.errors.length === 0;
    },
    close: () => analyzer.close(),
  };
}

const kindOf = (protocol: Protocol): SpecimenKind => (protocol === 'astm' ? 'chemistry' : 'cbc');

/** Each analyzer runs its control (all channels at target) once; connections stay open until the parent says stop. */
export async function runQc(job: QcJob): Promise<{ result: Record<string, never>; close: () => void }> {
  const connected = await Promise.all(job.analyzers.map(connect));
  await Promise.all(connected.map((c) => c.send({ specimenId: qcSampleOf(c.code), results: qcRun(kindOf(c.protocol)) })));
  return { result: {}, close: () => connected.forEach((c) => c.close()) };
}

/**
 * Connects every analyzer, reports ready, waits for `go`, then every analyzer sends its specimens back to back
 * (some asked for by host query first). Per-message and per-query latencies are kept by protocol.
 */
export async function runIngest(job: IngestJob, ready: () => Promise<void>): Promise<{ result: IngestResult; close: () => void }> {
  const connected = await Promise.all(job.analyzers.map(connect));
  await ready();
  const ack: IngestResult['ack'] = { astm: [], hl7: [] };
  const query: IngestResult['query'] = { astm: [], hl7: [] };
  let queriesNotFound = 0;
  let hl7NotClean = 0;
  const t0 = performance.now();
  const perAnalyzer = await Promise.all(
    job.analyzers.map(async (run, i) => {
      const c = connected[i];
      let results = 0;
      for (const s of run.specimens) {
        if (s.query) {
          const t = performance.now();
          if (!(await c.query(s.barcode))) queriesNotFound++;
          query[c.protocol].push(performance.now() - t);
        }
        const planned = specimenRun(s.kind, s.index, s.sex);
        const t = performance.now();
        const clean = await c.send({ specimenId: s.barcode, results: planned.results, ...(s.kind === 'cbc' && job.histograms ? { histogram: true } : {}) });
        ack[c.protocol].push(performance.now() - t);
        if (!clean && c.protocol === 'hl7') hl7NotClean++;
        results += planned.results.length;
      }
      return { code: run.code, protocol: run.protocol, specimens: run.specimens.length, results, seconds: (performance.now() - t0) / 1000 };
    }),
  );
  const result: IngestResult = { sendSeconds: (performance.now() - t0) / 1000, perAnalyzer, ack, query, queriesNotFound, hl7NotClean };
  return { result, close: () => connected.forEach((c) => c.close()) };
}
