import net from 'node:net';
import type { OperationOutcome, Patient, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import type { TestPlatform } from '../../../server/test/platform.ts';
import type { Instrument, InstrumentInput, InstrumentStatus } from '../../src/contracts/instruments.ts';
import { CS, EXT, sid } from '../../src/urls.ts';
import { waitFor } from './helpers.ts';

export const INSTITUTION = 'lead-hospital';

export async function call<T = Record<string, unknown>>(t: TestPlatform, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.request(method, path, { token, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const expressions = (o: unknown): string[] => ((o as OperationOutcome).issue ?? []).flatMap((i) => i.expression ?? []);

export function lisContext(t: TestPlatform): ModuleContext {
  const ctx = t.platform.runtime.contexts.get('lis');
  if (!ctx) throw new Error('the lis module is not loaded');
  return ctx;
}

/** Configures an instrument through the API and waits until its connection is up (listening or connected). */
export async function configure(t: TestPlatform, token: string, input: InstrumentInput): Promise<{ instrument: Instrument; status: InstrumentStatus }> {
  const created = await call<Instrument>(t, 'POST', '/api/lis/instruments', token, input);
  if (created.status !== 201) throw new Error(`createInstrument: ${created.status} ${JSON.stringify(created.body)}`);
  const status = await statusWhen(t, token, created.body.id, (s) => s.state === 'listening' || s.state === 'connected');
  return { instrument: created.body, status };
}

export async function statusWhen(t: TestPlatform, token: string, id: string, ok: (s: InstrumentStatus) => boolean, what = 'instrument status'): Promise<InstrumentStatus> {
  return waitFor(async () => {
    const s = await call<InstrumentStatus>(t, 'GET', `/api/lis/instruments/${id}/status`, token);
    return ok(s.body) && s.body;
  }, what);
}

export function connectTo(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const patients = new WeakMap<TestPlatform, string>();

/**
 * A received specimen of the lead hospital with its orders, written as the README's FHIR model describes them
 * (ServiceRequest per panel pointing at the Specimen; barcode, sample number and LIS status on the Specimen) — the
 * shape `findSpecimen` reads, independent of how the order/accession screens produce it.
 */
export async function seedSpecimen(t: TestPlatform, input: { barcode: string; sampleNo?: string; panels: string[]; stat?: boolean }): Promise<string> {
  const ctx = lisContext(t);
  const system = ctx.systemContext;
  const opts = { institution: INSTITUTION };
  let patientId = patients.get(t);
  if (!patientId) {
    const patient: Patient = { resourceType: 'Patient', name: [{ text: '王小明', family: '王', given: ['小明'] }], gender: 'male', birthDate: '1985-01-30' };
    patientId = (await ctx.store.create(system, patient, opts)).resource.id!;
    patients.set(t, patientId);
  }
  const subject = { reference: `Patient/${patientId}` };
  const orders: (ServiceRequest & { id: string })[] = [];
  for (const panel of input.panels) {
    const order: ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      priority: input.stat ? 'stat' : 'routine',
      identifier: [{ system: sid.orderLine(INSTITUTION), value: `${input.barcode}/${panel}` }],
      requisition: { system: sid.requisition(INSTITUTION), value: `R${input.barcode}` },
      code: { coding: [{ system: CS.panels(INSTITUTION), code: panel }] },
      subject,
      authoredOn: new Date().toISOString(),
    };
    orders.push((await ctx.store.create(system, order, opts)).resource as ServiceRequest & { id: string });
  }
  const specimen: Specimen = {
    resourceType: 'Specimen',
    status: 'available',
    identifier: [{ use: 'official', system: sid.barcode(INSTITUTION), value: input.barcode }],
    ...(input.sampleNo ? { accessionIdentifier: { system: sid.sampleNo(INSTITUTION), value: input.sampleNo } } : {}),
    subject,
    request: orders.map((o) => ({ reference: `ServiceRequest/${o.id}` })),
    receivedTime: new Date().toISOString(),
    extension: [{ url: EXT.specimenStatus, valueCoding: { system: CS.specimenStatus, code: 'received' } }],
  };
  const stored = (await ctx.store.create(system, specimen, opts)).resource as Specimen & { id: string };
  for (const order of orders) await ctx.store.update(system, { ...order, specimen: [{ reference: `Specimen/${stored.id}` }] }, opts);
  return stored.id;
}

export async function observationsOf(t: TestPlatform, specimenId: string): Promise<{ code: string; value: string }[]> {
  const ctx = lisContext(t);
  const { resources } = await ctx.store.search(ctx.systemContext, 'Observation', [['specimen', `Specimen/${specimenId}`], ['_count', '100']]);
  return resources
    .map((r) => r as { code?: { coding?: { system?: string; code?: string }[] }; valueQuantity?: { value?: number }; valueString?: string })
    .map((o) => ({ code: o.code?.coding?.find((c) => c.system === CS.tests(INSTITUTION))?.code ?? '', value: o.valueQuantity?.value !== undefined ? String(o.valueQuantity.value) : (o.valueString ?? '') }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
