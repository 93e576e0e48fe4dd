/**
 * The load client's HTTP side: keep-alive requests with bearer tokens, the set-up's orders and receipts, and the
 * PDF downloads. Any failed request fails the job: the benchmark measures a working platform or nothing.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { LabOrderResult, ReceiveOutcome } from '../../packages/lis/src/contracts/specimens.ts';
import { CBC_PANEL, CBC_TUBE, CHEMISTRY_PANELS, CHEMISTRY_TUBE } from './analyzers.ts';
import type { OrdersJob, OrdersResult, PdfJob, PdfResult, Requisition } from './jobs.ts';
import { lisPatient } from './patients.ts';

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

interface Reply {
  status: number;
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function send(url: string, method: string, path: string, token: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((done, fail) => {
    const req = request(
      `${url}${path}`,
      { method, agent, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

async function json<T>(url: string, method: string, path: string, token: string, body?: unknown, expect = 200): Promise<T> {
  const res = await send(url, method, path, token, body);
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${res.body.toString('utf8').slice(0, 500)}`);
  return JSON.parse(res.body.toString('utf8')) as T;
}

/** Runs `work(i)` for i in 0…n−1 with `clients` concurrent workers. */
async function pool(n: number, clients: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(clients, n) }, async () => {
    while (next < n) await work(next++);
  }));
}

const RECEIVE_BATCH = 100;

/** A doctor orders 肝功能 + 电解质 + 血脂 + 血常规 with accession (two tubes); the lab receives the tubes by batch scan. */
export async function placeOrders(job: OrdersJob): Promise<OrdersResult> {
  const requisitions: Requisition[] = [];
  const order: number[] = [];
  const receive: number[] = [];
  const count = job.to - job.from;
  let t0 = performance.now();
  await pool(count, job.clients, async (k) => {
    const p = lisPatient(job.from + k);
    const input = { patient: { id: p.id }, panels: [...CHEMISTRY_PANELS, CBC_PANEL], department: 'nk', ward: '内科一病区', bed: String(1 + (p.index % 40)), patientType: '3', accession: true };
    const t = performance.now();
    const placed = await json<LabOrderResult>(job.url, 'POST', '/api/lis/orders', job.doctorToken, input, 201);
    order.push(performance.now() - t);
    const tube = (code: string) => placed.specimens?.find((s) => s.tube.code === code)?.barcode;
    const chemistry = tube(CHEMISTRY_TUBE);
    const cbc = tube(CBC_TUBE);
    if (!chemistry || !cbc) throw new Error(`requisition ${placed.requisition}: expected ${CHEMISTRY_TUBE} and ${CBC_TUBE} tubes, got ${JSON.stringify(placed.specimens?.map((s) => s.tube.code))}`);
    requisitions.push({ index: p.index, chemistry, cbc });
  });
  const orderSeconds = (performance.now() - t0) / 1000;
  requisitions.sort((a, b) => a.index - b.index);
  const barcodes = requisitions.flatMap((r) => [r.chemistry, r.cbc]);
  t0 = performance.now();
  await pool(Math.ceil(barcodes.length / RECEIVE_BATCH), job.clients, async (b) => {
    const batch = barcodes.slice(b * RECEIVE_BATCH, (b + 1) * RECEIVE_BATCH);
    const t = performance.now();
    const out = await json<ReceiveOutcome[]>(job.url, 'POST', '/api/lis/specimens/receive', job.labToken, { barcodes: batch });
    receive.push(performance.now() - t);
    const bad = out.find((o) => o.outcome !== 'received');
    if (bad) throw new Error(`receive ${bad.barcode}: ${bad.outcome} ${bad.message ?? ''}`);
  });
  return { requisitions, orderSeconds, receiveSeconds: (performance.now() - t0) / 1000, order, receive };
}

/** Downloads report PDFs with `clients` concurrent clients, each checked to be a PDF. */
export async function downloadPdfs(job: PdfJob): Promise<PdfResult> {
  const latency: number[] = [];
  const renderMs: number[] = [];
  let bytes = 0;
  const t0 = performance.now();
  await pool(job.reportIds.length, job.clients, async (i) => {
    const t = performance.now();
    const res = await send(job.url, 'GET', `/api/lis/reports/${job.reportIds[i]}/pdf?pageSize=${job.pageSize}`, job.token);
    latency.push(performance.now() - t);
    if (res.status !== 200 || res.body.subarray(0, 5).toString() !== '%PDF-') throw new Error(`report ${job.reportIds[i]} PDF: ${res.status} ${res.body.toString('utf8').slice(0, 300)}`);
    bytes += res.body.length;
    const ms = Number(res.headers['x-render-ms']);
    if (Number.isFinite(ms)) renderMs.push(ms);
  });
  return { seconds: (performance.now() - t0) / 1000, latency, renderMs, bytes };
}
