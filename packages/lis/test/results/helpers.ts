import type { Device, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { SYSTEM_PRINCIPAL, type RequestContext } from '@medunion/kernel';
import type { TestPlatform } from '../../../server/test/platform.ts';
import type { LabOrderResult } from '../../src/contracts/specimens.ts';
import type { EnterResultsResponse, ReportSummary } from '../../src/contracts/results.ts';
import { call, expectStatus } from '../catalogue/helpers.ts';

export { call, expectStatus, expressions, issueText, lisContext, startLisPlatform } from '../catalogue/helpers.ts';
export { inflatePdf } from '../qc/helpers.ts';

export const LAB = 'lead-hospital';
export const SYSTEM: RequestContext = { principal: SYSTEM_PRINCIPAL, interface: 'module' };

/** Orders panels for a demo patient as the doctor, accessions them into tubes and receives each tube at the lab. */
export async function orderAndReceive(t: TestPlatform, doctor: string, lab: string, patient: string, panels: string[], extra: Record<string, unknown> = {}): Promise<{ barcode: string; specimenId: string }[]> {
  const ordered = await call<LabOrderResult>(t, 'POST', '/api/lis/orders', doctor, { patient: { id: patient }, panels, department: 'nk', ward: '内科一病区', bed: '08', patientType: '3', accession: true, confirmDuplicates: true, ...extra });
  expectStatus(ordered, 201);
  const tubes = ordered.body.specimens ?? [];
  for (const s of tubes) expectStatus(await call(t, 'POST', `/api/lis/specimens/${s.barcode}/receive`, lab, {}), 200);
  return tubes.map((s) => ({ barcode: s.barcode, specimenId: s.id }));
}

/** Enters results at the bench (lis.result.enter) and expects them stored. */
export async function enter(t: TestPlatform, token: string, barcode: string, results: Record<string, string>): Promise<EnterResultsResponse> {
  const r = await call<EnterResultsResponse>(t, 'POST', `/api/lis/results/specimens/${barcode}`, token, { results: Object.entries(results).map(([testCode, value]) => ({ testCode, value })) });
  expectStatus(r, 200);
  return r.body;
}

/** The report of a specimen (first one) as the bench sees it. */
export async function reportOf(t: TestPlatform, token: string, barcode: string): Promise<ReportSummary> {
  const r = await call<{ reports: ReportSummary[] }>(t, 'GET', `/api/lis/results/specimens/${barcode}`, token);
  expectStatus(r, 200);
  return r.body.reports.find((x) => x.status !== 'entered-in-error')!;
}

/** An analyzer as the instruments area stores it (a FHIR Device of the laboratory). */
export async function createDevice(t: TestPlatform, id: string, name: string): Promise<string> {
  const device: Device = { resourceType: 'Device', id, deviceName: [{ name, type: 'user-friendly-name' }], status: 'active' };
  await t.platform.kernel.store.update(SYSTEM, device, { institution: LAB });
  return id;
}

/**
 * Internal QC of a test on an analyzer, in control now: a material, a lot with one level (its sample id on that
 * analyzer), a target and one control result near the mean — through the QC area's API.
 */
export async function qcInControl(t: TestPlatform, head: string, tech: string, instrumentId: string, testCode: string, mean: number): Promise<void> {
  const material = await call<{ id: string }>(t, 'POST', '/api/lis/qc/materials', head, { name: `质控品 ${testCode} ${instrumentId}` });
  expectStatus(material, 201);
  const lot = await call<{ lot: { levels: { id: string }[] } }>(t, 'POST', '/api/lis/qc/lots', head, {
    materialId: material.body.id,
    lotNo: `L-${testCode}-${instrumentId}`.slice(0, 30),
    expiresOn: '2099-12-31',
    levels: [{ level: '1', samples: [{ sampleId: `QC-${testCode}`, instrumentId }] }],
  });
  expectStatus(lot, 201);
  const levelId = lot.body.lot.levels[0].id;
  const since = new Date(Date.now() - 3 * 3600_000).toISOString();
  expectStatus(await call(t, 'POST', '/api/lis/qc/targets', head, { testCode, instrumentId, levelId, source: 'fixed', mean, sd: mean / 50, validFrom: since, reason: '测试靶值' }), 201);
  expectStatus(await call(t, 'POST', '/api/lis/qc/results', tech, { instrumentId, testCode, levelId, value: mean, measuredAt: new Date(Date.now() - 3600_000).toISOString() }), 201);
}

/** Reads a resource through the FHIR API as the given user. */
export async function fhir<T extends Resource>(t: TestPlatform, token: string, path: string): Promise<T> {
  const r = await call<T>(t, 'GET', `/fhir/R4/${path}`, token);
  expectStatus(r, 200);
  return r.body;
}

export const outcomeText = (o: unknown): string => ((o as OperationOutcome).issue ?? []).map((i) => i.details?.text ?? '').join(' | ');

/** Downloads a PDF (GET or POST) and returns its bytes and headers. */
export async function pdf(t: TestPlatform, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** The page size of each page of a PDF (its MediaBox), in points rounded to integers. */
export function mediaBoxes(bytes: Buffer): [number, number][] {
  return [...bytes.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
}

export { expect };
