/**
 * The laboratory as the benchmark runs it, set up through the LIS APIs as its head would: the catalogue (import),
 * the analyzers (instruments API, servers on 127.0.0.1 port 0) and their QC (material, lot, one level per analyzer's
 * control sample id, fixed targets). The synthetic patients are written straight through the store: registration
 * belongs to the HIS, not to the laboratory.
 */
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { SYSTEM_PRINCIPAL } from '../../packages/kernel/src/access/principal.ts';
import { INSTITUTION_EXTENSION } from '../../packages/kernel/src/store/fhir-store.ts';
import type { Instrument, InstrumentStatus } from '../../packages/lis/src/contracts/instruments.ts';
import type { QcLot, QcMaterial, QcStatusReport } from '../../packages/lis/src/contracts/qc.ts';
import type { Platform } from '../../packages/server/src/app.ts';
import { DEMO_PASSWORD } from '../../packages/server/src/bootstrap/demo-region.ts';
import { instrumentInputs, qcSampleOf, type Protocol } from './analyzers.ts';
import { benchCatalogue } from './catalogue.ts';
import { call, login } from './http.ts';
import { LAB, lisPatient, patientResource } from './patients.ts';
import { qcTargets } from './results.ts';

export interface LabInstrument {
  protocol: Protocol;
  code: string;
  id: string;
  port: number;
}

export interface Lab {
  tokens: { doctor: string; lab: string; head: string };
  instruments: LabInstrument[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, seconds: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const stop = Date.now() + seconds * 1000;
  for (;;) {
    const got = await probe();
    if (got) return got;
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export async function setUpLab(url: string, analyzers: { astm: number; hl7: number }): Promise<Lab> {
  const [doctor, lab, head] = await Promise.all(['lead.doctor', 'lead.lab', 'lead.labhead'].map((u) => login(url, u, DEMO_PASSWORD)));
  await call(url, 'POST', '/api/lis/catalogue/import', head, benchCatalogue());

  const instruments: LabInstrument[] = [];
  for (const { protocol, input } of instrumentInputs(analyzers.astm, analyzers.hl7)) {
    const created = await call<Instrument>(url, 'POST', '/api/lis/instruments', head, input);
    const status = await until(`${input.code} listening`, 30, async () => {
      const s = await call<InstrumentStatus>(url, 'GET', `/api/lis/instruments/${created.id}/status`, head);
      return s.state === 'listening' && s.listening ? s : undefined;
    });
    instruments.push({ protocol, code: input.code, id: created.id, port: status.listening!.port });
  }

  // One control material per section; every analyzer reports its level under its own sample id.
  const validFrom = new Date(Date.now() - 86_400_000).toISOString();
  for (const protocol of ['astm', 'hl7'] as const) {
    const mine = instruments.filter((i) => i.protocol === protocol);
    const material = await call<QcMaterial>(url, 'POST', '/api/lis/qc/materials', head, protocol === 'astm' ? { name: '生化复合质控', manufacturer: 'Bio-Rad', matrix: '人血清' } : { name: '全血质控', manufacturer: 'Mindray', matrix: '全血' });
    const { lot } = await call<{ lot: QcLot }>(url, 'POST', '/api/lis/qc/lots', head, {
      materialId: material.id,
      lotNo: protocol === 'astm' ? '26531' : 'B2601',
      expiresOn: '2099-12-31',
      levels: [{ level: '1', samples: mine.map((i) => ({ sampleId: qcSampleOf(i.code), instrumentId: i.id })) }],
    });
    for (const i of mine) {
      for (const t of qcTargets(protocol === 'astm' ? 'chemistry' : 'cbc')) {
        await call(url, 'POST', '/api/lis/qc/targets', head, { testCode: t.test, instrumentId: i.id, levelId: lot.levels[0].id, source: 'fixed', mean: t.mean, sd: t.sd, validFrom, reason: '说明书靶值' });
      }
    }
  }
  return { tokens: { doctor, lab, head }, instruments };
}

/** Waits until every analyzer's every QC'd test is in control (the control run went through the instrument path). */
export async function waitForQcInControl(url: string, token: string, instruments: LabInstrument[]): Promise<number> {
  const ids = new Set(instruments.map((i) => i.id));
  return until('QC in control on every analyzer', 120, async () => {
    const { statuses } = await call<{ statuses: QcStatusReport[] }>(url, 'GET', '/api/lis/qc/status', token);
    const mine = statuses.filter((s) => ids.has(s.instrumentId));
    return mine.length > 0 && mine.every((s) => s.status === 'in-control') && mine.length;
  });
}

/** Patients `0 … count − 1` of the county hospital, in transaction Bundles (idempotent PUTs). */
export async function writePatients(platform: Platform, count: number): Promise<void> {
  const ctx = { principal: SYSTEM_PRINCIPAL };
  for (let from = 0; from < count; from += 250) {
    const entry: BundleEntry[] = [];
    for (let i = from; i < Math.min(count, from + 250); i++) {
      const p = patientResource(lisPatient(i));
      entry.push({ resource: { ...p, meta: { extension: [{ url: INSTITUTION_EXTENSION, valueReference: { reference: `Organization/${LAB}` } }] } }, request: { method: 'PUT', url: `Patient/${p.id}` } });
    }
    await platform.kernel.store.bundle(ctx, { resourceType: 'Bundle', type: 'transaction', entry } satisfies Bundle);
  }
}
