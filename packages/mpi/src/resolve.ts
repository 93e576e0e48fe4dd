import type { Identifier, Patient } from '@medplum/fhirtypes';
import { badRequest, FhirError, forbidden, type ModuleContext, type Queryable, type RequestContext } from '@medunion/kernel';
import { INSTITUTION_SCOPED_SYSTEMS, NATIONAL_SYSTEMS, EMPI_SYSTEM } from './identifiers/systems.ts';
import { isKnownSystem, identifierScope, recordsOfGolden, recordsWithIdentifier } from './index-store/records.ts';

/** `system|value` as FHIR token searches and PIXm's sourceIdentifier write it; both parts required. */
export function parseIdentifierToken(token: string | undefined, field: string): { system: string; value: string } {
  const bar = token?.indexOf('|') ?? -1;
  if (!token || bar <= 0 || bar === token.length - 1) throw badRequest(`${field} must be system|value, both parts given (e.g. urn:oid:2.16.156.10011.1.3|330727…)`, field);
  return { system: token.slice(0, bar), value: token.slice(bar + 1) };
}

/** What the index asks of the terminology module's identifier registry (declared service, not its internals). */
interface NamingRegistry {
  resolveNamingSystem(value: string): Promise<unknown>;
}

/**
 * A system the index recognises: a national one, one it has indexed identifiers of, or one registered in the
 * NamingSystem registry (every institution's 病历号 / 就诊卡号 namespaces are, before any patient carries them).
 */
export async function isRecognizedSystem(ctx: ModuleContext, system: string): Promise<boolean> {
  if (NATIONAL_SYSTEMS.includes(system) || (await isKnownSystem(ctx.db, system))) return true;
  let registry: NamingRegistry;
  try {
    registry = ctx.service<NamingRegistry>('terminology');
  } catch {
    return false; // deployed without the terminology module: only national and indexed systems are known
  }
  try {
    await registry.resolveNamingSystem(system);
    return true;
  } catch (err) {
    if (err instanceof FhirError && err.status === 404) return false;
    throw err;
  }
}

export interface Resolution {
  /** Golden record ids holding the identifier (one, unless a person's records were split by hand). */
  goldenIds: string[];
  /** The source records that carry the identifier. */
  recordIds: string[];
}

/**
 * Finds the person(s) an identifier belongs to. The index's own person number (EMPI) resolves directly; an
 * outpatient or inpatient number (unique per institution only) is looked up in `institution`.
 */
export async function resolveIdentifier(q: Queryable, system: string, value: string, institution: string | undefined): Promise<Resolution> {
  if (system === EMPI_SYSTEM) {
    // A merged-away person number still resolves: to the golden record that replaced it.
    let { rows } = await q.query<{ golden_id: string; replaced_by: string | null }>('select golden_id, replaced_by from mpi_golden where empi = $1', [value]);
    for (let hops = 0; rows[0]?.replaced_by && hops < 20; hops++) {
      ({ rows } = await q.query<{ golden_id: string; replaced_by: string | null }>('select golden_id, replaced_by from mpi_golden where golden_id = $1', [rows[0].replaced_by]));
    }
    return { goldenIds: rows.map((r) => r.golden_id), recordIds: [] };
  }
  if (INSTITUTION_SCOPED_SYSTEMS.has(system) && !institution) {
    throw badRequest('Outpatient and inpatient numbers are unique per institution only: give institution=<Organization id>', 'institution');
  }
  const records = await recordsWithIdentifier(q, system, identifierScope(system, institution), value);
  return { goldenIds: [...new Set(records.map((r) => r.goldenId))], recordIds: records.map((r) => r.recordId) };
}

/** Every identifier of the person: the EMPI number and each source record's identifiers (deduplicated). */
export async function identifiersOfGolden(q: Queryable, goldenId: string, empi: string): Promise<Identifier[]> {
  const seen = new Set<string>();
  const out: Identifier[] = [{ system: EMPI_SYSTEM, value: empi }];
  seen.add(`${EMPI_SYSTEM}|${empi}`);
  for (const record of await recordsOfGolden(q, goldenId)) {
    for (const i of record.demographics.identifier) {
      const scoped = INSTITUTION_SCOPED_SYSTEMS.has(i.system!) && record.institution;
      const key = `${i.system}|${i.value}|${scoped ? record.institution : ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ system: i.system, value: i.value, ...(scoped ? { assigner: { reference: `Organization/${record.institution}` } } : {}) });
    }
  }
  return out;
}

/**
 * Reads a golden record for a caller holding `mpi.read`. A golden record carrying security labels (a VIP
 * source) is shown only to callers whose access policies let them read one of its sources: resolving must not
 * reveal what the store would hide.
 */
export async function readGoldenFor(ctx: ModuleContext, caller: RequestContext, goldenId: string): Promise<Patient> {
  const golden = (await ctx.store.read(ctx.systemContext, 'Patient', goldenId)) as Patient;
  if (!golden.meta?.security?.length) return golden;
  for (const record of await recordsOfGolden(ctx.db, goldenId)) {
    const visible = await ctx.store.read(caller, 'Patient', record.recordId).then(
      () => true,
      () => false,
    );
    if (visible) return golden;
  }
  throw forbidden(`Golden record ${goldenId} is protected by access policies (a source record carries a security label)`);
}
