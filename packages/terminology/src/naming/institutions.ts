import type { NamingSystem, Organization } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { MRN_SYSTEM_PREFIX, VISIT_CARD_SYSTEM_PREFIX } from '../urls.ts';
import { institutionOid } from './oid.ts';
import { REGISTRY_DATE } from './registry-seed.ts';

const ORG_TYPE = 'http://terminology.hl7.org/CodeSystem/organization-type';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** Institutions are the Organizations that are not departments (HL7 organization-type `dept`). */
export function isInstitution(org: Organization): boolean {
  return !!org.id && !org.type?.some((t) => t.coding?.some((c) => c.system === ORG_TYPE && c.code === 'dept'));
}

/** The identifier systems of an institution: its 病历号 (MRN) and 就诊卡号 (visit card) namespaces and its OID. */
export function institutionSystems(institutionId: string): { oid: string; mrn: string; visitCard: string } {
  return { oid: institutionOid(institutionId), mrn: `${MRN_SYSTEM_PREFIX}/${institutionId}`, visitCard: `${VISIT_CARD_SYSTEM_PREFIX}/${institutionId}` };
}

/** The registry entries of one institution: its OID root, and its local identifier namespaces under that root. */
export function institutionNamingSystems(org: Organization): NamingSystem[] {
  const id = org.id!;
  const name = org.name ?? id;
  const systems = institutionSystems(id);
  const common = {
    resourceType: 'NamingSystem' as const,
    status: 'active' as const,
    date: REGISTRY_DATE,
    responsible: name,
    useContext: [{ code: { system: 'http://terminology.hl7.org/CodeSystem/usage-context-type', code: 'venue' }, valueReference: { reference: `Organization/${id}`, display: name } }],
  };
  return [
    {
      ...common,
      name: `Institution_${id}`.replace(/[^A-Za-z0-9_]/g, '_'),
      kind: 'root',
      description: `${name} 机构标识 OID (institution OID root, 2.25 UUID arc)`,
      uniqueId: [
        { type: 'oid', value: systems.oid, preferred: true },
        { type: 'uri', value: `urn:oid:${systems.oid}` },
      ],
    },
    {
      ...common,
      name: `MRN_${id}`.replace(/[^A-Za-z0-9_]/g, '_'),
      kind: 'identifier',
      type: { coding: [{ system: V2_0203, code: 'MR' }], text: '病历号' },
      description: `${name} 病历号 (medical record number)`,
      uniqueId: [
        { type: 'uri', value: systems.mrn, preferred: true },
        { type: 'oid', value: `${systems.oid}.1` },
      ],
    },
    {
      ...common,
      name: `VisitCard_${id}`.replace(/[^A-Za-z0-9_]/g, '_'),
      kind: 'identifier',
      type: { text: '就诊卡号' },
      description: `${name} 就诊卡号 (visit card number)`,
      uniqueId: [
        { type: 'uri', value: systems.visitCard, preferred: true },
        { type: 'oid', value: `${systems.oid}.2` },
      ],
    },
  ];
}

/** The query that finds a registry entry again: its preferred unique id, matched exactly. */
export function preferredIdQuery(ns: NamingSystem): string {
  const id = ns.uniqueId?.find((u) => u.preferred)?.value ?? ns.uniqueId?.[0]?.value;
  if (!id) throw new Error(`NamingSystem ${ns.name} has no unique id`);
  return new URLSearchParams({ 'value:exact': id }).toString();
}

/**
 * Registers (or refreshes) an institution's entries, owned by the institution; idempotent — an unchanged entry
 * is not written again. Called for every Organization create/update event and by the "register all" API.
 */
export async function registerInstitution(ctx: ModuleContext, org: Organization): Promise<NamingSystem[]> {
  if (!isInstitution(org)) return [];
  const out: NamingSystem[] = [];
  for (const ns of institutionNamingSystems(org)) {
    const written = await ctx.store.conditionalUpdate(ctx.systemContext, 'NamingSystem', preferredIdQuery(ns), ns, { institution: org.id });
    out.push(written.resource as NamingSystem);
  }
  return out;
}

/** Registers every institution in the store (the API behind "register all institutions"). */
export async function registerAllInstitutions(ctx: ModuleContext): Promise<number> {
  let registered = 0;
  for (let offset = 0; ; offset += 200) {
    const page = await ctx.store.search(ctx.systemContext, 'Organization', [
      ['_count', '200'],
      ['_offset', String(offset)],
      ['_sort', '_id'],
    ]);
    for (const org of page.resources as Organization[]) if ((await registerInstitution(ctx, org)).length) registered++;
    if (!page.hasMore) return registered;
  }
}
