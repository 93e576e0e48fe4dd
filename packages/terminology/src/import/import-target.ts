import { badRequest, forbidden, type Principal } from '@medunion/kernel';
import { isDictionaryKind, DICTIONARY_KINDS } from '../seed/dictionary-kinds.ts';
import { dictionaryUrl, SYSTEM } from '../urls.ts';

export const ICD10_CLINICAL_KIND = 'icd10-clinical';
/** `institution=region` names the region's standard dictionaries explicitly. */
export const REGION = 'region';

export interface ImportTarget {
  url: string;
  kind: string;
  /** Owning institution; undefined for regional standards (and ICD-10). */
  institution?: string;
  icd10: boolean;
}

/**
 * Where an upload goes, and whether the caller may put it there: an institution's dictionary (its own, or any
 * for the region administrator), a regional standard dictionary or the ICD-10 clinical edition (region
 * administrator only).
 */
export function importTarget(p: Principal, kind: string | undefined, institution: string | undefined): ImportTarget {
  if (!kind) throw badRequest(`Parameter "kind" is required: ${[...DICTIONARY_KINDS, ICD10_CLINICAL_KIND].join(', ')}`, 'kind');
  if (kind === ICD10_CLINICAL_KIND) {
    if (!p.regionAdmin) throw forbidden('Only the region administrator imports an ICD-10 edition');
    if (institution && institution !== REGION) throw badRequest('ICD-10 is a regional standard: do not give an institution', 'institution');
    return { url: SYSTEM.icd10, kind, icd10: true };
  }
  if (!isDictionaryKind(kind)) throw badRequest(`Unknown dictionary kind "${kind}": ${[...DICTIONARY_KINDS, ICD10_CLINICAL_KIND].join(', ')}`, 'kind');
  const owner = institution ?? p.institution;
  if (!owner || owner === REGION) {
    if (!p.regionAdmin) throw badRequest('Parameter "institution" is required (only the region administrator uploads regional standard dictionaries)', 'institution');
    return { url: dictionaryUrl(undefined, kind), kind, icd10: false };
  }
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(owner)) throw badRequest(`"${owner.slice(0, 80)}" is not an institution id`, 'institution');
  if (owner !== p.institution && !p.regionAdmin && !p.institutions.includes(owner)) throw forbidden(`You may not upload dictionaries of institution ${owner}`);
  return { url: dictionaryUrl(owner, kind), kind, institution: owner, icd10: false };
}
