import type { NamingSystem, Organization } from '@medplum/fhirtypes';
import type { ModuleContext } from '@medunion/kernel';
import { findConcept } from './concepts/concept-queries.ts';
import { CodeSystemResolver } from './concepts/resolver.ts';
import { institutionSystems, registerInstitution } from './naming/institutions.ts';
import { resolveNamingSystem } from './naming/resolve.ts';
import { translateLocalCodes, type LocalCodeTranslation } from './mapping/translate-local.ts';

/** What other modules may call (through `ctx.service('terminology')`), as the module's system principal. */
export interface TerminologyServices {
  /** The registry entry for a URI or OID; rejects (404) when none is registered. */
  resolveNamingSystem(value: string): Promise<NamingSystem>;
  /** An institution's identifier namespaces: `oid` (2.25 arc), `mrn` (病历号) and `visitCard` (就诊卡号) system URIs. */
  institutionSystems(institutionId: string): { oid: string; mrn: string; visitCard: string };
  /** Registers an institution's namespaces now (they are also registered on every Organization create/update). */
  registerInstitution(org: Organization): Promise<void>;
  /** Whether a code is defined by a code system known here, and its display. Rejects (404) for an unknown system. */
  validateCode(system: string, code: string, version?: string): Promise<{ valid: boolean; display?: string }>;
  /**
   * An institution's local codes of a dictionary kind (`lab-items`…) translated through its current ConceptMap into
   * the kind's regional standard, or into `standard` when given; null = not mapped (or reviewed as unmatched).
   */
  translateLocalCodes(institution: string, kind: string, codes: string[], standard?: string): Promise<LocalCodeTranslation>;
}

export function terminologyServices(ctx: ModuleContext): TerminologyServices {
  return {
    resolveNamingSystem: (value) => resolveNamingSystem(ctx, ctx.systemContext, value),
    institutionSystems,
    registerInstitution: async (org) => void (await registerInstitution(ctx, org)),
    validateCode: async (system, code, version) => {
      const cs = await new CodeSystemResolver(ctx).resolve(ctx.systemContext, system, version);
      const concept = await findConcept(ctx.db, cs, code);
      return concept ? { valid: true, display: concept.display } : { valid: false };
    },
    translateLocalCodes: (institution, kind, codes, standard) => translateLocalCodes(ctx, institution, kind, codes, standard),
  };
}
