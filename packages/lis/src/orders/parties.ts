import type { Organization, Patient, Practitioner } from '@medplum/fhirtypes';
import { FhirError, type ModuleContext, type RequestContext, type Unit } from '@medunion/kernel';
import type { LabOrderPatientRef } from '../contracts/specimens.ts';
import { MRN_SYSTEM_PREFIX, RESIDENT_ID_CARD } from '../specimens/codes.ts';
import { fieldError } from '../http/errors.ts';

// Who an order involves — the patient, the ordering department and doctor — resolved through the store as the
// caller, so only what the caller may see can be ordered for (access policies apply).

export interface ResolvedPatient {
  id: string;
  name?: string;
  resource: Patient & { id: string };
}

/** The institution's 病历号 system: the terminology module's registry when loaded, else the same documented URI. */
export function mrnSystemOf(ctx: ModuleContext, institution: string): string {
  try {
    return ctx.service<{ institutionSystems(id: string): { mrn: string } }>('terminology').institutionSystems(institution).mrn;
  } catch {
    return `${MRN_SYSTEM_PREFIX}/${institution}`;
  }
}

export const patientName = (p: Patient): string | undefined => p.name?.[0]?.text ?? ([p.name?.[0]?.family, ...(p.name?.[0]?.given ?? [])].filter(Boolean).join('') || undefined);

/**
 * The Patient an order names: by id, else by MRN of the institution, else by resident ID card (a person registered
 * at several institutions: the one this institution manages). 422 naming the field when none is found.
 */
export async function resolvePatient(ctx: ModuleContext, request: RequestContext, institution: string, ref: LabOrderPatientRef, path = 'patient', unit?: Unit): Promise<ResolvedPatient> {
  const done = (p: Patient) => ({ id: p.id!, ...(patientName(p) ? { name: patientName(p) } : {}), resource: p as Patient & { id: string } });
  if (ref.id) {
    try {
      return done((await ctx.store.read(request, 'Patient', ref.id, unit)) as Patient);
    } catch (err) {
      if (err instanceof FhirError && (err.status === 404 || err.status === 410 || err.status === 403)) {
        throw fieldError(422, `${path}.id`, `患者 ${ref.id} 不存在或无权访问`, `Patient ${ref.id} does not exist or is not visible to you`, 'not-found');
      }
      throw err;
    }
  }
  const lookups: [string, string, string][] = [];
  if (ref.mrn) lookups.push(['mrn', `${mrnSystemOf(ctx, institution)}|${ref.mrn}`, `病历号 ${ref.mrn}`]);
  if (ref.idCard) lookups.push(['idCard', `${RESIDENT_ID_CARD}|${ref.idCard}`, `身份证号 ${ref.idCard}`]);
  if (!lookups.length) throw fieldError(400, path, '须以 id、mrn（病历号）或 idCard（身份证号）指明患者', 'Name the patient by id, mrn or idCard', 'required');
  for (const [field, identifier, zh] of lookups) {
    const found = (await ctx.store.search(request, 'Patient', [['identifier', identifier], ['active:not', 'false'], ['_count', '10']], unit)).resources as Patient[];
    const own = found.filter((p) => p.managingOrganization?.reference === `Organization/${institution}`);
    const pick = own.length ? own : found;
    if (pick.length > 1) throw fieldError(409, `${path}.${field}`, `${zh} 对应多名患者，请以患者 id 指明`, `Several patients have this ${field}; name the patient by id`, 'multiple-matches');
    if (pick.length === 1) return done(pick[0]);
  }
  const [field, , zh] = lookups[0];
  throw fieldError(422, `${path}.${field}`, `未找到${zh}的患者（须先在本机构建档）`, `No patient with this ${field} (register the patient first)`, 'not-found');
}

/** An institution's department by Organization id or by department code (its identifier), or 422 naming `field`. */
export async function resolveDepartment(ctx: ModuleContext, request: RequestContext, institution: string, value: string, field = 'department', unit?: Unit): Promise<{ id: string; name?: string }> {
  const asId = /^[A-Za-z0-9\-.]{1,64}$/.test(value)
    ? ((await ctx.store.search(request, 'Organization', [['_id', value], ['partof', `Organization/${institution}`]], unit)).resources[0] as Organization | undefined)
    : undefined;
  const org = asId ?? ((await ctx.store.search(request, 'Organization', [['identifier', value], ['partof', `Organization/${institution}`], ['_count', '2']], unit)).resources[0] as Organization | undefined);
  if (!org) throw fieldError(422, field, `本机构没有科室 ${value}`, `No department ${value} in this institution`, 'not-found');
  return { id: org.id!, ...(org.name ? { name: org.name } : {}) };
}

export const practitionerName = (p: Practitioner): string | undefined => p.name?.[0]?.text ?? ([p.name?.[0]?.family, ...(p.name?.[0]?.given ?? [])].filter(Boolean).join('') || undefined);

/** The ordering doctor: a Practitioner id, or the caller's own practitioner; undefined when neither is known. */
export async function resolveRequester(ctx: ModuleContext, request: RequestContext, id: string | undefined, field = 'requester', unit?: Unit): Promise<{ reference: string; display?: string } | undefined> {
  const reference = id ? `Practitioner/${id}` : request.principal.profile?.startsWith('Practitioner/') ? request.principal.profile : undefined;
  if (!reference) return undefined;
  try {
    const p = (await ctx.store.read(request, 'Practitioner', reference.slice('Practitioner/'.length), unit)) as Practitioner;
    return { reference, ...(practitionerName(p) ? { display: practitionerName(p) } : {}) };
  } catch (err) {
    if (!(err instanceof FhirError)) throw err;
    if (id) throw fieldError(422, field, `医生 ${id} 不存在或无权访问`, `Practitioner ${id} does not exist or is not visible to you`, 'not-found');
    return { reference, ...(request.principal.displayName ? { display: request.principal.displayName } : {}) };
  }
}

/** A Practitioner named by its id, a staff identifier (ORC-12 / OBR-16) or, when `byName`, exactly one name match. */
export async function findPractitioner(ctx: ModuleContext, request: RequestContext, value: string, byName = false): Promise<Practitioner | undefined> {
  const params: [string, string][] = /^[A-Za-z0-9\-.]{1,64}$/.test(value) ? [['_id', value]] : [];
  const names: [string, string][][] = byName ? [[['name:exact', value]]] : [];
  for (const criteria of [params, [['identifier', value]] as [string, string][], ...names]) {
    if (!criteria.length) continue;
    const found = await ctx.store.search(request, 'Practitioner', [...criteria, ['_count', '2']]);
    if (found.resources.length === 1) return found.resources[0] as Practitioner;
  }
  return undefined;
}
