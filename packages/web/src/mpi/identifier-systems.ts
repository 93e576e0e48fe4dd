/**
 * Identifier systems the index knows (packages/mpi `identifiers/systems.ts`), as the console names and queries
 * them. Record numbers of one institution either carry it in the system (`…/mrn/<institution>`) or, for the
 * national outpatient/inpatient OIDs, are unique only together with the institution that issued them.
 */
export const ID_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.3';
export const HEALTH_RECORD_SYSTEM = 'urn:oid:2.16.156.10011.1.2';
export const OUTPATIENT_NO_SYSTEM = 'urn:oid:2.16.156.10011.1.11';
export const INPATIENT_NO_SYSTEM = 'urn:oid:2.16.156.10011.1.12';
export const HEALTH_CARD_SYSTEM = 'urn:oid:2.16.156.10011.1.19';
export const MEDICAL_INSURANCE_SYSTEM = 'https://medunion.org/fhir/sid/medical-insurance-card';
export const VISIT_CARD_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/visit-card';
export const MRN_SYSTEM_PREFIX = 'https://medunion.org/fhir/sid/mrn';
export const EMPI_SYSTEM = 'https://medunion.org/fhir/sid/empi';
/** The tag that marks golden records (PDQm: `_tag=…|golden` finds persons only). */
export const GOLDEN_TAG = 'https://medunion.org/fhir/CodeSystem/mpi-record|golden';

export type IdentifierKind = 'idCard' | 'empi' | 'mrn' | 'outpatient' | 'inpatient' | 'visitCard' | 'healthCard' | 'medicalInsurance' | 'healthRecord';

/** Kinds in the order the lookup form offers them: the everyday ones first. */
export const IDENTIFIER_KINDS: readonly IdentifierKind[] = ['idCard', 'mrn', 'outpatient', 'inpatient', 'visitCard', 'empi', 'healthCard', 'medicalInsurance', 'healthRecord'];

const FIXED_SYSTEMS: Partial<Record<IdentifierKind, string>> = {
  idCard: ID_CARD_SYSTEM,
  empi: EMPI_SYSTEM,
  outpatient: OUTPATIENT_NO_SYSTEM,
  inpatient: INPATIENT_NO_SYSTEM,
  healthCard: HEALTH_CARD_SYSTEM,
  medicalInsurance: MEDICAL_INSURANCE_SYSTEM,
  healthRecord: HEALTH_RECORD_SYSTEM,
};
const PREFIXED_SYSTEMS: Partial<Record<IdentifierKind, string>> = { mrn: MRN_SYSTEM_PREFIX, visitCard: VISIT_CARD_SYSTEM_PREFIX };

/** Whether a kind of number means something only together with the institution that issued it. */
export const needsInstitution = (kind: IdentifierKind): boolean => kind in PREFIXED_SYSTEMS || kind === 'outpatient' || kind === 'inpatient';

export type ResolveQuery = { identifier: string; institution?: string } | { problem: 'valueRequired' | 'institutionRequired' };

/** The `GET /api/mpi/resolve` parameters for a number the user typed, or what is missing to ask. */
export function resolveQuery(kind: IdentifierKind, rawValue: string, institution: string | undefined): ResolveQuery {
  // ID cards and EMPI numbers are stored upper-case (check letter X, E-prefix); spaces are never part of a number.
  const value = ['idCard', 'empi'].includes(kind) ? rawValue.replace(/\s+/g, '').toUpperCase() : rawValue.trim();
  if (!value) return { problem: 'valueRequired' };
  if (needsInstitution(kind) && !institution) return { problem: 'institutionRequired' };
  const prefix = PREFIXED_SYSTEMS[kind];
  if (prefix) return { identifier: `${prefix}/${institution}|${value}` };
  const system = FIXED_SYSTEMS[kind]!;
  return kind === 'outpatient' || kind === 'inpatient' ? { identifier: `${system}|${value}`, institution } : { identifier: `${system}|${value}` };
}

/** What an identifier system is, for its label: a known kind (with the institution for per-institution systems) or other. */
export function identifierKindOf(system: string | undefined): { kind: IdentifierKind | 'other'; institution?: string } {
  if (!system) return { kind: 'other' };
  for (const [kind, fixed] of Object.entries(FIXED_SYSTEMS)) if (fixed === system) return { kind: kind as IdentifierKind };
  for (const [kind, prefix] of Object.entries(PREFIXED_SYSTEMS)) {
    if (system.startsWith(`${prefix}/`)) return { kind: kind as IdentifierKind, institution: system.slice(prefix.length + 1) };
  }
  return { kind: 'other' };
}

/** The person number (EMPI) of a golden record. */
export const empiOf = (identifiers: readonly { system?: string; value?: string }[] | undefined): string | undefined => identifiers?.find((i) => i.system === EMPI_SYSTEM)?.value;
