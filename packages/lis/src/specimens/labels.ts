import type { Patient } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext } from '@medunion/kernel';
import { renderPdf } from '@medunion/print';
import { loadTubes } from '../catalogue/lookup.ts';
import type { LabelLayout } from '../contracts/specimens.ts';
import { patientName } from '../orders/parties.ts';
import { EXT, sid } from '../urls.ts';
import { PATIENT_TYPES } from './codes.ts';
import { labelDocument, type LabelData } from './label-document.ts';
import { actorFrom } from './ledger.ts';
import { priorityOf, tubeCodeOf } from './specimen-fhir.ts';
import { scanSpecimen, type Scanned } from './scan.ts';

/** Most labels one request prints (a ward's morning round). */
export const MAX_LABELS = 240;

/** Age as printed on a label: years, else months, else days (China date). */
export function ageText(birthDate: string | undefined, at = new Date()): string {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return '';
  const today = new Date(at.getTime() + 8 * 3600_000);
  const [y, m, d] = birthDate.split('-').map(Number);
  let months = (today.getUTCFullYear() - y) * 12 + (today.getUTCMonth() + 1 - m) - (today.getUTCDate() < d ? 1 : 0);
  if (months < 0) months = 0;
  if (months >= 12) return `${Math.floor(months / 12)}岁`;
  if (months >= 1) return `${months}月`;
  return `${Math.max(0, Math.floor((today.getTime() - Date.UTC(y, m - 1, d)) / 86_400_000))}天`;
}

const SEX: Record<string, string> = { male: '男', female: '女' };

function labelOf(s: Scanned, patient: Patient | undefined, institution: string, tubes: Awaited<ReturnType<typeof loadTubes>>, reprint: boolean): LabelData {
  const { specimen, orders } = s;
  const tube = tubes.get(tubeCodeOf(specimen) ?? '');
  const ext = (url: string) => specimen.extension?.find((e) => e.url === url);
  const type = ext(EXT.patientType)?.valueCoding?.code;
  const where = [type ? PATIENT_TYPES[type]?.zh : undefined, ext(EXT.ward)?.valueString, ext(EXT.bed)?.valueString ? `${ext(EXT.bed)!.valueString}床` : undefined].filter(Boolean).join(' ');
  return {
    barcode: specimen.identifier?.find((i) => i.system === sid.barcode(institution))?.value ?? '',
    patientName: (patient && patientName(patient)) ?? specimen.subject?.display ?? '混检',
    sexAge: [patient?.gender ? SEX[patient.gender] : '', ageText(patient?.birthDate)].filter(Boolean).join(' '),
    where,
    tubeName: tube?.name ?? specimen.container?.[0]?.description ?? '',
    capColourName: tube?.capColourName ?? specimen.container?.[0]?.type?.coding?.[0]?.display ?? '',
    capColourHex: tube?.capColourHex ?? '#FFFFFF',
    panels: orders.filter((o) => o.status !== 'revoked').map((o) => o.code?.text ?? ''),
    stat: priorityOf(specimen) === 'stat',
    reprint,
  };
}

/**
 * Barcode labels as a PDF. Every label printed is logged (`lis_label_print`: who, when, layout) and audited as a
 * print; a barcode printed before is a re-print (补打), marked on the label and in the log. Patients are read as the
 * caller, so a label shows only what the caller may see.
 */
export async function printLabels(ctx: ModuleContext, request: RequestContext, institution: string, barcodes: string[], layout: LabelLayout): Promise<{ pdf: Buffer; reprints: string[] }> {
  const scanned: Scanned[] = [];
  const problems = [];
  for (const [i, barcode] of barcodes.entries()) {
    try {
      scanned.push(await scanSpecimen(ctx, request, institution, barcode, `barcodes[${i}]`));
    } catch (err) {
      if (!(err instanceof FhirError)) throw err;
      problems.push(...err.issues);
    }
  }
  if (problems.length) throw new FhirError(problems.some((p) => p.code === 'not-found') ? 404 : 400, problems);
  const patientIds = [...new Set(scanned.map((s) => s.specimen.subject?.reference?.replace(/^Patient\//, '')).filter((id): id is string => !!id))];
  const patients = patientIds.length ? ((await ctx.store.search(request, 'Patient', [['_id', patientIds.join(',')], ['_count', String(patientIds.length)]])).resources as Patient[]) : [];
  const byId = new Map(patients.map((p) => [p.id!, p]));
  const ids = scanned.map((s) => s.specimen.id);
  const { rows } = await ctx.db.query<{ specimen_id: string }>('select distinct specimen_id from lis_label_print where specimen_id = any($1::text[])', [ids]);
  const printedBefore = new Set(rows.map((r) => r.specimen_id));
  const tubes = await loadTubes(ctx, institution);
  const labels = scanned.map((s) => labelOf(s, byId.get(s.specimen.subject?.reference?.replace(/^Patient\//, '') ?? ''), institution, tubes, printedBefore.has(s.specimen.id)));
  const pdf = await renderPdf(await labelDocument(labels, layout));
  const by = actorFrom(request.principal);
  await ctx.db.query(
    `insert into lis_label_print (institution, specimen_id, barcode, layout, reprint, actor, actor_name)
     select $1, s.id, s.barcode, $4, s.reprint, $5, $6 from unnest($2::text[], $3::text[], $7::boolean[]) as s (id, barcode, reprint)`,
    [institution, ids, labels.map((l) => l.barcode), layout, by.actor, by.name ?? null, labels.map((l) => l.reprint)],
  );
  const reprints = labels.filter((l) => l.reprint).map((l) => l.barcode);
  await ctx.audit.record({
    action: 'print',
    principal: request.principal,
    institution,
    resourceType: 'Specimen',
    ...(ids.length === 1 ? { resourceId: ids[0] } : {}),
    ...(patientIds.length === 1 ? { patientId: patientIds[0] } : {}),
    sourceIp: request.sourceIp,
    detail: `LIS 条码打印 / specimen labels (${layout}): ${labels.map((l) => `${l.barcode}${l.reprint ? ' 补打' : ''}`).join(', ')}`.slice(0, 1000),
  });
  return { pdf, reprints };
}

