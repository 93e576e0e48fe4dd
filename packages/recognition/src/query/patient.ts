import type { Encounter, Patient } from '@medplum/fhirtypes';
import { institutionOf, type ModuleContext, type Principal, type RequestContext } from '@medunion/kernel';
import type { IndexedPerson } from '@medunion/mpi/contracts';
import { patientIndexOf, sourceRecordsOf } from '../core/recognizable.ts';
import { fieldError } from '../routes/check-body.ts';
import { mrnSystemOf } from '../upload/patient.ts';
import { RESIDENT_ID_CARD } from '../urls.ts';
import type { PatientRef } from '../contracts/query.ts';

export type { PatientRef } from '../contracts/query.ts';

/** A person as the doctor's call named them, with every source record the platform holds. */
export interface Person {
  /** The record the caller named (for audit entries). */
  patientId: string;
  sources: string[];
  /** The caller's own institution's record of the person, if any. */
  localPatientId?: string;
  name?: string;
}

export const PATIENT_FIELDS = ['mrn', 'idCard', 'patient'] as const;

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Finds the person (404 naming the field when unknown; 400 when none or more than one way is given). Lookups run
 * as the module, because the person's other records belong to other institutions; whether the caller may see
 * anything is decided by `assertInCare`.
 */
export async function resolvePerson(ctx: ModuleContext, caller: Principal, ref: PatientRef): Promise<Person> {
  const given = PATIENT_FIELDS.filter((f) => ref[f] !== undefined && ref[f] !== '');
  if (given.length !== 1) {
    throw fieldError(400, given.length ? given[1] : 'patient', '请用 mrn（本院病历号）、idCard（身份证号）或 patient（平台患者 id）之一指明患者', 'Name the patient by exactly one of mrn (own MRN), idCard (resident ID card) or patient (platform Patient id)', 'required');
  }
  const field = given[0];
  const value = ref[field]!;
  const index = patientIndexOf(ctx);
  let ids: string[];
  if (field === 'patient') {
    const id = value.replace(/^Patient\//, '');
    if (!ID.test(id)) throw fieldError(400, 'patient', `患者 id ${id.slice(0, 64)} 格式不正确`, `Patient id ${id.slice(0, 64)} is malformed`);
    ids = [id];
  } else {
    if (field === 'mrn' && !caller.institution) throw fieldError(400, 'mrn', '病历号需要当前机构', 'An MRN needs an institution to act for');
    const system = field === 'mrn' ? mrnSystemOf(ctx, caller.institution!) : RESIDENT_ID_CARD;
    ids = (await index?.recordsWithIdentifier(system, value, caller.institution)) ?? [];
    // Not indexed (yet, or no index deployed): the store knows every stored record at once.
    if (!ids.length) ids = (await ctx.store.search(ctx.systemContext, 'Patient', [['identifier', `${system}|${value}`]])).resources.map((r) => r.id!);
  }
  const indexed = index ? await Promise.all(ids.map((id) => index.personOf(id))) : [];
  if (ids.length && indexed.length === ids.length && indexed.every((p) => p !== undefined)) return personFromIndex(caller, ids, indexed as IndexedPerson[]);
  const sources = [...new Set((await Promise.all(ids.map((id) => sourceRecordsOf(ctx, id)))).flat())];
  if (!sources.length) throw fieldError(404, field, `未找到患者（${field}）`, `No patient found by ${field}`, 'not-found');
  const records = await Promise.all(sources.map((id) => ctx.store.read(ctx.systemContext, 'Patient', id).catch(() => undefined) as Promise<Patient | undefined>));
  const local = caller.institution ? records.find((p) => p && ownedBy(p, caller.institution!)) : undefined;
  const named = records.find((p) => p?.name?.[0]);
  return {
    patientId: ids[0],
    sources,
    ...(local ? { localPatientId: local.id } : {}),
    ...(named?.name?.[0]?.text ? { name: named.name[0].text } : {}),
  };
}

/** The person as the patient index knows them: sources, the caller's own record and a name, from one lookup each. */
function personFromIndex(caller: Principal, ids: string[], persons: IndexedPerson[]): Person {
  const all = persons.flatMap((p) => p.sources);
  const sources = [...new Set([...ids.filter((id) => !persons.some((p) => p.goldenId === id)), ...all.map((s) => s.recordId)])];
  const local = caller.institution ? all.find((s) => s.institution === caller.institution) : undefined;
  const named = all.find((s) => s.name);
  return { patientId: ids[0], sources, ...(local ? { localPatientId: local.recordId } : {}), ...(named ? { name: named.name } : {}) };
}

const ownedBy = (p: Patient, institution: string): boolean =>
  institutionOf(p) === institution || p.managingOrganization?.reference === `Organization/${institution}`;

/**
 * "In the doctor's care" (a doctor sees another institution's report only through recognition for such a patient):
 * the caller acts for an institution that itself holds a record of the person (it registered them — the patient
 * index links the records), or the call carries an Encounter of the caller's institution whose subject is one of
 * the person's records (read as the caller, so the own-institution policy applies). Anything else is 403.
 */
export async function assertInCare(ctx: ModuleContext, request: RequestContext, person: Person, encounter: string | undefined): Promise<void> {
  const institution = request.principal.institution;
  if (!institution) throw fieldError(403, 'token', '令牌未关联医疗机构，不能查看互认报告', 'The token acts for no institution, so it cannot see reports for recognition', 'forbidden');
  if (person.localPatientId && !encounter) return;
  if (encounter) {
    const id = encounter.replace(/^Encounter\//, '');
    const found = ID.test(id) ? ((await ctx.store.read(request, 'Encounter', id).catch(() => undefined)) as Encounter | undefined) : undefined;
    const subject = found?.subject?.reference?.replace(/^Patient\//, '');
    if (found && institutionOf(found) === institution && subject && (person.sources.includes(subject) || subject === person.patientId)) return;
    throw fieldError(403, 'encounter', '就诊记录不属于本机构或不是该患者的就诊', 'The encounter is not one of your institution’s encounters of this patient', 'forbidden');
  }
  throw fieldError(403, 'patient', '该患者不在本机构诊疗中（本机构无其登记记录，也未提供本机构就诊）', 'The patient is not in your care: your institution holds no record of them and no encounter of yours was given', 'forbidden');
}
