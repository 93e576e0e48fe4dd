import type { CodeSystemConceptDesignation } from '@medplum/fhirtypes';
import type { Queryable } from '@medunion/kernel';
import type { IndexedCodeSystem } from './concept-index.ts';
import { searchForm } from './normalize.ts';

/** A concept as read back from the index. */
export interface IndexedConcept {
  code: string;
  display?: string;
  definition?: string;
  parents: string[];
  ancestors: string[];
  properties: Record<string, string[]>;
  designations: CodeSystemConceptDesignation[];
  inactive: boolean;
  pinyinInitials: string;
  pinyinFull: string;
  displayNorm: string;
  codeNorm: string;
}

interface ConceptDbRow {
  code: string;
  display: string | null;
  definition: string | null;
  parents: string[];
  ancestors: string[];
  properties: Record<string, string[]> | string;
  designations: CodeSystemConceptDesignation[] | string | null;
  inactive: boolean;
  pinyin_initials: string;
  pinyin_full: string;
  display_norm: string;
  code_norm: string;
}

export const CONCEPT_COLUMNS = 'code, display, definition, parents, ancestors, properties, designations, inactive, pinyin_initials, pinyin_full, display_norm, code_norm';

const json = <T>(v: T | string | null): T | undefined => (v === null ? undefined : typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function toConcept(r: ConceptDbRow): IndexedConcept {
  return {
    code: r.code,
    display: r.display ?? undefined,
    definition: r.definition ?? undefined,
    parents: r.parents ?? [],
    ancestors: r.ancestors ?? [],
    properties: json<Record<string, string[]>>(r.properties) ?? {},
    designations: json<CodeSystemConceptDesignation[]>(r.designations) ?? [],
    inactive: r.inactive,
    pinyinInitials: r.pinyin_initials,
    pinyinFull: r.pinyin_full,
    displayNorm: r.display_norm,
    codeNorm: r.code_norm,
  };
}

/** The concept with this code (compared case-insensitively when the code system says codes are not case-sensitive). */
export async function findConcept(db: Queryable, system: IndexedCodeSystem, code: string): Promise<IndexedConcept | undefined> {
  const column = system.caseSensitive ? 'code' : 'code_norm';
  const value = system.caseSensitive ? code : searchForm(code);
  const { rows } = await db.query<ConceptDbRow>(`select ${CONCEPT_COLUMNS} from terminology_concept where system_key = $1 and ${column} = $2 limit 1`, [system.key, value]);
  return rows[0] ? toConcept(rows[0]) : undefined;
}

/** Codes of the direct children of a concept, in document order. */
export async function childCodes(db: Queryable, system: IndexedCodeSystem, code: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>('select code from terminology_concept where system_key = $1 and parents @> array[$2]::text[] order by ordinal', [system.key, code]);
  return rows.map((r) => r.code);
}

/** All concepts of a code system in document order (dictionaries: mapping work lists, suggestions). */
export async function allConcepts(db: Queryable, system: IndexedCodeSystem): Promise<IndexedConcept[]> {
  const { rows } = await db.query<ConceptDbRow>(`select ${CONCEPT_COLUMNS} from terminology_concept where system_key = $1 order by ordinal`, [system.key]);
  return rows.map(toConcept);
}
