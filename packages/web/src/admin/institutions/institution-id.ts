/** FHIR resource ids: 1–64 of A–Z a–z 0–9 - . (the store refuses anything else). */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Why a proposed institution id cannot be used, or null. Institution ids appear in role grants, tokens and policy
 * conditions, so they are chosen (like the demo region's `thc-hexi`) rather than generated.
 */
export function institutionIdProblem(id: string): 'empty' | 'invalid' | null {
  if (!id.trim()) return 'empty';
  return FHIR_ID.test(id.trim()) ? null : 'invalid';
}

