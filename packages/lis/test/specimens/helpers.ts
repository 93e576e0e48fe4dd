import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { TestPlatform } from '../../../server/test/platform.ts';
import type { LabOrderInput, LabOrderResult } from '../../src/contracts/specimens.ts';
import { call, expectStatus } from '../catalogue/helpers.ts';

export { call, expectStatus, expressions, issueText, lisContext, startLisPlatform } from '../catalogue/helpers.ts';

/** Posts raw bytes (HL7 text, a spreadsheet) and returns status, content type and body bytes. */
export async function sendBytes(t: TestPlatform, path: string, token: string, bytes: Uint8Array | string, contentType: string): Promise<{ status: number; type: string; bytes: Buffer; json: () => unknown }> {
  const res = await fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body: typeof bytes === 'string' ? bytes : Buffer.from(bytes) });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') ?? '', bytes: body, json: () => JSON.parse(body.toString('utf8')) };
}

/** Places an order and expects it to be written (201). */
export async function order(t: TestPlatform, token: string, input: LabOrderInput): Promise<LabOrderResult> {
  const r = await call<LabOrderResult>(t, 'POST', '/api/lis/orders', token, input);
  expectStatus(r, 201);
  return r.body;
}

/** MRN (病历号) and resident ID card of a demo patient, read through the FHIR API. */
export async function identifiersOf(t: TestPlatform, token: string, patientId: string): Promise<{ mrn: string; idCard: string; name: string }> {
  const r = await call<Patient>(t, 'GET', `/fhir/R4/Patient/${patientId}`, token);
  expectStatus(r, 200);
  const id = (system: string) => r.body.identifier?.find((i) => i.system?.startsWith(system))?.value ?? '';
  return { mrn: id('https://medunion.org/fhir/sid/mrn/'), idCard: id('urn:oid:2.16.156.10011.1.3'), name: r.body.name?.[0]?.text ?? '' };
}

/** Number of ServiceRequests the admin sees (to prove a refused import wrote nothing). */
export async function orderCount(t: TestPlatform, admin: string): Promise<number> {
  const r = await call<{ total: number }>(t, 'GET', '/fhir/R4/ServiceRequest?_summary=count', admin);
  expectStatus(r, 200);
  return r.body.total;
}

/** Luhn check of a barcode. */
export function luhnValid(code: string): boolean {
  let sum = 0;
  [...code].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  });
  return sum % 10 === 0;
}

export { expect };
