/**
 * The work the LIS benchmark hands to its load client (bench/lis/load-client.ts), a separate Node process so the
 * simulated analyzers and HTTP clients do not share the platform's event loop, and the runner that forks it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Protocol } from './analyzers.ts';
import { ROOT } from './config.ts';
import type { SpecimenKind } from './results.ts';

export interface OrdersJob {
  kind: 'orders';
  url: string;
  doctorToken: string;
  labToken: string;
  /** Patient indexes `from … to - 1`, one requisition each. */
  from: number;
  to: number;
  clients: number;
}

export interface Requisition {
  index: number;
  chemistry: string;
  cbc: string;
}

export interface OrdersResult {
  requisitions: Requisition[];
  orderSeconds: number;
  receiveSeconds: number;
  order: number[];
  receive: number[];
}

export interface AnalyzerRun {
  protocol: Protocol;
  code: string;
  port: number;
  specimens: { barcode: string; index: number; kind: SpecimenKind; sex: 'male' | 'female'; query: boolean }[];
}

export interface QcJob {
  kind: 'qc';
  analyzers: Omit<AnalyzerRun, 'specimens'>[];
}

export interface IngestJob {
  kind: 'ingest';
  analyzers: AnalyzerRun[];
  histograms: boolean;
}

export interface IngestResult {
  /** From `go` until the last analyzer had sent (and, for HL7, been acknowledged) its last specimen. */
  sendSeconds: number;
  perAnalyzer: { code: string; protocol: Protocol; specimens: number; results: number; seconds: number }[];
  /** Per message: ASTM until every frame of the transfer was ACKed, HL7 until the LIS's ACK (sent after commit). */
  ack: Record<Protocol, number[]>;
  query: Record<Protocol, number[]>;
  queriesNotFound: number;
  /** HL7 acknowledgements other than a clean AA (AE/AR, or AA with warnings: something held). */
  hl7NotClean: number;
}

export interface PdfJob {
  kind: 'pdf';
  url: string;
  token: string;
  reportIds: string[];
  clients: number;
  pageSize: 'A4' | 'A5';
}

export interface PdfResult {
  seconds: number;
  latency: number[];
  /** The server's own rendering time per request (`X-Render-Ms`). */
  renderMs: number[];
  bytes: number;
}

export type Job = OrdersJob | QcJob | IngestJob | PdfJob;
export type JobAnswer<J extends Job> = J extends OrdersJob ? OrdersResult : J extends IngestJob ? IngestResult : J extends PdfJob ? PdfResult : Record<string, never>;

/** Child → parent. */
export type ClientMessage = { type: 'ready' } | { type: 'result'; result: unknown } | { type: 'error'; message: string };
/** Parent → child, after the job: start sending (ingest), or close the connections and exit. */
export type ParentMessage = { type: 'go' } | { type: 'stop' };

function forkClient(): ChildProcess {
  // Analyzers run on China time, as the LIS reads dates sent without a zone (utcOffsetMinutes 480).
  return fork(resolve(ROOT, 'bench/lis/load-client.ts'), [], { execArgv: ['--import', 'tsx'], cwd: ROOT, env: { ...process.env, TZ: 'Asia/Shanghai' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * Runs a job in a fresh load client. For an ingest, `onReady` is called once every analyzer is connected and must
 * return when to start; the answer arrives when sending is done, and the client keeps its connections open until
 * `stop` (so the LIS is never processing a closed connection's backlog).
 */
export function runJob<J extends Job>(job: J, hooks: { onReady?: () => void } = {}): { answer: Promise<JobAnswer<J>>; go: () => void; stop: () => void; exited: Promise<void> } {
  const child = forkClient();
  const send = (m: ParentMessage | Job) => child.connected && child.send(m);
  let settled = false;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const answer = new Promise<JobAnswer<J>>((done, fail) => {
    child.on('message', (raw) => {
      const m = raw as ClientMessage;
      if (m.type === 'ready') hooks.onReady?.();
      else if (m.type === 'result') {
        settled = true;
        done(m.result as JobAnswer<J>);
      } else {
        settled = true;
        fail(new Error(`load client (${job.kind}): ${m.message}`));
      }
    });
    child.once('error', fail);
    child.once('exit', (code) => {
      if (!settled) fail(new Error(`load client (${job.kind}) exited with ${code}`));
    });
  });
  send(job);
  return { answer, go: () => send({ type: 'go' }), stop: () => send({ type: 'stop' }), exited };
}

/** A job that needs no handshake: its answer, after the client has exited. */
export async function runSimpleJob<J extends OrdersJob | QcJob | PdfJob>(job: J): Promise<JobAnswer<J>> {
  const run = runJob(job);
  const result = await run.answer;
  run.stop();
  await run.exited;
  return result;
}
