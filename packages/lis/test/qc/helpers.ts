import type { Device, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { SYSTEM_PRINCIPAL, type RequestContext } from '@medunion/kernel';
import { eventsSettled } from '../../../server/test/http/helpers.ts';
import type { TestPlatform } from '../../../server/test/platform.ts';

export const LAB = 'lead-hospital';
export const JSON_HEADERS = { 'content-type': 'application/json' };
export const SYSTEM: RequestContext = { principal: SYSTEM_PRINCIPAL };

/** JSON in, status and parsed JSON out. */
export async function call<T = Record<string, unknown>>(t: TestPlatform, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.request(method, path, { token, body, headers: JSON_HEADERS });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const expressions = (o: unknown): string[] => ((o as OperationOutcome).issue ?? []).flatMap((i) => i.expression ?? []);

/** A small catalogue for the lead hospital's laboratory, through the catalogue area's import (as the region admin). */
export async function importCatalogue(t: TestPlatform, admin: string): Promise<void> {
  const res = await call(t, 'POST', `/api/lis/catalogue/import?institution=${LAB}`, admin, {
    tubes: [
      { code: 'SST', name: '黄头管', specimenType: '02', capColour: 'yellow' },
      { code: 'EDTA', name: '紫头管', specimenType: '01', capColour: 'purple' },
    ],
    tests: [
      { code: 'GLU', name: '葡萄糖', unit: 'mmol/L', decimals: 2, referenceRanges: [{ low: 3.9, high: 6.1 }] },
      { code: 'NA', name: '钠', unit: 'mmol/L', decimals: 1, referenceRanges: [{ low: 137, high: 147 }] },
      { code: 'K', name: '钾', unit: 'mmol/L', decimals: 2, referenceRanges: [{ low: 3.5, high: 5.3 }] },
      { code: 'WBC', name: '白细胞', unit: '10^9/L', decimals: 2, referenceRanges: [{ low: 3.5, high: 9.5 }] },
      { code: 'HBSAG', name: '乙肝表面抗原', kind: 'qualitative', referenceRanges: [{ expected: ['阴性'] }] },
    ],
    panels: [
      { code: 'FBG', name: '空腹血糖', section: 'biochemistry', tube: 'SST', tests: ['GLU'], price: 5, tatTargetMinutes: 120 },
      { code: 'ELEC', name: '电解质', section: 'biochemistry', tube: 'SST', tests: ['NA', 'K'], price: 24, tatTargetMinutes: 60 },
      { code: 'CBC', name: '血常规', section: 'clinical', tube: 'EDTA', tests: ['WBC'], price: 20, tatTargetMinutes: 30 },
      { code: 'HBV', name: '乙肝表面抗原', section: 'immunology', tube: 'SST', tests: ['HBSAG'], price: 15 },
    ],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** An analyzer of the laboratory as FHIR Device (the instruments area configures connections; QC needs only the Device). */
export async function createDevice(t: TestPlatform, id: string, name: string, institution = LAB): Promise<string> {
  const device: Device = { resourceType: 'Device', id, deviceName: [{ name, type: 'user-friendly-name' }], status: 'active' };
  await t.platform.kernel.store.update(SYSTEM, device, { institution });
  return id;
}

/** Writes a resource as the system, owned by the laboratory (a stand-in for the areas that write it in production). */
export async function put<T extends Resource>(t: TestPlatform, resource: T & { id: string }, institution = LAB): Promise<T> {
  return (await t.platform.kernel.store.update(SYSTEM, resource, { institution })).resource as T;
}

/** Waits until the event subscribers (the statistics projection and PBRTQC among them) have handled every change. */
export const settled = (t: TestPlatform): Promise<void> => eventsSettled(t, 60_000);

export { inflatePdf } from '../specimens/pdf.ts';

/**
 * An audit entry of `action` whose description contains `text`. Downloads are audited once the last byte is
 * written, which the client may see before the entry commits, hence the short wait.
 */
export async function auditEntry(t: TestPlatform, action: string, text: string): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    const found = await t.platform.kernel.audit.search({ action, count: 200 });
    if (found.entries.some((e) => e.outcomeDesc?.includes(text))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
