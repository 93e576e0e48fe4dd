/**
 * Load generator of the recognition benchmark, run as its own process (`node --import tsx`) so the clients do not
 * share the platform's event loop or core: hospital upload clients and virtual doctors over real HTTP with bearer
 * tokens and keep-alive connections. Receives one job over IPC, answers with the timings, exits.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { mrnOf, orderItems, patient, pick, registrations, report, rng } from './workload.ts';

export interface PatientsJob {
  kind: 'patients';
  url: string;
  tokens: Record<string, string>;
  patients: number;
  inCareEvery: number;
  concurrency: number;
}

export interface UploadJob {
  kind: 'upload';
  url: string;
  clients: { institution: string; token: string }[];
  /** Reports per institution; report numbers `from … from + perInstitution - 1`. */
  perInstitution: number;
  from: number;
  patients: number;
  seed: number;
  now: number;
}

export interface DoctorsJob {
  kind: 'doctors';
  url: string;
  tokens: string[];
  /** 东岭 MRNs of the patients in the doctors' care. */
  mrns: string[];
  seconds: number;
  seed: number;
  /** Mean think time between a doctor's calls (exponential), 0 = back to back (saturation). */
  thinkMs: number;
}

export type Job = PatientsJob | UploadJob | DoctorsJob;

export interface JobResult {
  seconds: number;
  /** Latency samples (ms) by request kind. */
  samples: Record<string, number[]>;
  /** Lab results carried by the uploaded reports. */
  results: number;
  errors: number;
  firstError?: string;
  /** Doctor side: how many list answers were non-empty, and how many order checks found a duplicate. */
  nonEmpty?: number;
  duplicates?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

async function send(url: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method, agent, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

class Tally {
  readonly samples: Record<string, number[]> = {};
  errors = 0;
  firstError?: string;
  async time(kind: string, run: () => Promise<{ status: number; text: string }>): Promise<{ status: number; text: string }> {
    const t = performance.now();
    const res = await run();
    (this.samples[kind] ??= []).push(performance.now() - t);
    if (res.status >= 300) {
      this.errors++;
      this.firstError ??= `${kind}: ${res.status} ${res.text.slice(0, 400)}`;
    }
    return res;
  }
}

async function registerPatients(job: PatientsJob): Promise<JobResult> {
  const tally = new Tally();
  const work: [string, number][] = [];
  for (let i = 0; i < job.patients; i++) for (const inst of registrations(i, job.inCareEvery)) work.push([inst, i]);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.concurrency }, async () => {
      while (next < work.length) {
        const [inst, i] = work[next++];
        const p = patient(i);
        await tally.time('patient', () => send(job.url, 'POST', '/api/recognition/v1/patients', job.tokens[inst], { mrn: mrnOf(inst, i), name: p.name, gender: p.gender, birthDate: p.birthDate, idCard: p.idCard }));
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, samples: tally.samples, results: 0, errors: tally.errors, firstError: tally.firstError };
}

async function uploadReports(job: UploadJob): Promise<JobResult> {
  const tally = new Tally();
  const next: Record<string, number> = {};
  let results = 0;
  const t0 = performance.now();
  await Promise.all(
    job.clients.map(async ({ institution, token }) => {
      next[institution] ??= 0;
      while (next[institution] < job.perInstitution) {
        const n = job.from + next[institution]++;
        const r = report(n, institution, job.patients, job.seed, job.now);
        const res = await tally.time(r.path.endsWith('lab-reports') ? 'lab' : 'exam', () => send(job.url, 'POST', r.path, token, r.body));
        if (res.status < 300) results += r.results;
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, samples: tally.samples, results, errors: tally.errors, firstError: tally.firstError };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each virtual doctor alternates 互认信息列表 and 处方保存校验 for a random patient in care until time is up: back to
 * back (`thinkMs` 0, the platform's ceiling), or with an exponential think time between calls (doctors working:
 * they start at random moments in the first think interval, so they do not call in step).
 */
async function doctors(job: DoctorsJob): Promise<JobResult> {
  const tally = new Tally();
  let nonEmpty = 0;
  let duplicates = 0;
  const stopAt = performance.now() + job.seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    job.tokens.map(async (token, d) => {
      const r = rng(job.seed * 131 + d);
      const think = () => (job.thinkMs > 0 ? sleep(-Math.log(1 - r()) * job.thinkMs) : Promise.resolve());
      if (job.thinkMs > 0) await sleep(r() * job.thinkMs);
      for (let k = 0; performance.now() < stopAt; k++, await think()) {
        const mrn = pick(r, job.mrns);
        if ((k + d) % 2 === 0) {
          const res = await tally.time('listRecognizable', () => send(job.url, 'GET', `/api/recognition/v1/recognizable?mrn=${mrn}`, token));
          if (res.status === 200 && (JSON.parse(res.text) as { count: number }).count > 0) nonEmpty++;
        } else {
          const res = await tally.time('checkOrder', () => send(job.url, 'POST', '/api/recognition/v1/orders/check', token, { mrn, items: orderItems(r) }));
          if (res.status === 200 && (JSON.parse(res.text) as { duplicates: unknown[] }).duplicates.length > 0) duplicates++;
        }
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, samples: tally.samples, results: 0, errors: tally.errors, firstError: tally.firstError, nonEmpty, duplicates };
}

if (process.send) {
  process.once('message', (job: Job) => {
    const run = job.kind === 'patients' ? registerPatients(job) : job.kind === 'upload' ? uploadReports(job) : doctors(job);
    run.then(
      (result) => process.send!(result, () => process.exit(0)),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
