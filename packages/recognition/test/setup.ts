import type { OperationOutcome } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import { MPI_SUBSCRIBERS, subscribersSettled } from '../../server/test/http/helpers.ts';
import type { TestPlatform } from '../../server/test/platform.ts';
import { EXAM_CATALOGUE, LAB_CATALOGUE } from '../src/urls.ts';
import { assemblePdf } from '../src/demo/demo-pdf.ts';

export const JSON_HEADERS = { 'content-type': 'application/json' };
export const UPLOAD_PASSWORD = 'Upload@2026x';

/** POSTs/PUTs JSON and returns status and parsed body. */
export async function call<T = Record<string, unknown>>(t: TestPlatform, method: string, path: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await t.request(method, path, { token, body, headers: JSON_HEADERS });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export const expressions = (o: unknown): string[] => ((o as OperationOutcome).issue ?? []).flatMap((i) => i.expression ?? []);

/** A user with `interface` + `recognition-uploader` in one institution, as a hospital's upload account. */
export async function createUploader(t: TestPlatform, username: string, institution: string): Promise<void> {
  await t.platform.kernel.auth.createUser({
    username,
    password: UPLOAD_PASSWORD,
    roles: [
      { role: 'interface', institution },
      { role: 'recognition-uploader', institution },
    ],
  });
}

/** The institution's local dictionaries (as CSV imports) mapped to the recognition catalogues, through the terminology API. */
export async function mapLocalItems(t: TestPlatform, adminToken: string, lab: [string, string, string | null][], exam: [string, string, string | null][]): Promise<void> {
  for (const [kind, rows, target] of [
    ['lab-items', lab, LAB_CATALOGUE],
    ['exam-items', exam, EXAM_CATALOGUE],
  ] as const) {
    if (!rows.length) continue;
    const csv = `code,name\n${rows.map(([code, name]) => `${code},${name}`).join('\n')}\n`;
    const imported = await fetch(`${t.url}/api/terminology/import?kind=${kind}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' }, body: csv });
    expect(imported.status, await imported.clone().text()).toBe(201);
    const { codeSystem } = (await imported.json()) as { codeSystem: { url: string } };
    const mappings = rows.filter(([, , to]) => to).map(([code, , to]) => ({ code, target: to }));
    const saved = await call(t, 'POST', '/api/terminology/mapping', adminToken, { dictionary: codeSystem.url, target, mappings });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
}

/** A small, well-formed PDF (header, one page, xref at the offset startxref names, %%EOF). */
export function minimalPdf(text = 'report'): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    `<< /Length ${text.length + 22} >>\nstream\nBT /F1 12 Tf (${text}) Tj ET\nendstream`,
  ];
  return assemblePdf(objects);
}

/** Waits until the patient index has handled every Patient change (so golden records link the uploads). */
export function indexSettled(t: TestPlatform): Promise<void> {
  return subscribersSettled(t, MPI_SUBSCRIBERS);
}
